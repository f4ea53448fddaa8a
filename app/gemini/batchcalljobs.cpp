#include "batchcalljobs.h"

#include "geminiclient.h"
#include "urlpolicy.h"

namespace bb::gemini {

BatchCallJob::BatchCallJob(GeminiClient *client, const QString &operation, const QByteArray &verb,
    const QUrl &url, const std::optional<QJsonObject> &body, ResourceKind resource)
    : JsonRequestJob(client, operation, resource, verb, url, body)
{
}

BatchCallJob *BatchCallJob::get(GeminiClient *client, const QString &name)
{
    const QString id = batchIdFromName(name);
    auto *job = new BatchCallJob(client, QStringLiteral("batches.get"), QByteArrayLiteral("GET"),
        client->apiUrl(QStringLiteral("batches/") + id), std::nullopt);
    if (!UrlPolicy::isPlainResourceId(id))
        job->setArgumentError(QStringLiteral("invalid batch name '%1'").arg(name));
    return job;
}

BatchCallJob *BatchCallJob::create(GeminiClient *client, const CreateBatchRequest &request)
{
    const QString path
        = QStringLiteral("models/") + request.modelId() + QStringLiteral(":batchGenerateContent");
    auto *job = new BatchCallJob(client, QStringLiteral("batches.create"), QByteArrayLiteral("POST"),
        client->apiUrl(path), request.toJson(), ResourceKind::Model);
    const QString problem = request.validate();
    if (!problem.isEmpty())
        job->setArgumentError(problem);
    return job;
}

QString BatchCallJob::parseReply(const QJsonObject &object)
{
    QString problem;
    BatchJob::fromJson(object, &m_batch, &problem);
    return problem;
}

BatchPageJob::BatchPageJob(GeminiClient *client, int pageSize, const QString &pageToken)
    : JsonRequestJob(client, QStringLiteral("batches.list"), ResourceKind::Other, QByteArrayLiteral("GET"),
        client->apiUrl(QStringLiteral("batches"), pageQuery(pageSize, pageToken)))
{
}

QString BatchPageJob::parseReply(const QJsonObject &object)
{
    QString problem;
    BatchPage::fromJson(object, &m_page, &problem);
    return problem;
}

} // namespace bb::gemini
