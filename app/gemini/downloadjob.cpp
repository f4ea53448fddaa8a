#include "downloadjob.h"

#include "geminiclient.h"
#include "geminifile.h"
#include "urlpolicy.h"

#include <QNetworkReply>

#include <cerrno>

namespace bb::gemini {

namespace {

constexpr qsizetype MaxErrorBodyBytes = 64 * 1024;

bool isSuccess(int status)
{
    return status >= 200 && status <= 299;
}

} // namespace

DownloadJob::DownloadJob(GeminiClient *client, const QString &fileName, const QString &targetPath)
    : GeminiJob(client, QStringLiteral("files.download"), ResourceKind::File)
    , m_fileId(fileIdFromName(fileName))
    , m_targetPath(targetPath)
{
}

DownloadJob::~DownloadJob() = default;

void DownloadJob::doStart()
{
    if (!client()->baseUrlError().isEmpty()) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest, client()->baseUrlError());
        return;
    }
    if (!UrlPolicy::isPlainResourceId(m_fileId)) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest,
            QStringLiteral("invalid file name '%1'").arg(m_fileId));
        return;
    }
    m_target = std::make_unique<QSaveFile>(m_targetPath);
    if (!m_target->open(QIODevice::WriteOnly)) {
        const QString reason = m_target->errorString();
        discardTarget();
        fail(ApiError::Kind::LocalFile, ApiError::Classification::LocalError,
            QStringLiteral("cannot write '%1': %2").arg(m_targetPath, reason));
        return;
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("alt"), QStringLiteral("media"));
    const QString path = QStringLiteral("files/") + m_fileId + QStringLiteral(":download");
    const QUrl url = m_form == UrlForm::Api ? client()->apiUrl(path, query)
                                            : client()->prefixedUrl(QStringLiteral("download"), path, query);
    sendRequest(QByteArrayLiteral("GET"), client()->newRequest(url));
}

void DownloadJob::doAbort()
{
    discardTarget();
}

void DownloadJob::discardTarget()
{
    if (m_target) {
        m_target->cancelWriting();
        m_target.reset(); // removes the temporary file; the target stays as it was
    }
}

bool DownloadJob::consume(QNetworkReply *reply)
{
    if (!isSuccess(httpStatus(reply))) {
        // An error body: keep its start for the ApiError, never write it to the target.
        const QByteArray chunk = readBody(reply);
        if (m_errorBody.size() < MaxErrorBodyBytes)
            m_errorBody += chunk.left(MaxErrorBodyBytes - m_errorBody.size());
        return true;
    }
    if (!m_target)
        return false;
    while (reply->bytesAvailable() > 0) {
        const QByteArray chunk = reply->read(qMin<qint64>(reply->bytesAvailable(), 1024 * 1024));
        if (chunk.isEmpty())
            break;
        errno = 0;
        if (m_target->write(chunk) != chunk.size() || m_target->error() != QFileDevice::NoError) {
            const QString reason = failureReason();
            discardTarget();
            fail(ApiError::Kind::LocalFile, ApiError::Classification::LocalError,
                QStringLiteral("cannot write '%1': %2").arg(m_targetPath, reason));
            return false;
        }
        m_written += chunk.size();
    }
    return true;
}

QString DownloadJob::failureReason() const
{
    // QFileDevice often reports "Unknown error" for failed buffered writes; errno has the cause
    // (ENOSPC, EFBIG, EIO...).
    const int osError = errno;
    return osError != 0 ? qt_error_string(osError) : m_target->errorString();
}

void DownloadJob::replyReadyRead(QNetworkReply *reply)
{
    consume(reply);
}

void DownloadJob::replyDownloadProgress(qint64 received, qint64 total)
{
    Q_EMIT progress(received, total);
}

void DownloadJob::replyFinished(QNetworkReply *reply)
{
    if (!consume(reply)) {
        if (!isFinished())
            fail(ApiError::Kind::LocalFile, ApiError::Classification::LocalError,
                QStringLiteral("download target lost"));
        return;
    }
    const ApiError error = errorForReply(reply, m_errorBody);
    if (error.isError()) {
        discardTarget();
        finishWithError(error);
        return;
    }
    // Flush first: Qt 6.4's QSaveFile::commit() renames a truncated file when only its final
    // flush fails (e.g. disk full), so a failed flush must never reach commit().
    errno = 0;
    if (!m_target->flush() || !m_target->commit()) {
        const QString reason = failureReason();
        discardTarget();
        fail(ApiError::Kind::LocalFile, ApiError::Classification::LocalError,
            QStringLiteral("cannot write '%1': %2").arg(m_targetPath, reason));
        return;
    }
    m_target.reset();
    finishWithSuccess();
}

} // namespace bb::gemini
