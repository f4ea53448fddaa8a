#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace bb {

// One entry of the service's model list (GET /{ver}/models), as much of it as Batchboard uses.
struct ModelInfo
{
    QString id; // "gemini-3.6-flash" (the name without "models/")
    QString baseModelId;
    QString version;
    QString displayName;
    qint64 inputTokenLimit = 0;
    qint64 outputTokenLimit = 0;
    QStringList supportedGenerationMethods;
    bool thinking = false;

    bool supportsBatch() const;
    friend bool operator==(const ModelInfo &, const ModelInfo &) = default;
};

// "models/gemini-3.6-flash" or " gemini-3.6-flash " → "gemini-3.6-flash".
QString bareModelId(QStringView model);

// The family a model id belongs to for prices and limits: "flash", "flash-lite", "pro",
// "flash-image", "embedding", … ; empty when the id does not look like a Gemini model.
// "gemini-3.6-flash", "gemini-3.6-flash-001" and "gemini-3.6-flash-preview-09-2026" are "flash".
QString modelFamily(QStringView model);
// The generation of a Gemini model id as numbers: "gemini-3.6-flash" → {3, 6}; empty if none.
QList<int> modelGeneration(QStringView model);
// Preview, experimental and "-latest" aliases are not stable.
bool isStableModel(QStringView model);

// The models a batch job can use, in the order the server listed them.
QList<ModelInfo> batchModels(const QList<ModelInfo> &models);
// The default for a project that has not chosen: the newest stable Flash model among `models`
// that supports batchGenerateContent; else the newest stable batch model of any family; else the
// newest batch model. Empty when none supports batches.
QString defaultBatchModel(const QList<ModelInfo> &models);
// The same choice among bare ids (offline: the ids the price table knows).
QString defaultBatchModel(const QStringList &modelIds);
// Ids for messages: "gemini-3.6-flash, gemini-3.5-flash, …".
QStringList modelIds(const QList<ModelInfo> &models);

} // namespace bb
