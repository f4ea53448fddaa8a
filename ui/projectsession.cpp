#include "projectsession.h"

#include "admission.h"
#include "apierror.h"
#include "batchtablemodel.h"
#include "costsettingsstore.h"
#include "enginestate.h"
#include "eventlogmodel.h"
#include "geminiclient.h"
#include "projectsettings.h"
#include "projectstore.h"
#include "proxysettings.h"
#include "runhistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QNetworkProxy>
#include <QtConcurrent>

#include <algorithm>

namespace bb {
namespace {

// Without a window to say its table has painted, the history is read this long after open().
constexpr int kHistoryFallbackMs = 500;

// The engine's batches in id order (the table's order): its shared list when that is in order
// (as read from the project), else each record copied once.
QList<BatchRecord> sortedById(const EngineState &state)
{
    const QList<BatchRecord> list = state.list();
    if (std::is_sorted(list.cbegin(), list.cend(),
            [](const BatchRecord &a, const BatchRecord &b) { return a.id < b.id; }))
        return list;
    const QHash<qint64, BatchRecord> &batches = state.batches();
    QList<const BatchRecord *> order;
    order.reserve(batches.size());
    for (const BatchRecord &r : batches)
        order.append(&r);
    std::sort(
        order.begin(), order.end(), [](const BatchRecord *a, const BatchRecord *b) { return a->id < b->id; });
    QList<BatchRecord> sorted;
    sorted.reserve(order.size());
    for (const BatchRecord *r : std::as_const(order))
        sorted.append(*r);
    return sorted;
}

QString siblingFolder(const QString &projectPath, const QString &suffix)
{
    const QFileInfo info(projectPath);
    return info.absoluteDir().filePath(info.completeBaseName() + suffix);
}

} // namespace

QString describeStoreError(const StoreError &error, const QString &path)
{
    using C = StoreError::Code;
    switch (error.code) {
    case C::None:
        return {};
    case C::Locked:
        return QCoreApplication::translate("ProjectSession",
            "The project %1 is already open in another Batchboard window or in "
            "batchboard-cli (%2). Only one program may work on a project at a time: "
            "switch to that window, or close it and try again.")
            .arg(QDir::toNativeSeparators(path), error.detail);
    case C::NewerSchema:
        return QCoreApplication::translate("ProjectSession",
            "The project %1 was written by a newer Batchboard (schema "
            "%2). Update Batchboard to open it; the file was not "
            "changed.")
            .arg(QDir::toNativeSeparators(path), error.detail);
    case C::NotAProject:
        return QCoreApplication::translate("ProjectSession",
            "%1 is not a Batchboard project (%2). The file was not "
            "changed.")
            .arg(QDir::toNativeSeparators(path), error.detail);
    case C::Corrupt:
        return QCoreApplication::translate("ProjectSession", "The project %1 is damaged: %2")
            .arg(QDir::toNativeSeparators(path), error.detail);
    case C::Io:
        return QCoreApplication::translate("ProjectSession", "The project %1 cannot be used: %2")
            .arg(QDir::toNativeSeparators(path), error.detail);
    case C::Constraint:
    case C::NotOpen:
        return QCoreApplication::translate("ProjectSession", "The project %1 refused a change: %2")
            .arg(QDir::toNativeSeparators(path), error.detail);
    }
    return error.detail;
}

ProjectSession::ProjectSession(QObject *parent)
    : QObject(parent)
    , m_store(std::make_unique<ProjectStore>())
    , m_client(new gemini::GeminiClient(this))
    , m_batchModel(new BatchTableModel(this))
    , m_eventModel(new EventLogModel(this))
    , m_history(new RunHistory(this))
{
    m_tickTimer.setInterval(1000);
    connect(&m_tickTimer, &QTimer::timeout, this, &ProjectSession::onTick);
    connect(m_client, &gemini::GeminiClient::proxyFailed, this, [this](const gemini::ApiError &error) {
        if (error.networkError != QNetworkReply::ProxyAuthenticationRequiredError)
            return;
        const bool sentCredentials = !m_client->proxyFor(m_client->baseUrl()).user().isEmpty();
        emit proxyCredentialsNeeded(error.proxy, sentCredentials);
    });
    m_statusTimer.setSingleShot(true);
    m_statusTimer.setInterval(250);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] {
        sample();
        emit statusChanged();
    });

    ProjectStore *store = m_store.get();
    auto batchSeen = [this](const BatchRecord &record) {
        m_batchModel->upsert(record);
        m_eventModel->setBatchName(record.id, record.displayName);
        emit batchChanged(record.id);
        scheduleStatus();
    };
    connect(store, &ProjectStore::batchAdded, this, batchSeen);
    connect(store, &ProjectStore::batchChanged, this, batchSeen);
    connect(store, &ProjectStore::eventAppended, this, [this](const EventRecord &event) {
        if (m_historyState != HistoryState::Loaded) {
            m_liveEvents.append(event);
            return;
        }
        m_eventModel->append(event);
        m_history->noteEvent(event);
    });
}

ProjectSession::~ProjectSession()
{
    if (m_engine) {
        m_engine->shutdown();
        delete m_engine; // before the store it writes to
        m_engine = nullptr;
    }
}

StoreError ProjectSession::open(const QString &projectPath)
{
    if (StoreError error = m_store->open(projectPath))
        return error;
    // The engine reads every batch once; the table takes its copy instead of reading them again.
    m_engine = new SubmissionEngine(m_store.get(), m_client, this);
    // Settings and the clock go to the model while it is still empty: each change of them walks
    // every row once it is filled.
    EngineSettings settings;
    applySettings(settings);
    m_batchModel->setNow(serverNow());
    m_batchModel->resetBatches(sortedById(*m_engine->state()));
    m_history->clear();
    m_historyState = HistoryState::NotLoaded;
    m_liveEvents.clear();
    QTimer::singleShot(kHistoryFallbackMs, this, &ProjectSession::loadHistory);

    connect(m_engine, &SubmissionEngine::uploadProgress, m_batchModel, &BatchTableModel::setUploadProgress);
    connect(m_engine, &SubmissionEngine::statusChanged, this, &ProjectSession::scheduleStatus);
    connect(m_engine, &SubmissionEngine::fatalError, this, &ProjectSession::fatalError);
    m_tickTimer.start(); // the first sample for the charts comes with the history
    return StoreError::none();
}

void ProjectSession::loadHistory()
{
    if (m_historyState != HistoryState::NotLoaded || !m_store->isOpen())
        return;
    m_historyState = HistoryState::Loading;
    // Only the newest events the log keeps: a long project's history is hundreds of thousands.
    const QString path = m_store->path();
    const int limit = m_eventModel->maximumEvents();
    auto *watcher = new QFutureWatcher<QList<EventRecord>>(this);
    connect(watcher, &QFutureWatcher<QList<EventRecord>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        historyRead(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, limit]() -> QList<EventRecord> {
        ProjectStore store; // a read-only connection of this thread; the session's stays writable
        if (const StoreError error = store.open(path, ProjectStore::Mode::ReadOnly)) {
            qWarning(
                "The event history of %s could not be read: %s", qPrintable(path), qPrintable(error.detail));
            return {};
        }
        return store.recentEvents(limit);
    }));
}

void ProjectSession::historyRead(QList<EventRecord> events)
{
    // Events committed while the read ran are in `events` or only in m_liveEvents, never lost.
    const qint64 lastRead = events.isEmpty() ? 0 : events.last().id;
    for (const EventRecord &e : std::as_const(m_liveEvents)) {
        if (e.id > lastRead)
            events.append(e);
    }
    m_liveEvents.clear();
    m_historyState = HistoryState::Loaded;
    // The log names batches; only events need the names, so they come with the events.
    for (int row = 0; row < m_batchModel->rowCount(); ++row) {
        const BatchRecord *r = m_batchModel->recordAt(row);
        m_eventModel->setBatchName(r->id, r->displayName);
    }
    m_eventModel->resetEvents(events);
    for (const EventRecord &e : std::as_const(events))
        m_history->noteEvent(e);
    sample();
    emit historyLoaded();
}

QString ProjectSession::projectPath() const
{
    return m_store->path();
}
QString ProjectSession::resultsDir() const
{
    return siblingFolder(projectPath(), QStringLiteral("-results"));
}
QString ProjectSession::resubmitDir() const
{
    return siblingFolder(projectPath(), QStringLiteral("-resubmissions"));
}

bool ProjectSession::connectTo(const QUrl &baseUrl, const QString &apiKey, QString *error)
{
    m_client->setApiKey(apiKey);
    if (!m_client->setBaseUrl(baseUrl)) {
        if (error)
            *error = m_client->baseUrlError();
        return false;
    }
    if (m_store->isWritable())
        m_store->setSetting(QStringLiteral("baseUrl"), baseUrl.toString());
    return true;
}

QUrl ProjectSession::baseUrl() const
{
    return m_client->baseUrl();
}

void ProjectSession::setProxy(const gemini::ProxySettings &proxy)
{
    m_client->setProxySettings(proxy);
}

QString ProjectSession::proxyHostPort() const
{
    return gemini::proxyHostPort(m_client->proxyFor(m_client->baseUrl()));
}

void ProjectSession::setProxyCredentials(
    const QString &hostPort, const QString &user, const QString &password)
{
    const int colon = hostPort.lastIndexOf(u':');
    QNetworkProxy proxy = m_client->proxyFor(m_client->baseUrl());
    if (colon > 0 && gemini::proxyHostPort(proxy) != hostPort) {
        proxy.setHostName(hostPort.left(colon));
        proxy.setPort(hostPort.mid(colon + 1).toUShort());
    }
    m_client->setProxyCredentials(proxy, user, password);
}

void ProjectSession::setSandbox(bool sandbox, double clockRate)
{
    m_sandbox = sandbox;
    m_clockRate = clockRate > 0 ? clockRate : 1.0;
}

void ProjectSession::applySettings(EngineSettings settings)
{
    if (!m_engine)
        return;
    settings.resultsDir = resultsDir();
    settings.resubmitDir = resubmitDir();
    settings.cost = loadCostSettings(*m_store); // per project, not per app
    settings.canary = loadCanarySettings(*m_store);
    if (settings.model.isEmpty())
        settings.model = loadProjectModel(*m_store);
    m_engine->setSettings(settings);
    m_batchModel->setCostSettings(settings.cost, m_engine->settings().model);
    m_batchModel->setExpiringSoonSeconds(settings.limits.expiryMarginSeconds);
    // The CLI reads these from the project, so both hosts of the engine behave alike.
    m_store->setSetting(
        QStringLiteral("limits.concurrentBatches"), QString::number(settings.limits.concurrentBatches));
    m_store->setSetting(QStringLiteral("limits.enqueuedTokens"),
        settings.publishedTokenLimit ? QString() : QString::number(settings.limits.enqueuedTokens));
}

QString ProjectSession::model() const
{
    if (m_engine && !m_engine->settings().model.isEmpty())
        return m_engine->settings().model;
    return loadProjectModel(*m_store);
}

StoreError ProjectSession::setModel(const QString &model)
{
    return saveProjectModel(*m_store, model);
}

CostSettings ProjectSession::costSettings() const
{
    return m_engine ? m_engine->settings().cost : loadCostSettings(*m_store);
}

StoreError ProjectSession::applyCostSettings(const CostSettings &cost)
{
    if (!m_engine)
        return { StoreError::Code::NotOpen, {} };
    if (StoreError error = saveCostSettings(*m_store, cost))
        return error;
    EngineSettings settings = m_engine->settings();
    settings.cost = cost;
    m_engine->setSettings(settings);
    m_batchModel->setCostSettings(cost, settings.model);
    return StoreError::none();
}

const EngineSettings &ProjectSession::settings() const
{
    static const EngineSettings none;
    return m_engine ? m_engine->settings() : none;
}

EngineStatus ProjectSession::status() const
{
    return m_engine ? m_engine->status() : EngineStatus {};
}

QList<BatchRecord> ProjectSession::batches() const
{
    return m_engine ? m_engine->state()->list() : QList<BatchRecord> {};
}

const BatchRecord *ProjectSession::batch(qint64 id) const
{
    return m_engine ? m_engine->state()->find(id) : nullptr;
}

QDateTime ProjectSession::serverNow() const
{
    return m_engine ? m_engine->serverNow() : QDateTime::currentDateTimeUtc();
}

bool ProjectSession::isRunning() const
{
    return m_engine && m_engine->isRunning();
}

QDateTime ProjectSession::nextQuotaRetry() const
{
    if (!m_engine)
        return {};
    QDateTime next;
    for (const BatchRecord &r : m_engine->state()->batches()) {
        if (!isWaitingForQuota(r) || isFinal(r.state) || !r.nextAttemptAt.isValid())
            continue;
        if (!next.isValid() || r.nextAttemptAt < next)
            next = r.nextAttemptAt;
    }
    const EngineStatus s = m_engine->status();
    if (!next.isValid() && s.createBlock != WaitReason::None)
        next = s.createBlockedUntil;
    return next;
}

qint64 ProjectSession::failedRequests() const
{
    qint64 failed = 0;
    if (!m_engine)
        return failed;
    for (const BatchRecord &r : m_engine->state()->batches()) {
        if (r.parentId == 0)
            failed += r.failedCount;
    }
    return failed;
}

qint64 ProjectSession::realSecondsUntil(const QDateTime &serverTime) const
{
    const qint64 serverMs = serverNow().msecsTo(serverTime);
    return qint64(double(serverMs) / m_clockRate / 1000.0);
}

void ProjectSession::continueDespiteFailures()
{
    if (m_engine)
        m_engine->continueDespiteFailures();
}

void ProjectSession::resume()
{
    if (m_engine)
        m_engine->resume();
}

void ProjectSession::pause()
{
    if (m_engine)
        m_engine->pause();
}

void ProjectSession::scheduleStatus()
{
    if (!m_statusTimer.isActive())
        m_statusTimer.start();
}

void ProjectSession::onTick()
{
    m_batchModel->setNow(serverNow());
    sample();
    emit tick();
}

void ProjectSession::sample()
{
    if (!m_engine)
        return;
    const QList<BatchRecord> records = m_engine->state()->list();
    const QDateTime now = serverNow();
    RunSample s = RunSample::of(records, QDateTime::currentDateTimeUtc());
    const QuotaUsage usage = QuotaUsage::of(records, now);
    s.activeJobs = usage.activeJobs;
    s.storedBytes = usage.storedBytes;
    s.enqueuedTokens = usage.enqueuedTokens;
    m_history->append(s);
}

} // namespace bb
