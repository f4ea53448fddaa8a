#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace bb {

// The published batch enqueued-token limits per model and billing tier. The service does not
// expose them, so they live in a dated data file (resources/data/gemini-batch-limits.json); the
// user may override any cell in Settings.
struct TierLimitRow
{
    QString model; // API model id or id prefix, "gemini-3.5-flash"
    qint64 tokens[3]; // Tier 1, Tier 2, Tier 3
};

struct TierLimitTable
{
    QList<TierLimitRow> rows;
    QString asOf; // the date the figures were read, "2026-09-12"
    QString source;
    int concurrentBatches = 100;

    // The data file built into this version.
    static const TierLimitTable &published();
    // Parses the data file's JSON; false (and an empty table) when it is malformed.
    static bool fromJson(const QByteArray &json, TierLimitTable *table, QString *error);

    // The row for a model: the longest matching id prefix, else the newest row of the model's
    // family (modelFamily), else the newest Flash row. Never null unless the table is empty.
    const TierLimitRow *rowFor(QStringView model) const;
};

qint64 defaultEnqueuedTokens(const QString &model, int tier);
const QList<TierLimitRow> &defaultTierLimits();

} // namespace bb
