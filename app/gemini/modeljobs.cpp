#include "modeljobs.h"

#include "geminiclient.h"

namespace bb::gemini {

ModelPageJob::ModelPageJob(GeminiClient *client, int pageSize, const QString &pageToken)
    : JsonRequestJob(client, QStringLiteral("models.list"), ResourceKind::Other, QByteArrayLiteral("GET"),
        client->apiUrl(QStringLiteral("models"), pageQuery(pageSize, pageToken)))
{
}

QString ModelPageJob::parseReply(const QJsonObject &object)
{
    QString problem;
    ModelPage::fromJson(object, &m_page, &problem);
    return problem;
}

} // namespace bb::gemini
