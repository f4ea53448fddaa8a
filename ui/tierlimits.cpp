#include "tierlimits.h"

#include <algorithm>

namespace bb {

const QList<TierLimitRow> &defaultTierLimits()
{
    static const QList<TierLimitRow> rows {
        { QStringLiteral("gemini-2.5-flash"), { 3'000'000, 400'000'000, 1'000'000'000 } },
        { QStringLiteral("gemini-2.5-flash-lite"), { 10'000'000, 500'000'000, 1'000'000'000 } },
        { QStringLiteral("gemini-2.5-pro"), { 5'000'000, 500'000'000, 1'000'000'000 } },
        { QStringLiteral("gemini-3-pro-preview"), { 50'000'000, 500'000'000, 1'000'000'000 } },
        { QStringLiteral("gemini-3-flash-preview"), { 3'000'000, 400'000'000, 500'000'000 } },
        { QStringLiteral("gemini-2.0-flash"), { 10'000'000, 1'000'000'000, 5'000'000'000 } },
        { QStringLiteral("gemini-2.0-flash-lite"), { 10'000'000, 1'000'000'000, 5'000'000'000 } },
        { QStringLiteral("gemini-3-pro-image-preview"), { 2'000'000, 270'000'000, 1'000'000'000 } },
    };
    return rows;
}

qint64 defaultEnqueuedTokens(const QString &model, int tier)
{
    const int column = std::clamp(tier, 1, 3) - 1;
    QString id = model;
    if (id.startsWith(QLatin1StringView("models/")))
        id = id.mid(7);
    const TierLimitRow *best = nullptr;
    for (const TierLimitRow &row : defaultTierLimits()) {
        if (id.startsWith(row.model) && (!best || row.model.size() > best->model.size()))
            best = &row;
    }
    return best ? best->tokens[column] : defaultTierLimits().first().tokens[column];
}

QStringList knownModels()
{
    QStringList models;
    for (const TierLimitRow &row : defaultTierLimits())
        models.append(row.model);
    return models;
}

} // namespace bb
