#pragma once

#include "enginecontext.h"
#include "eventrecord.h"
#include "storeerror.h"
#include "submissionengine.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace bb {

class BatchTableModel;
class EventLogModel;
class ProjectStore;
class RunHistory;

namespace gemini {
class GeminiClient;
struct ProxySettings;
} // namespace gemini

// One open project and everything that works on it: the store (which holds the one-writer
// lock), the Gemini client, the submission engine, and the models the window shows, fed by the
// store's and the engine's signals. The window talks to the engine only through this class.
class ProjectSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectSession)

public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override; // shuts the engine down, keeping everything resumable

    // Opens the project for writing and loads its batches into the table model (the event
    // history follows: loadHistory()).
    StoreError open(const QString &projectPath);
    QString projectPath() const;
    QString resultsDir() const;
    QString resubmitDir() const;

    // Points the client at a server; false (and `error`) when the URL is refused.
    bool connectTo(const QUrl &baseUrl, const QString &apiKey, QString *error = nullptr);
    QUrl baseUrl() const;
    // Every request of the project takes this proxy choice (loopback always goes direct).
    void setProxy(const gemini::ProxySettings &proxy);
    // "host:port" of the proxy requests to the server take, empty when they go direct.
    QString proxyHostPort() const;
    // Credentials for that proxy, given at the prompt or read from the keychain.
    void setProxyCredentials(const QString &hostPort, const QString &user, const QString &password);
    void setSandbox(bool sandbox, double clockRate = 1.0);
    bool isSandbox() const { return m_sandbox; }
    double clockRate() const { return m_clockRate; } // server seconds per real second

    // Folders are filled in from the project path.
    void applySettings(EngineSettings settings);
    const EngineSettings &settings() const;
    // The project's prices, expectations and spend cap: stored in the project, applied to the
    // engine at once (a raised cap releases batches waiting for it) and to the Cost column.
    CostSettings costSettings() const;
    // The project's model for new jobs: empty until chosen (the engine then takes the newest
    // stable Flash model the key offers). setModel keeps the user's choice in the project.
    QString model() const;
    StoreError setModel(const QString &model);
    StoreError applyCostSettings(const CostSettings &cost);

    ProjectStore *store() const { return m_store.get(); }
    SubmissionEngine *engine() const { return m_engine; }
    gemini::GeminiClient *client() const { return m_client; }
    BatchTableModel *batchModel() const { return m_batchModel; }
    EventLogModel *eventModel() const { return m_eventModel; }
    RunHistory *history() const { return m_history; }

    EngineStatus status() const;
    QList<BatchRecord> batches() const;
    const BatchRecord *batch(qint64 id) const;
    QDateTime serverNow() const;
    bool isRunning() const;
    // The earliest time a batch waiting for quota will be tried again (server time), if any.
    QDateTime nextQuotaRetry() const;
    // Requests of the original batches that came back failed or missing (resubmissions that
    // answered them since are not subtracted: see the export for the final word).
    qint64 failedRequests() const;
    // Real seconds until the server clock reaches `serverTime` (negative when past).
    qint64 realSecondsUntil(const QDateTime &serverTime) const;

    void resume();
    void continueDespiteFailures(); // past the failure alarm: create the remaining jobs
    void pause();

    // The event log and the create/429 timeline are filled from the newest stored events, read off
    // the GUI thread: the window asks once its batch table has painted (open() falls back to a
    // timer). Events appended meanwhile follow the loaded ones.
    void loadHistory();
    bool isHistoryLoaded() const { return m_historyState == HistoryState::Loaded; }

signals:
    void statusChanged(); // coalesced: at most a few times a second
    void batchChanged(qint64 batchId); // committed change of one batch
    void tick(); // once a second, after clock-driven columns were refreshed
    void fatalError(const QString &message);
    // The proxy at `hostPort` asked for a user name and password; `refused`: it refused the ones
    // sent. The run has stopped; with credentials given, Resume goes on.
    void proxyCredentialsNeeded(const QString &hostPort, bool refused);
    void historyLoaded();

private:
    enum class HistoryState
    {
        NotLoaded,
        Loading,
        Loaded
    };

    void historyRead(QList<EventRecord> events);
    void onTick();
    void scheduleStatus();
    void sample();

    std::unique_ptr<ProjectStore> m_store;
    gemini::GeminiClient *m_client;
    SubmissionEngine *m_engine = nullptr;
    BatchTableModel *m_batchModel;
    EventLogModel *m_eventModel;
    RunHistory *m_history;
    QTimer m_tickTimer;
    QTimer m_statusTimer;
    HistoryState m_historyState = HistoryState::NotLoaded;
    QList<EventRecord> m_liveEvents; // appended while the history is read
    bool m_sandbox = false;
    double m_clockRate = 1.0;
};

// The user-facing sentence for a store error on `path` (locked by another instance, ...).
QString describeStoreError(const StoreError &error, const QString &path);

} // namespace bb
