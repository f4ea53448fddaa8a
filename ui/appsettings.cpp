#include "appsettings.h"

#include "enginecontext.h"
#include "tierlimits.h"

#include <QSettings>

#include <algorithm>

namespace bb {
namespace {

// Every key in one place.
namespace Key {
const QString baseUrl = QStringLiteral("Connection/BaseUrl");
const QString preferSandbox = QStringLiteral("Connection/PreferSandbox");
const QString proxyLogin = QStringLiteral("Connection/ProxyLogins/%1");
const QString tier = QStringLiteral("Work/Tier");
const QString tokenOverrides = QStringLiteral("Work/EnqueuedTokens/Tier%1/%2");
const QString concurrentBatches = QStringLiteral("Work/ConcurrentBatches");
const QString storageBytes = QStringLiteral("Work/StorageBytes");
const QString parallelUploads = QStringLiteral("Work/ParallelUploads");
const QString expiryMarginHours = QStringLiteral("Work/ExpiryMarginHours");
const QString pollIntervalSeconds = QStringLiteral("Work/PollIntervalSeconds");
const QString notifyAllDone = QStringLiteral("Desktop/NotifyAllDone");
const QString notifyAttention = QStringLiteral("Desktop/NotifyNeedsAttention");
const QString notifyDailyQuota = QStringLiteral("Desktop/NotifyDailyQuota");
const QString language = QStringLiteral("Desktop/Language");
const QString lastProject = QStringLiteral("Desktop/LastProject");
const QString geometry = QStringLiteral("Layout/MainWindowGeometry");
const QString windowState = QStringLiteral("Layout/MainWindowState");
const QString headerState = QStringLiteral("Layout/BatchTableHeader");
const QString splitterState = QStringLiteral("Layout/Splitter");
const QString sidebarCategory = QStringLiteral("Layout/SidebarCategory");
} // namespace Key

QString modelKey(const QString &model)
{
    QString id = model.startsWith(QLatin1StringView("models/")) ? model.mid(7) : model;
    id.replace(u'/', u'_');
    return id;
}

} // namespace

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>())
{
}

AppSettings::AppSettings(const QString &iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

QUrl AppSettings::defaultBaseUrl()
{
    return QUrl(QStringLiteral("https://generativelanguage.googleapis.com/"));
}

QUrl AppSettings::baseUrl() const
{
    const QUrl url = m_settings->value(Key::baseUrl).toUrl();
    return url.isValid() && !url.isEmpty() ? url : defaultBaseUrl();
}

void AppSettings::setBaseUrl(const QUrl &url)
{
    if (url == defaultBaseUrl() || url.isEmpty())
        m_settings->remove(Key::baseUrl);
    else
        m_settings->setValue(Key::baseUrl, url);
}

gemini::ProxySettings AppSettings::proxy() const
{
    return gemini::ProxySettings::load(*m_settings);
}

void AppSettings::setProxy(const gemini::ProxySettings &proxy)
{
    proxy.save(*m_settings);
}

QString AppSettings::proxyLoginUser(const QString &hostPort) const
{
    return m_settings->value(Key::proxyLogin.arg(QString(hostPort).replace(u':', u'_'))).toString();
}

void AppSettings::setProxyLoginUser(const QString &hostPort, const QString &user)
{
    const QString key = Key::proxyLogin.arg(QString(hostPort).replace(u':', u'_'));
    if (user.isEmpty())
        m_settings->remove(key);
    else
        m_settings->setValue(key, user);
}

bool AppSettings::preferSandbox() const
{
    return m_settings->value(Key::preferSandbox, false).toBool();
}
void AppSettings::setPreferSandbox(bool sandbox)
{
    m_settings->setValue(Key::preferSandbox, sandbox);
}

int AppSettings::tier() const
{
    return std::clamp(m_settings->value(Key::tier, 1).toInt(), 1, 3);
}
void AppSettings::setTier(int tier)
{
    m_settings->setValue(Key::tier, std::clamp(tier, 1, 3));
}

qint64 AppSettings::enqueuedTokens(const QString &model, int tier) const
{
    const qint64 custom
        = m_settings->value(Key::tokenOverrides.arg(tier).arg(modelKey(model)), 0).toLongLong();
    return custom > 0 ? custom : defaultEnqueuedTokens(model, tier);
}

bool AppSettings::hasEnqueuedTokensOverride(const QString &model, int tier) const
{
    return m_settings->value(Key::tokenOverrides.arg(tier).arg(modelKey(model)), 0).toLongLong() > 0;
}

void AppSettings::setEnqueuedTokens(const QString &model, int tier, qint64 tokens)
{
    const QString key = Key::tokenOverrides.arg(tier).arg(modelKey(model));
    if (tokens <= 0 || tokens == defaultEnqueuedTokens(model, tier))
        m_settings->remove(key);
    else
        m_settings->setValue(key, tokens);
}

int AppSettings::concurrentBatches() const
{
    return std::clamp(m_settings->value(Key::concurrentBatches, 100).toInt(), 1, 10'000);
}

void AppSettings::setConcurrentBatches(int batches)
{
    m_settings->setValue(Key::concurrentBatches, batches);
}

qint64 AppSettings::storageBytes() const
{
    const qint64 bytes = m_settings->value(Key::storageBytes, QuotaLimits {}.storageBytes).toLongLong();
    return bytes > 0 ? bytes : QuotaLimits {}.storageBytes;
}

void AppSettings::setStorageBytes(qint64 bytes)
{
    m_settings->setValue(Key::storageBytes, bytes);
}

int AppSettings::parallelUploads() const
{
    return std::clamp(m_settings->value(Key::parallelUploads, 2).toInt(), 1, 8);
}
void AppSettings::setParallelUploads(int uploads)
{
    m_settings->setValue(Key::parallelUploads, std::clamp(uploads, 1, 8));
}

int AppSettings::expiryMarginHours() const
{
    return std::clamp(m_settings->value(Key::expiryMarginHours, 6).toInt(), 1, 47);
}

void AppSettings::setExpiryMarginHours(int hours)
{
    m_settings->setValue(Key::expiryMarginHours, std::clamp(hours, 1, 47));
}

int AppSettings::pollIntervalSeconds() const
{
    return std::clamp(m_settings->value(Key::pollIntervalSeconds, 15).toInt(), 5, 600);
}

void AppSettings::setPollIntervalSeconds(int seconds)
{
    m_settings->setValue(Key::pollIntervalSeconds, std::clamp(seconds, 5, 600));
}

bool AppSettings::notifyAllDone() const
{
    return m_settings->value(Key::notifyAllDone, true).toBool();
}
void AppSettings::setNotifyAllDone(bool on)
{
    m_settings->setValue(Key::notifyAllDone, on);
}
bool AppSettings::notifyNeedsAttention() const
{
    return m_settings->value(Key::notifyAttention, true).toBool();
}
void AppSettings::setNotifyNeedsAttention(bool on)
{
    m_settings->setValue(Key::notifyAttention, on);
}
bool AppSettings::notifyDailyQuota() const
{
    return m_settings->value(Key::notifyDailyQuota, true).toBool();
}
void AppSettings::setNotifyDailyQuota(bool on)
{
    m_settings->setValue(Key::notifyDailyQuota, on);
}
QString AppSettings::language() const
{
    return m_settings->value(Key::language).toString();
}
void AppSettings::setLanguage(const QString &language)
{
    m_settings->setValue(Key::language, language);
}
QString AppSettings::lastProjectPath() const
{
    return m_settings->value(Key::lastProject).toString();
}
void AppSettings::setLastProjectPath(const QString &path)
{
    m_settings->setValue(Key::lastProject, path);
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings->value(Key::geometry).toByteArray();
}
void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(Key::geometry, geometry);
}
QByteArray AppSettings::windowState() const
{
    return m_settings->value(Key::windowState).toByteArray();
}
void AppSettings::setWindowState(const QByteArray &state)
{
    m_settings->setValue(Key::windowState, state);
}
QByteArray AppSettings::tableHeaderState() const
{
    return m_settings->value(Key::headerState).toByteArray();
}
void AppSettings::setTableHeaderState(const QByteArray &state)
{
    m_settings->setValue(Key::headerState, state);
}
QByteArray AppSettings::splitterState() const
{
    return m_settings->value(Key::splitterState).toByteArray();
}
void AppSettings::setSplitterState(const QByteArray &state)
{
    m_settings->setValue(Key::splitterState, state);
}
int AppSettings::sidebarCategory() const
{
    return m_settings->value(Key::sidebarCategory, 0).toInt();
}
void AppSettings::setSidebarCategory(int category)
{
    m_settings->setValue(Key::sidebarCategory, category);
}

void AppSettings::fillEngineSettings(EngineSettings &settings, const QString &model) const
{
    settings.model = model;
    settings.tier = tier();
    settings.limits.concurrentBatches = concurrentBatches();
    // The published limit follows the model, also one the engine chooses later; a typed one stays.
    settings.publishedTokenLimit = model.isEmpty() || !hasEnqueuedTokensOverride(model, tier());
    if (!settings.publishedTokenLimit)
        settings.limits.enqueuedTokens = enqueuedTokens(model, tier());
    settings.limits.storageBytes = storageBytes();
    settings.limits.expiryMarginSeconds = qint64(expiryMarginHours()) * 3600;
    settings.limits.parallelUploads = parallelUploads();
    settings.pollMinServerMs = qint64(pollIntervalSeconds()) * 1000;
}

void AppSettings::sync()
{
    m_settings->sync();
}

} // namespace bb
