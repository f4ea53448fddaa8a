#pragma once

#include <QList>
#include <QString>

namespace bb {

// The published batch enqueued-token limits per model and tier (shared/gemini/limits-and-errors.md,
// "Batch enqueued tokens"). The user may override any cell in Settings; these are the defaults.
struct TierLimitRow
{
    QString model; // API model id prefix, "gemini-2.5-flash"
    qint64 tokens[3]; // Tier 1, Tier 2, Tier 3
};

const QList<TierLimitRow> &defaultTierLimits();
// Longest matching model-id prefix, else the Gemini 2.5 Flash row (the most common batch model).
qint64 defaultEnqueuedTokens(const QString &model, int tier);
QStringList knownModels();

} // namespace bb
