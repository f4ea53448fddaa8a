#include "filejobs.h"

#include "geminiclient.h"
#include "urlpolicy.h"

namespace bb::gemini {

FileJob::FileJob(GeminiClient *client, const QString &name)
    : JsonRequestJob(client, QStringLiteral("files.get"), ResourceKind::File, QByteArrayLiteral("GET"),
        client->apiUrl(QStringLiteral("files/") + fileIdFromName(name)))
{
    if (!UrlPolicy::isPlainResourceId(fileIdFromName(name)))
        setArgumentError(QStringLiteral("invalid file name '%1'").arg(name));
    else if (isGeneratedOutputId(fileIdFromName(name)))
        setArgumentError(QStringLiteral("%1 is a batch's output: it can only be downloaded").arg(name));
}

QString FileJob::parseReply(const QJsonObject &object)
{
    QString problem;
    GeminiFile::fromJson(object, &m_file, &problem);
    return problem;
}

FilePageJob::FilePageJob(GeminiClient *client, int pageSize, const QString &pageToken)
    : JsonRequestJob(client, QStringLiteral("files.list"), ResourceKind::Other, QByteArrayLiteral("GET"),
        client->apiUrl(QStringLiteral("files"), pageQuery(pageSize, pageToken)))
{
}

QString FilePageJob::parseReply(const QJsonObject &object)
{
    QString problem;
    FilePage::fromJson(object, &m_page, &problem);
    return problem;
}

} // namespace bb::gemini
