#include "uploadjob.h"

#include "geminiclient.h"
#include "jsonreader.h"
#include "urlpolicy.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace bb::gemini {

namespace {

constexpr int MaxMissingStatusRetries = 3; // like both SDKs
constexpr int MaxFreshStarts = 2;
constexpr int CancelTimeoutMs = 10'000;

QByteArray uploadStatus(const HttpReply &reply)
{
    return reply.header("X-Goog-Upload-Status").trimmed().toLower();
}

} // namespace

UploadJob::UploadJob(GeminiClient *client, const QString &localPath, const UploadOptions &options)
    : GeminiJob(client, QStringLiteral("files.upload"), ResourceKind::Upload)
    , m_path(localPath)
    , m_options(options)
    , m_source(localPath)
{
    if (m_options.chunkSize <= 0)
        m_options.chunkSize = UploadOptions::DefaultChunkSize;
    if (m_options.mimeType.isEmpty())
        m_options.mimeType = QStringLiteral("application/octet-stream");
    connect(&m_chunkSender, &UploadChunkSender::finished, this, &UploadJob::onChunkSent);
    connect(&m_chunkSender, &UploadChunkSender::bodyProgress, this,
        [this](qint64 sent, qint64) { onChunkProgress(sent); });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (auto action = std::exchange(m_retryAction, {}))
            action();
    });
}

void UploadJob::doStart()
{
    if (!client()->baseUrlError().isEmpty()) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest, client()->baseUrlError());
        return;
    }
    if (!m_source.open(QIODevice::ReadOnly)) {
        failLocal(QStringLiteral("cannot open '%1': %2").arg(m_path, m_source.errorString()));
        return;
    }
    if (m_source.isSequential()) {
        failLocal(QStringLiteral("'%1' is not a regular file").arg(m_path));
        return;
    }
    m_total = m_source.size();
    if (m_options.resumeSessionUrl.isValid() && !m_options.resumeSessionUrl.isEmpty()) {
        setSession(UrlPolicy::rewriteToBase(m_options.resumeSessionUrl, client()->baseUrl()));
        if (m_options.resumeOffset >= 0 && m_options.resumeOffset <= m_total)
            m_confirmed = m_options.resumeOffset;
        sendQuery(QueryReason::Resume);
    } else {
        sendStart();
    }
}

void UploadJob::doAbort()
{
    m_chunkSender.abort();
    m_retryTimer.stop();
    m_retryAction = {};
    m_phase = Phase::Done;
}

void UploadJob::pause()
{
    if (isFinished() || m_phase == Phase::Paused)
        return;
    m_pauseRequested = true;
}

void UploadJob::resume()
{
    m_pauseRequested = false;
    if (isFinished() || m_phase != Phase::Paused)
        return;
    Q_EMIT resumed();
    // The session may have changed while we held (expired, or finished by another client).
    sendQuery(QueryReason::Resume);
}

void UploadJob::cancel()
{
    if (isFinished())
        return;
    dropRequest();
    doAbort();
    sendCancel();
    if (!m_sessionUrl.isEmpty())
        setSession(QUrl());
    fail(ApiError::Kind::Aborted, ApiError::Classification::Aborted, QStringLiteral("upload cancelled"));
}

void UploadJob::sendCancel()
{
    if (m_sessionUrl.isEmpty() || !UrlPolicy::isAllowed(m_sessionUrl) || !client())
        return;
    // Fire and forget: the job finishes now; the reply cleans itself up.
    QNetworkRequest request = client()->newRequest(m_sessionUrl);
    request.setRawHeader("X-Goog-Upload-Command", "cancel");
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    request.setTransferTimeout(CancelTimeoutMs);
    QNetworkReply *reply = client()->networkAccessManager()->post(request, QByteArray());
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void UploadJob::sendStart()
{
    m_phase = Phase::Starting;
    QNetworkRequest request
        = client()->newRequest(client()->prefixedUrl(QStringLiteral("upload"), QStringLiteral("files")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Goog-Upload-Protocol", "resumable");
    request.setRawHeader("X-Goog-Upload-Command", "start");
    request.setRawHeader("X-Goog-Upload-Header-Content-Length", QByteArray::number(m_total));
    request.setRawHeader("X-Goog-Upload-Header-Content-Type", m_options.mimeType.toUtf8());
    QJsonObject file { { QStringLiteral("mimeType"), m_options.mimeType },
        { QStringLiteral("sizeBytes"), QString::number(m_total) } };
    if (!m_options.displayName.isEmpty())
        file.insert(QStringLiteral("displayName"), m_options.displayName);
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("file"), file } }).toJson(QJsonDocument::Compact);
    sendRequest(QByteArrayLiteral("POST"), request, body);
}

void UploadJob::sendQuery(QueryReason reason)
{
    m_phase = Phase::Querying;
    m_queryReason = reason;
    QNetworkRequest request = client()->newRequest(m_sessionUrl);
    request.setRawHeader("X-Goog-Upload-Command", "query");
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    sendRequest(QByteArrayLiteral("POST"), request, QByteArray());
}

void UploadJob::nextStep()
{
    if (isFinished())
        return;
    if (m_pauseRequested) {
        m_phase = Phase::Paused;
        Q_EMIT paused();
        return;
    }
    sendChunk();
}

void UploadJob::sendChunk()
{
    if (m_source.size() != m_total) {
        failLocal(QStringLiteral("'%1' changed size during the upload").arg(m_path));
        return;
    }
    m_chunkOffset = m_confirmed;
    m_chunkLength = qMin(m_options.chunkSize, m_total - m_chunkOffset);
    m_chunkFinal = m_chunkOffset + m_chunkLength == m_total;
    m_chunkSent = 0;
    if (!m_source.seek(m_chunkOffset)) {
        failLocal(QStringLiteral("cannot seek in '%1': %2").arg(m_path, m_source.errorString()));
        return;
    }
    const QByteArray data = m_source.read(m_chunkLength);
    if (data.size() != m_chunkLength) {
        failLocal(QStringLiteral("cannot read '%1': %2").arg(m_path, m_source.errorString()));
        return;
    }
    if (const QString refusal = UrlPolicy::check(m_sessionUrl); !refusal.isEmpty()) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest, refusal);
        return;
    }
    m_phase = Phase::Uploading;
    QNetworkRequest request = client()->newRequest(m_sessionUrl);
    request.setRawHeader("X-Goog-Upload-Command", m_chunkFinal ? "upload, finalize" : "upload");
    request.setRawHeader("X-Goog-Upload-Offset", QByteArray::number(m_chunkOffset));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    m_chunkSender.setProxy(client()->proxyFor(request.url()));
    noteRequestSent();
    m_chunkSender.post(request, data, timeout());
}

void UploadJob::onChunkProgress(qint64 sent)
{
    if (m_phase != Phase::Uploading || sent <= m_chunkSent)
        return;
    m_bytesOnWire += sent - m_chunkSent;
    m_chunkSent = qMin(sent, m_chunkLength);
    Q_EMIT progress(m_chunkOffset + m_chunkSent, m_total);
}

void UploadJob::onChunkSent()
{
    if (isFinished() || m_phase != Phase::Uploading)
        return;
    // A copy: handling it may send the next chunk, which resets the sender's reply.
    const HttpReply reply = m_chunkSender.reply();
    noteServerTime(reply.serverTime());
    handleChunkReply(reply, errorForResponse(reply, timeout()));
}

void UploadJob::replyFinished(QNetworkReply *networkReply)
{
    const HttpReply reply = HttpReply::fromNetworkReply(networkReply, readBody(networkReply));
    const ApiError error = errorForReply(networkReply, reply.body);
    switch (m_phase) {
    case Phase::Starting:
        handleStartReply(reply, error);
        break;
    case Phase::Querying:
        handleQueryReply(reply, error);
        break;
    default:
        break;
    }
}

void UploadJob::handleStartReply(const HttpReply &reply, const ApiError &error)
{
    if (error.isError()) {
        finishWithError(error);
        return;
    }
    const QUrl session(QString::fromUtf8(reply.header("X-Goog-Upload-URL").trimmed()));
    if (!session.isValid() || session.isEmpty()) {
        ApiError protocol = ApiError::make(ApiError::Kind::Protocol, ApiError::Classification::Transient,
            QStringLiteral("upload start reply without X-Goog-Upload-URL"));
        protocol.httpStatus = reply.status;
        finishWithError(protocol);
        return;
    }
    // The SDKs keep path and query of the session URL and talk to the configured base.
    setSession(UrlPolicy::rewriteToBase(session, client()->baseUrl()));
    setConfirmed(0);
    nextStep();
}

void UploadJob::handleQueryReply(const HttpReply &reply, const ApiError &error)
{
    if (error.isError()) {
        if (error.classification == ApiError::Classification::Transient) {
            recover(error);
            return;
        }
        freshStart(QStringLiteral("query failed: ") + error.toString());
        return;
    }
    const QByteArray status = uploadStatus(reply);
    if (status == "final") {
        finishWithFileReply(reply);
        return;
    }
    if (status != "active") {
        freshStart(QStringLiteral("session status is '%1'").arg(QString::fromLatin1(status)));
        return;
    }
    bool ok = false;
    const qint64 received = reply.header("X-Goog-Upload-Size-Received").trimmed().toLongLong(&ok);
    if (!ok || received < 0 || received > m_total) {
        freshStart(QStringLiteral("query reply without a usable X-Goog-Upload-Size-Received"));
        return;
    }
    setConfirmed(received);
    nextStep();
}

void UploadJob::handleChunkReply(const HttpReply &reply, const ApiError &error)
{
    const QByteArray status = uploadStatus(reply);
    if (error.isError()) {
        if (error.classification == ApiError::Classification::Transient) {
            recover(error); // dropped connection, timeout, 5xx: ask what arrived
        } else if (error.kind == ApiError::Kind::Http && status == "active"
            && m_rejectedOffset != m_chunkOffset) {
            // The session lives on but refused this chunk, typically a wrong offset: the server
            // kept part of a dropped chunk, or the network stack resent a chunk on its own.
            // Ask once what it has; a second refusal at the same offset is final.
            m_rejectedOffset = m_chunkOffset;
            recover(error);
        } else {
            finishWithError(error); // a rejected chunk ends the session
        }
        return;
    }
    if (status.isEmpty()) {
        // Both SDKs resend the same chunk when the status header is missing.
        if (++m_missingStatusRetries > MaxMissingStatusRetries) {
            ApiError protocol = ApiError::make(ApiError::Kind::Protocol, ApiError::Classification::Transient,
                QStringLiteral("chunk reply without X-Goog-Upload-Status"));
            protocol.httpStatus = reply.status;
            finishWithError(protocol);
            return;
        }
        retryLater(m_missingStatusRetries, [this] { sendChunk(); });
        return;
    }
    m_missingStatusRetries = 0;
    m_recoveries = 0;
    m_rejectedOffset = -1;
    if (status == "final") {
        finishWithFileReply(reply);
        return;
    }
    if (status == "active") {
        if (m_chunkFinal) {
            finishWithError(ApiError::make(ApiError::Kind::Protocol, ApiError::Classification::Unknown,
                QStringLiteral("all bytes sent but the session is still active")));
            return;
        }
        qint64 confirmed = m_chunkOffset + m_chunkLength;
        bool ok = false;
        const qint64 received = reply.header("X-Goog-Upload-Size-Received").trimmed().toLongLong(&ok);
        if (ok && received >= m_chunkOffset && received < confirmed)
            confirmed = received; // the server kept less than we sent: continue from there
        setConfirmed(confirmed);
        nextStep();
        return;
    }
    if (status == "cancelled")
        setSession(QUrl());
    finishWithError(ApiError::make(ApiError::Kind::Protocol, ApiError::Classification::Transient,
        QStringLiteral("upload session ended with status '%1'").arg(QString::fromLatin1(status))));
}

void UploadJob::recover(const ApiError &error)
{
    if (m_sessionUrl.isEmpty() || ++m_recoveries > m_options.maxRecoveries) {
        finishWithError(error); // the session (if any) stays resumable for the caller
        return;
    }
    m_phase = Phase::Waiting;
    retryLater(m_recoveries, [this] { sendQuery(QueryReason::Recovery); });
}

void UploadJob::freshStart(const QString &reason)
{
    if (++m_freshStarts > MaxFreshStarts) {
        finishWithError(ApiError::make(ApiError::Kind::Protocol, ApiError::Classification::Transient,
            QStringLiteral("upload session keeps failing: ") + reason));
        return;
    }
    Q_EMIT restarted(reason);
    setSession(QUrl());
    setConfirmed(0);
    m_recoveries = 0;
    sendStart();
}

void UploadJob::finishWithFileReply(const HttpReply &reply)
{
    QJsonObject root;
    QString problem;
    ApiError error;
    error.httpStatus = reply.status;
    error.bodyExcerpt = reply.body.left(2048);
    if (parseJsonObject(reply.body, &root, &problem)) {
        const QJsonValue file = root.value(QLatin1StringView("file"));
        if (!file.isObject())
            problem = QStringLiteral("final upload reply without a 'file' object");
        else
            GeminiFile::fromJson(file.toObject(), &m_file, &problem);
    }
    if (!problem.isEmpty()) {
        error.kind = ApiError::Kind::MalformedResponse;
        error.classification = ApiError::Classification::Unknown;
        error.message = problem;
        finishWithError(error);
        return;
    }
    m_phase = Phase::Done;
    if (m_file.sizeBytes >= 0 && m_file.sizeBytes != m_total) {
        error.kind = ApiError::Kind::Protocol;
        error.classification = ApiError::Classification::Unknown;
        error.message = QStringLiteral("the server stored %1 bytes of %2").arg(m_file.sizeBytes).arg(m_total);
        finishWithError(error);
        return;
    }
    setConfirmed(m_total);
    Q_EMIT progress(m_total, m_total);
    finishWithSuccess();
}

void UploadJob::retryLater(int attempt, std::function<void()> action)
{
    m_phase = Phase::Waiting;
    m_retryAction = [this, action = std::move(action)] {
        if (isFinished())
            return;
        if (m_pauseRequested) {
            m_phase = Phase::Paused;
            Q_EMIT paused();
            return;
        }
        action();
    };
    const int exponent = qBound(0, attempt - 1, 6);
    m_retryTimer.start(m_options.retryDelayMs * (1 << exponent));
}

void UploadJob::setConfirmed(qint64 offset)
{
    if (offset == m_confirmed)
        return;
    m_confirmed = offset;
    Q_EMIT confirmedOffsetChanged(offset);
}

void UploadJob::setSession(const QUrl &url)
{
    if (url == m_sessionUrl)
        return;
    m_sessionUrl = url;
    Q_EMIT sessionUrlChanged(url);
}

void UploadJob::failLocal(const QString &message)
{
    fail(ApiError::Kind::LocalFile, ApiError::Classification::LocalError, message);
}

} // namespace bb::gemini
