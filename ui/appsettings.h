#pragma once

#include "proxysettings.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <memory>

class QSettings;

namespace bb {

struct EngineSettings;

// Typed access to the desktop app's preferences (QSettings). Every key lives in appsettings.cpp
// and nowhere else. The API key is never stored here: it belongs to the keychain
// (CredentialStore).
class AppSettings final
{
public:
    AppSettings(); // the application's QSettings
    explicit AppSettings(const QString &iniPath); // a given INI file (tests)
    ~AppSettings();
    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    static QUrl defaultBaseUrl();

    // Connection
    QUrl baseUrl() const;
    void setBaseUrl(const QUrl &url);
    bool preferSandbox() const; // run against the built-in emulator even with a key
    void setPreferSandbox(bool sandbox);
    // The proxy choice (its keys belong to ProxySettings, which the CLI reads too); never the
    // password, which is in the keychain.
    gemini::ProxySettings proxy() const;
    void setProxy(const gemini::ProxySettings &proxy);
    // The user name given at the proxy prompt for a proxy that is not the manual one (the
    // system's or the environment's), by "host:port"; its password is in the keychain.
    QString proxyLoginUser(const QString &hostPort) const;
    void setProxyLoginUser(const QString &hostPort, const QString &user);

    // Work
    int tier() const; // 1..3
    void setTier(int tier);
    // The enqueued-token limit of `model` on `tier`: the user's override, else the published one.
    qint64 enqueuedTokens(const QString &model, int tier) const;
    void setEnqueuedTokens(const QString &model, int tier, qint64 tokens); // <= 0 removes the override
    bool hasEnqueuedTokensOverride(const QString &model, int tier) const;
    int concurrentBatches() const;
    void setConcurrentBatches(int batches);
    qint64 storageBytes() const;
    void setStorageBytes(qint64 bytes);
    int parallelUploads() const; // 1..8
    void setParallelUploads(int uploads);
    int expiryMarginHours() const; // 1..47
    void setExpiryMarginHours(int hours);
    int pollIntervalSeconds() const; // 5..600
    void setPollIntervalSeconds(int seconds);

    // Desktop
    bool notifyAllDone() const;
    void setNotifyAllDone(bool on);
    bool notifyNeedsAttention() const;
    void setNotifyNeedsAttention(bool on);
    bool notifyDailyQuota() const;
    void setNotifyDailyQuota(bool on);
    QString language() const; // "" = the system's, else "de", "fr", ...
    void setLanguage(const QString &language);
    QString lastProjectPath() const;
    void setLastProjectPath(const QString &path);

    // Window layout
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray tableHeaderState() const;
    void setTableHeaderState(const QByteArray &state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);
    int sidebarCategory() const;
    void setSidebarCategory(int category);

    // The engine's settings from these preferences (folders are the session's business), for a
    // project whose model is `model` (the project owns its model).
    void fillEngineSettings(EngineSettings &settings, const QString &model) const;

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace bb
