#pragma once

#include "geminifile.h"
#include "geminijob.h"
#include "uploadchunksender.h"

#include <QFile>
#include <QTimer>
#include <QUrl>

#include <functional>

namespace bb::gemini {

struct UploadOptions
{
    static constexpr qint64 DefaultChunkSize = 8LL * 1024 * 1024;

    QString displayName;
    QString mimeType = QStringLiteral("application/jsonl");
    qint64 chunkSize = DefaultChunkSize; // the last chunk may be shorter
    // Resume a session persisted earlier (e.g. before an app restart): the job asks the server
    // what it has (query) and continues from there; when the session is gone it starts afresh.
    QUrl resumeSessionUrl;
    qint64 resumeOffset = -1; // the caller's last confirmed offset; the server's answer wins
    int retryDelayMs = 1000; // first back-off delay of in-job retries (doubles each time)
    int maxRecoveries = 5; // consecutive query/retry rounds after transport failures
};

// A resumable upload (X-Goog-Upload protocol) of one file on disk to files/<id>:
// start → chunks of `chunkSize` read from disk one at a time ("upload", last "upload, finalize")
// → the File. Only one chunk is ever in memory. After a dropped connection, timeout or 5xx it
// asks the server for the confirmed size ("query") and continues from there without resending
// confirmed bytes. Chunks go out through UploadChunkSender for throughput. sessionUrl()/confirmedOffset()
// (and their signals) let the caller persist the session and later continue it in a new job via
// UploadOptions::resumeSessionUrl.
class UploadJob final : public GeminiJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadJob)

public:
    enum class Phase
    {
        Idle,
        Starting, // session start request
        Querying, // asking the server how much it has
        Uploading, // a chunk is on the wire
        Waiting, // back-off before a retry
        Paused,
        Done,
    };
    Q_ENUM(Phase)

    UploadJob(GeminiClient *client, const QString &localPath, const UploadOptions &options);

    // Finishes the chunk on the wire, then holds. resume() asks the server (query) and goes on.
    void pause();
    void resume();
    // Stops and tells the server to drop the session (best effort); finishes with Kind::Aborted.
    // abort() stops too but keeps the session resumable.
    void cancel();

    Phase phase() const { return m_phase; }
    bool isPaused() const { return m_phase == Phase::Paused; }
    QUrl sessionUrl() const { return m_sessionUrl; }
    qint64 confirmedOffset() const { return m_confirmed; }
    qint64 totalBytes() const { return m_total; }
    // File payload bytes handed to the network so far, resends included (for diagnostics/tests).
    qint64 bytesOnWire() const { return m_bytesOnWire; }
    const GeminiFile &file() const { return m_file; }
    Result<GeminiFile> result() const { return { m_file, error() }; }

Q_SIGNALS:
    // A new session URL (persist it), or an empty URL when the session is gone.
    void sessionUrlChanged(const QUrl &sessionUrl);
    void confirmedOffsetChanged(qint64 offset);
    // Bytes of the file sent so far (confirmed + in flight) out of `total`.
    void progress(qint64 bytes, qint64 total);
    void paused();
    void resumed();
    // A persisted or broken session could not be continued; the upload starts again at 0.
    void restarted(const QString &reason);

protected:
    void doStart() override;
    void doAbort() override;
    void replyFinished(QNetworkReply *reply) override;

private:
    enum class QueryReason
    {
        Resume, // continue a persisted or paused session; fall back to a fresh start
        Recovery, // after a transport failure during a chunk
    };

    void sendStart();
    void sendQuery(QueryReason reason);
    void sendChunk();
    void nextStep();
    void sendCancel();

    void handleStartReply(const HttpReply &reply, const ApiError &error);
    void handleQueryReply(const HttpReply &reply, const ApiError &error);
    void handleChunkReply(const HttpReply &reply, const ApiError &error);
    void onChunkSent();
    void onChunkProgress(qint64 sent);

    void recover(const ApiError &error);
    void freshStart(const QString &reason);
    void finishWithFileReply(const HttpReply &reply);
    void retryLater(int attempt, std::function<void()> action);
    void setConfirmed(qint64 offset);
    void setSession(const QUrl &url);
    void failLocal(const QString &message);

    QString m_path;
    UploadOptions m_options;
    QFile m_source;
    qint64 m_total = 0;

    Phase m_phase = Phase::Idle;
    QUrl m_sessionUrl;
    qint64 m_confirmed = 0;
    bool m_pauseRequested = false;
    QueryReason m_queryReason = QueryReason::Resume;
    int m_recoveries = 0;
    int m_missingStatusRetries = 0;
    int m_freshStarts = 0;
    qint64 m_rejectedOffset = -1;

    qint64 m_chunkOffset = 0;
    qint64 m_chunkLength = 0;
    bool m_chunkFinal = false;
    qint64 m_chunkSent = 0;
    qint64 m_bytesOnWire = 0;

    // Chunks bypass QNetworkAccessManager (see UploadChunkSender); start, query and cancel use it.
    UploadChunkSender m_chunkSender;
    QTimer m_retryTimer;
    std::function<void()> m_retryAction;
    GeminiFile m_file;
};

} // namespace bb::gemini
