#pragma once

#include "enginecontext.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace bb {

class CreateLane;
class DownloadLane;
class PollLane;
class ModelDirectory;
class ProjectStore;
class Reconciler;
class UploadLane;

namespace gemini {
class GeminiClient;
}

struct EngineStatus
{
    bool running = false;
    bool reconciled = false; // the server was compared with the project since Resume
    int batches = 0;
    int downloaded = 0;
    int needsAttention = 0; // failed/cancelled/expired jobs, or waiting for the user
    int activeJobs = 0;
    int waitingForQuota = 0;
    int waitingForSpendCap = 0; // uploaded, but creating a job would pass the spend cap
    int inFlight = 0; // requests and uploads under way right now
    qint64 storedBytes = 0;
    QDateTime nextWake; // the earliest time the engine will act by itself
    WaitReason createBlock = WaitReason::None;
    QDateTime createBlockedUntil;
    QString fatalError;
    // Set while a job that came back with most lines failed holds new creates: "batch_011_proper:
    // 100 of 100 lines failed (…)". continueDespiteFailures() releases them.
    QString failureAlarm;
    QDateTime canaryUntil; // valid while the first job runs alone
    QString model; // the project's model (empty until chosen on the first Resume)
    QStringList batchModels; // what the key offers for batch jobs, once listed
    // Set while creates are stopped until the user acts (CreateStop): the refused model, or the
    // billing cause, in one sentence with what to do. Jobs already made still finish.
    QString createStop;
    WaitReason createStopReason = WaitReason::None;
    QUrl billingUrl;

    bool allDone() const { return batches > 0 && downloaded == batches; }
};

// Everything that happens when the user presses Resume, for every batch not yet done: compare
// with the server, re-upload what expired, create the missing jobs as fast as the quota allows,
// wait out 429s, poll cheaply, download and account for every key. Event-driven, single-threaded
// (file reading goes to worker threads); runs in the desktop app and in the CLI alike.
class SubmissionEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SubmissionEngine)

public:
    SubmissionEngine(ProjectStore *store, gemini::GeminiClient *client, QObject *parent = nullptr);
    ~SubmissionEngine() override;

    void setSettings(const EngineSettings &settings);
    const EngineSettings &settings() const { return m_context.settings; }
    EngineState *state() const { return m_context.state; }
    QDateTime serverNow() const { return m_context.now(); }
    EngineStatus status() const;
    bool isRunning() const { return m_context.running; }

    void resume();
    // The user read the failure alarm and wants the remaining batches created anyway.
    void continueDespiteFailures();
    void pause(); // no new work; in-flight requests finish, uploads hold after their chunk
    void shutdown(); // abort in-flight work, keeping every session resumable

    // Per-batch actions (ids of BatchRecord); each is safe on any batch and ignores the rest.
    void retry(const QList<qint64> &ids);
    void hold(const QList<qint64> &ids);
    void cancelJobs(const QList<qint64> &ids);
    void uploadNow(const QList<qint64> &ids);
    void createNow(const QList<qint64> &ids);
    void reupload(const QList<qint64> &ids);
    void deleteRemoteFiles(const QList<qint64> &ids);
    void downloadResults(const QList<qint64> &ids);
    // Writes a JSONL of the failed and missing keys of each batch and queues it as a linked
    // batch ("batch-011-r1"). Returns how many batches were queued; files are written off-thread.
    int resubmitFailed(const QList<qint64> &ids);

signals:
    void uploadProgress(qint64 batchId, qint64 bytes, qint64 total);
    void statusChanged();
    void idle(); // nothing is in flight; status() says whether all is done or when work resumes
    void fatalError(const QString &message);

private:
    void schedulePump();
    void pumpAll();
    void rearmWake();
    QDateTime computeNextWake() const;
    void reconciled(bool ok);
    void onFatal(const QString &message);
    void observeServerTime(const QDateTime &time);
    void applyLimits();

    EngineContext m_context;
    UploadLane *m_upload;
    CreateLane *m_create;
    PollLane *m_poll;
    DownloadLane *m_download;
    Reconciler *m_reconciler;
    ModelDirectory *m_models;
    QTimer m_pumpTimer;
    QTimer m_wakeTimer;
    QTimer m_reconcileRetry;
    int m_reconcileFailures = 0;
    bool m_reconciled = false;
    int m_cancelsInFlight = 0;
    int m_resubmitsInFlight = 0;
    QString m_fatal;
};

} // namespace bb
