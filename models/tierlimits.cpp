#include "tierlimits.h"

#include "modelcatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace bb {
namespace {

const TierLimitRow *newestOfFamily(const QList<TierLimitRow> &rows, const QString &family)
{
    const TierLimitRow *best = nullptr;
    for (const TierLimitRow &row : rows) {
        if (modelFamily(row.model) != family)
            continue;
        if (!best || modelGeneration(row.model) > modelGeneration(best->model))
            best = &row;
    }
    return best;
}

} // namespace

bool TierLimitTable::fromJson(const QByteArray &json, TierLimitTable *table, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    *table = {};
    if (!document.isObject()) {
        *error = parseError.errorString();
        return false;
    }
    const QJsonObject root = document.object();
    TierLimitTable parsed;
    parsed.asOf = root.value(QStringLiteral("asOf")).toString();
    parsed.source = root.value(QStringLiteral("source")).toString();
    parsed.concurrentBatches = root.value(QStringLiteral("concurrentBatches")).toInt(100);
    for (const QJsonValue &value : root.value(QStringLiteral("models")).toArray()) {
        const QJsonObject o = value.toObject();
        const QJsonArray tiers = o.value(QStringLiteral("tiers")).toArray();
        TierLimitRow row { bareModelId(o.value(QStringLiteral("model")).toString()), { 0, 0, 0 } };
        bool valid = !row.model.isEmpty() && tiers.size() == 3;
        for (int i = 0; valid && i < 3; ++i) {
            row.tokens[i] = tiers.at(i).toInteger(-1);
            valid = row.tokens[i] > 0;
        }
        if (!valid) {
            *error = QStringLiteral("a row without a model or three positive limits");
            return false;
        }
        parsed.rows.append(row);
    }
    if (parsed.rows.isEmpty() || parsed.asOf.isEmpty()) {
        *error = QStringLiteral("no rows or no asOf date");
        return false;
    }
    *table = parsed;
    return true;
}

const TierLimitTable &TierLimitTable::published()
{
    static const TierLimitTable table = [] {
        QFile file(QStringLiteral(":/data/gemini-batch-limits.json"));
        TierLimitTable parsed;
        QString error;
        if (!file.open(QIODevice::ReadOnly) || !fromJson(file.readAll(), &parsed, &error))
            qFatal("the built-in batch limits data is missing or malformed: %s", qPrintable(error));
        return parsed;
    }();
    return table;
}

const TierLimitRow *TierLimitTable::rowFor(QStringView model) const
{
    const QString id = bareModelId(model);
    const TierLimitRow *best = nullptr;
    for (const TierLimitRow &row : rows) {
        if (id.startsWith(row.model) && (!best || row.model.size() > best->model.size()))
            best = &row;
    }
    if (best)
        return best;
    if (const TierLimitRow *family = newestOfFamily(rows, modelFamily(id)))
        return family;
    if (const TierLimitRow *flash = newestOfFamily(rows, QStringLiteral("flash")))
        return flash;
    return rows.isEmpty() ? nullptr : &rows.first();
}

qint64 defaultEnqueuedTokens(const QString &model, int tier)
{
    const TierLimitRow *row = TierLimitTable::published().rowFor(model);
    return row ? row->tokens[std::clamp(tier, 1, 3) - 1] : 0;
}

const QList<TierLimitRow> &defaultTierLimits()
{
    return TierLimitTable::published().rows;
}

} // namespace bb
