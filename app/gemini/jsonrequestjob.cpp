#include "jsonrequestjob.h"

#include "geminiclient.h"
#include "jsonreader.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace bb::gemini {

JsonRequestJob::JsonRequestJob(GeminiClient *client, const QString &operation, ResourceKind resource,
    const QByteArray &verb, const QUrl &url, const std::optional<QJsonObject> &body)
    : GeminiJob(client, operation, resource)
    , m_verb(verb)
    , m_url(url)
{
    if (body)
        m_body = QJsonDocument(*body).toJson(QJsonDocument::Compact);
}

void JsonRequestJob::doStart()
{
    if (!client()->baseUrlError().isEmpty()) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest, client()->baseUrlError());
        return;
    }
    if (!m_argumentError.isEmpty()) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest, m_argumentError);
        return;
    }
    QNetworkRequest request = client()->newRequest(m_url);
    if (m_body)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    sendRequest(m_verb, request, m_body.value_or(QByteArray()));
}

void JsonRequestJob::replyDownloadProgress(qint64 received, qint64 total)
{
    Q_UNUSED(total)
    if (received > m_maxReplyBytes) {
        fail(ApiError::Kind::MalformedResponse, ApiError::Classification::Unknown,
            QStringLiteral("reply larger than %1 bytes").arg(m_maxReplyBytes));
    }
}

void JsonRequestJob::replyFinished(QNetworkReply *reply)
{
    const QByteArray body = readBody(reply);
    ApiError error = errorForReply(reply, body);
    if (error.isError()) {
        finishWithError(error);
        return;
    }
    QJsonObject object;
    QString problem;
    if (allowsEmptyReply() && body.trimmed().isEmpty())
        problem = parseReply(object);
    else if (parseJsonObject(body, &object, &problem))
        problem = parseReply(object);
    if (!problem.isEmpty()) {
        error.kind = ApiError::Kind::MalformedResponse;
        error.classification = ApiError::Classification::Unknown;
        error.httpStatus = httpStatus(reply);
        error.message = problem;
        error.bodyExcerpt = body.left(2048);
        finishWithError(error);
        return;
    }
    finishWithSuccess();
}

EmptyResultJob::EmptyResultJob(GeminiClient *client, const QString &operation, ResourceKind resource,
    const QByteArray &verb, const QUrl &url, const std::optional<QJsonObject> &body,
    const QString &argumentError)
    : JsonRequestJob(client, operation, resource, verb, url, body)
{
    if (!argumentError.isEmpty())
        setArgumentError(argumentError);
}

QString EmptyResultJob::parseReply(const QJsonObject &object)
{
    Q_UNUSED(object)
    return {};
}

QUrlQuery pageQuery(int pageSize, const QString &pageToken)
{
    // Always sent: a list without pageSize came back empty from the real service (python-genai#1250).
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("pageSize"),
        QString::number(pageSize > 0 ? pageSize : int(GeminiClient::DefaultPageSize)));
    if (!pageToken.isEmpty())
        query.addQueryItem(
            QStringLiteral("pageToken"), QString::fromLatin1(QUrl::toPercentEncoding(pageToken)));
    return query;
}

} // namespace bb::gemini
