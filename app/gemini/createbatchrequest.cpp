#include "createbatchrequest.h"

#include "geminifile.h"
#include "urlpolicy.h"

namespace bb::gemini {

QJsonObject CreateBatchRequest::toJson() const
{
    QJsonObject inputConfig;
    if (!inputFileName.isEmpty())
        inputConfig.insert(
            QStringLiteral("fileName"), QString(QStringLiteral("files/") + fileIdFromName(inputFileName)));
    else
        inputConfig.insert(
            QStringLiteral("requests"), QJsonObject { { QStringLiteral("requests"), inlineRequests } });
    QJsonObject batch;
    if (!displayName.isEmpty())
        batch.insert(QStringLiteral("displayName"), displayName);
    batch.insert(QStringLiteral("inputConfig"), inputConfig);
    if (priority)
        batch.insert(QStringLiteral("priority"), QString::number(*priority));
    return QJsonObject { { QStringLiteral("batch"), batch } };
}

QString CreateBatchRequest::modelId() const
{
    QString id = model.trimmed();
    if (id.startsWith(QLatin1StringView("models/")))
        id = id.mid(7);
    return UrlPolicy::isPlainResourceId(id) ? id : QString();
}

QString CreateBatchRequest::validate() const
{
    if (modelId().isEmpty())
        return QStringLiteral("invalid model '%1'").arg(model);
    if (inputFileName.isEmpty() == inlineRequests.isEmpty())
        return QStringLiteral("a batch needs exactly one input: a file name or inline requests");
    if (!inputFileName.isEmpty() && !UrlPolicy::isPlainResourceId(fileIdFromName(inputFileName)))
        return QStringLiteral("invalid input file name '%1'").arg(inputFileName);
    return {};
}

} // namespace bb::gemini
