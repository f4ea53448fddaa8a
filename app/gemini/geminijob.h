#pragma once

#include "apierror.h"
#include "apierrorparser.h"
#include "httpreply.h"

#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace bb::gemini {

class GeminiClient;

// The outcome of a job: a value, or an error (never both).
template<typename T> struct Result
{
    T value;
    ApiError error;

    bool ok() const { return !error.isError(); }
};

// Base of every Gemini operation, with a KJob-like contract:
// - created by GeminiClient (parented to it), started with start(), which returns at once;
// - finished(job) is emitted exactly once — success, error, abort() or timeout — and the job
//   deletes itself (deleteLater) afterwards, so copy results out in the slot;
// - the job owns its QNetworkReply and its inactivity-timeout timer, and runs one HTTP request
//   at a time; redirects are followed by hand so that every hop passes the URL policy and the
//   key header never follows a redirect to another origin.
class GeminiJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeminiJob)

public:
    ~GeminiJob() override;

    void start();
    // Stops the job; it finishes with Kind::Aborted (unless it has already finished).
    void abort();

    bool isStarted() const { return m_started; }
    bool isFinished() const { return m_finished; }
    bool hasError() const { return m_error.isError(); }
    const ApiError &error() const { return m_error; }
    QString operation() const { return m_operation; }
    // The Date header of the last HTTP reply (the server's clock; an emulator's may run ahead).
    QDateTime serverTime() const { return m_serverTime; }

    // Inactivity timeout per HTTP request (no bytes moving for that long); defaults to the
    // client's request timeout. Set before start().
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    int timeout() const { return m_timeoutMs; }

Q_SIGNALS:
    void finished(bb::gemini::GeminiJob *job);

protected:
    // Called as a request goes out: which proxy settings it was sent with (see proxyFailed).
    void noteRequestSent();
    GeminiJob(GeminiClient *client, const QString &operation, ResourceKind resource);

    GeminiClient *client() const { return m_client; }
    ResourceKind resource() const { return m_resource; }

    virtual void doStart() = 0;
    // Called by abort() before the job finishes with Kind::Aborted; the current request has
    // already been dropped.
    virtual void doAbort() { }

    void finishWithSuccess();
    void finishWithError(ApiError error);
    // Fills in operation name and finishes; shortcut for local failures.
    void fail(ApiError::Kind kind, ApiError::Classification classification, const QString &message);

    // Sends one request (the previous one must be done). Refused URLs fail the job.
    void sendRequest(const QByteArray &verb, const QNetworkRequest &request, const QByteArray &body = {});
    bool hasActiveRequest() const { return !m_reply.isNull(); }
    // Drops the current request without calling replyFinished().
    void dropRequest();
    // Restarts the inactivity timer (called on every transfer progress).
    void touch();

    // The final reply (after redirects); it is deleted after this returns.
    virtual void replyFinished(QNetworkReply *reply) = 0;
    // Streaming consumers read here; only called for the final (non-redirect) response.
    virtual void replyReadyRead(QNetworkReply *reply) { Q_UNUSED(reply) }
    virtual void replyUploadProgress(qint64 sent, qint64 total)
    {
        Q_UNUSED(sent)
        Q_UNUSED(total)
    }
    virtual void replyDownloadProgress(qint64 received, qint64 total)
    {
        Q_UNUSED(received)
        Q_UNUSED(total)
    }

    // Timeout, transport error or non-2xx status of `reply` as an ApiError (None when fine).
    ApiError errorForReply(QNetworkReply *reply, const QByteArray &body) const;
    // The same for a reply that did not come through QNetworkAccessManager.
    ApiError errorForResponse(const HttpReply &reply, int timeoutMs) const;
    // Records the Date of a reply that did not come through sendRequest().
    void noteServerTime(const QDateTime &time);
    static int httpStatus(QNetworkReply *reply);
    // What is left to read of the reply (nothing once it was aborted).
    static QByteArray readBody(QNetworkReply *reply);
    static bool isRedirect(int status);
    static QDateTime serverTimeOf(QNetworkReply *reply);

private:
    void onFinished();
    void onReadyRead();
    void onTimeout();
    bool followRedirect(QNetworkReply *reply);

    QPointer<GeminiClient> m_client;
    QString m_operation;
    ResourceKind m_resource;
    int m_timeoutMs;
    bool m_started = false;
    bool m_finished = false;
    ApiError m_error;
    QDateTime m_serverTime;

    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    bool m_timedOut = false;
    QByteArray m_verb;
    QNetworkRequest m_request;
    QByteArray m_body;
    int m_redirects = 0;
    int m_proxyGeneration = -1;
};

} // namespace bb::gemini
