#include "modelcatalog.h"

#include <QRegularExpression>

#include <algorithm>

namespace bb {
namespace {

// gemini-<generation>-<family words>[-<version or tag>…]
const QRegularExpression &geminiId()
{
    static const QRegularExpression re(
        QStringLiteral(R"(^gemini-(\d+(?:\.\d+)*)-([a-z-]+?)(-\d.*|-preview.*|-exp.*|-latest)?$)"));
    return re;
}

bool isUnstableTag(QStringView tag)
{
    return tag.contains(u"preview") || tag.contains(u"exp") || tag.contains(u"latest");
}

// Newest first; equal generations keep the server's order.
QList<ModelInfo> newestFirst(QList<ModelInfo> models)
{
    std::stable_sort(models.begin(), models.end(),
        [](const ModelInfo &a, const ModelInfo &b) { return modelGeneration(a.id) > modelGeneration(b.id); });
    return models;
}

} // namespace

bool ModelInfo::supportsBatch() const
{
    return supportedGenerationMethods.contains(QLatin1StringView("batchGenerateContent"));
}

QString bareModelId(QStringView model)
{
    QStringView id = model.trimmed();
    if (id.startsWith(u"models/"))
        id = id.mid(7);
    return id.toString();
}

QString modelFamily(QStringView model)
{
    const QString id = bareModelId(model);
    if (id.startsWith(QLatin1StringView("gemini-embedding")))
        return QStringLiteral("embedding");
    const QRegularExpressionMatch m = geminiId().match(id);
    return m.hasMatch() ? m.captured(2) : QString();
}

QList<int> modelGeneration(QStringView model)
{
    const QRegularExpressionMatch m = geminiId().match(bareModelId(model));
    QList<int> numbers;
    if (!m.hasMatch())
        return numbers;
    for (const QString &part : m.captured(1).split(QLatin1Char('.')))
        numbers.append(part.toInt());
    return numbers;
}

bool isStableModel(QStringView model)
{
    const QString id = bareModelId(model);
    const QRegularExpressionMatch m = geminiId().match(id);
    if (!m.hasMatch())
        return !isUnstableTag(id);
    return !isUnstableTag(m.captured(2)) && !isUnstableTag(m.captured(3));
}

QList<ModelInfo> batchModels(const QList<ModelInfo> &models)
{
    QList<ModelInfo> batch;
    std::copy_if(models.begin(), models.end(), std::back_inserter(batch),
        [](const ModelInfo &m) { return m.supportsBatch(); });
    return batch;
}

QString defaultBatchModel(const QList<ModelInfo> &models)
{
    const QList<ModelInfo> candidates = newestFirst(batchModels(models));
    for (const ModelInfo &m : candidates) {
        if (modelFamily(m.id) == QLatin1StringView("flash") && isStableModel(m.id))
            return m.id;
    }
    for (const ModelInfo &m : candidates) {
        if (isStableModel(m.id) && !modelGeneration(m.id).isEmpty())
            return m.id;
    }
    return candidates.isEmpty() ? QString() : candidates.first().id;
}

QString defaultBatchModel(const QStringList &modelIds)
{
    QList<ModelInfo> models;
    for (const QString &id : modelIds)
        models.append(
            { bareModelId(id), {}, {}, {}, 0, 0, { QStringLiteral("batchGenerateContent") }, false });
    return defaultBatchModel(models);
}

QStringList modelIds(const QList<ModelInfo> &models)
{
    QStringList ids;
    for (const ModelInfo &m : models)
        ids.append(m.id);
    return ids;
}

} // namespace bb
