#include "emulatorconfig.h"

#include "jsonfields.h"

#include <QJsonArray>

#include <cmath>

namespace bb::emulator {
namespace {

QString bareModel(const QString &model)
{
    return model.startsWith(QLatin1String("models/")) ? model.mid(7) : model;
}

qint64 longestPrefix(const QHash<QString, qint64> &table, const QString &model)
{
    qsizetype best = -1;
    qint64 value = 0;
    for (auto it = table.cbegin(); it != table.cend(); ++it) {
        if (model.startsWith(it.key()) && it.key().size() > best) {
            best = it.key().size();
            value = it.value();
        }
    }
    return best >= 0 ? value : 0;
}

// Reads a non-negative number; `zeroMeans` is used for 0. Returns false on a malformed value.
bool readNumber(const QJsonObject &o, QLatin1StringView key, double zeroMeans, double *out, QString *error)
{
    const QJsonValue v = json::field(o, key);
    if (v.isUndefined() || v.isNull())
        return true;
    const auto d = json::toDouble(v);
    if (!d || *d < 0) {
        *error = QStringLiteral("config key '%1' must be a non-negative number").arg(key);
        return false;
    }
    *out = *d == 0 ? zeroMeans : *d;
    return true;
}

template<typename Int>
bool readInt(const QJsonObject &o, QLatin1StringView key, Int zeroMeans, Int *out, QString *error)
{
    const QJsonValue v = json::field(o, key);
    if (v.isUndefined() || v.isNull())
        return true;
    const auto i = json::toInt64(v);
    if (!i || *i < 0) {
        *error = QStringLiteral("config key '%1' must be a non-negative integer").arg(key);
        return false;
    }
    *out = *i == 0 ? zeroMeans : Int(*i);
    return true;
}

bool readBool(const QJsonObject &o, QLatin1StringView key, bool *out, QString *error)
{
    const QJsonValue v = json::field(o, key);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isBool()) {
        *error = QStringLiteral("config key 'quirks.%1' must be true or false").arg(key);
        return false;
    }
    *out = v.toBool();
    return true;
}

// Typos in test configs should fail loudly instead of silently configuring nothing.
bool checkKeys(const QJsonObject &o, const QStringList &known, const QString &where, QString *error)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool ok = false;
        for (const QString &k : known) {
            if (it.key() == k || it.key() == json::snakeCase(QLatin1StringView(k.toLatin1()))) {
                ok = true;
                break;
            }
        }
        if (!ok) {
            *error = QStringLiteral("unknown config key '%1%2'").arg(where, it.key());
            return false;
        }
    }
    return true;
}

} // namespace

QHash<QString, qint64> EmulatorLimits::tier1EnqueuedTokens()
{
    // changes-2026.md §4 (rate-limits page of 2026-09-12), Tier 1 column. Keys are model-name
    // prefixes: "+Preview" variants share the row of their base model.
    return {
        { QStringLiteral("gemini-3.1-pro-preview"), 5'000'000 },
        { QStringLiteral("gemini-3.6-flash"), 3'000'000 },
        { QStringLiteral("gemini-3.5-flash"), 3'000'000 },
        { QStringLiteral("gemini-3.5-flash-lite"), 10'000'000 },
        { QStringLiteral("gemini-3.1-flash-lite"), 10'000'000 },
        { QStringLiteral("gemini-2.5-pro"), 5'000'000 },
        { QStringLiteral("gemini-2.5-flash"), 3'000'000 },
        { QStringLiteral("gemini-2.5-flash-lite"), 10'000'000 },
        { QStringLiteral("gemini-2.0-flash"), 10'000'000 },
        { QStringLiteral("gemini-2.0-flash-lite"), 10'000'000 },
        { QStringLiteral("gemini-2.0-flash-image"), 3'000'000 },
        { QStringLiteral("gemini-2.5-pro-preview-tts"), 25'000 },
        { QStringLiteral("gemini-2.5-flash-preview-tts"), 100'000 },
        { QStringLiteral("gemini-3.1-flash-image-preview"), 1'000'000 },
        { QStringLiteral("gemini-3.1-flash-lite-image"), 2'000'000 },
        { QStringLiteral("gemini-3-pro-image-preview"), 2'000'000 },
        { QStringLiteral("gemini-embedding"), 500'000 },
    };
}

qint64 EmulatorLimits::enqueuedTokensFor(const QString &model) const
{
    if (enqueuedTokensAll > 0)
        return enqueuedTokensAll;
    const QString bare = bareModel(model);
    if (const qint64 own = longestPrefix(enqueuedTokensByModel, bare); own > 0)
        return own;
    static const QHash<QString, qint64> table = tier1EnqueuedTokens();
    if (const qint64 known = longestPrefix(table, bare); known > 0)
        return known;
    return kDefaultEnqueuedTokensUnknownModel;
}

bool EmulatorConfig::merge(const QJsonObject &patch, QString *error)
{
    static const QStringList knownTop {
        QStringLiteral("speed"),
        QStringLiteral("pendingSeconds"),
        QStringLiteral("runningSeconds"),
        QStringLiteral("failedLineRate"),
        QStringLiteral("fileProcessingSeconds"),
        QStringLiteral("fileTtlSeconds"),
        QStringLiteral("batchTtlSeconds"),
        QStringLiteral("outputTtlSeconds"),
        QStringLiteral("limits"),
        QStringLiteral("quirks"),
        QStringLiteral("models"),
        QStringLiteral("retiredModels"),
    };
    static const QStringList knownQuirks {
        QStringLiteral("keepRunningAfterDelete"),
        QStringLiteral("emptyListWithoutPageSize"),
        QStringLiteral("strictV1"),
        QStringLiteral("shuffleInlineResults"),
    };
    static const QStringList knownLimits {
        QStringLiteral("maxFileBytes"),
        QStringLiteral("storageBytes"),
        QStringLiteral("concurrentBatches"),
        QStringLiteral("enqueuedTokens"),
        QStringLiteral("batchCreatesPerMinute"),
        QStringLiteral("batchCreatesPerDay"),
        QStringLiteral("uploadsPerMinute"),
        // read-only keys of toJson(), accepted so a GET result can be posted back
        QStringLiteral("effectiveEnqueuedTokens"),
        QStringLiteral("defaultEnqueuedTokens"),
    };
    if (!checkKeys(patch, knownTop, QString(), error))
        return false;
    if (patch.value(QStringLiteral("limits")).isObject()
        && !checkKeys(
            patch.value(QStringLiteral("limits")).toObject(), knownLimits, QStringLiteral("limits."), error))
        return false;
    if (patch.value(QStringLiteral("quirks")).isObject()
        && !checkKeys(
            patch.value(QStringLiteral("quirks")).toObject(), knownQuirks, QStringLiteral("quirks."), error))
        return false;

    EmulatorConfig next = *this;
    const EmulatorConfig defaults;
    if (!readNumber(patch, QLatin1StringView("speed"), defaults.speed, &next.speed, error)
        || !readNumber(patch, QLatin1StringView("pendingSeconds"), 0, &next.pendingSeconds, error)
        || !readNumber(patch, QLatin1StringView("runningSeconds"), 0, &next.runningSeconds, error)
        || !readNumber(patch, QLatin1StringView("failedLineRate"), 0, &next.failedLineRate, error)
        || !readNumber(
            patch, QLatin1StringView("fileProcessingSeconds"), 0, &next.fileProcessingSeconds, error)
        || !readInt(
            patch, QLatin1StringView("fileTtlSeconds"), defaults.fileTtlSeconds, &next.fileTtlSeconds, error)
        || !readInt(patch, QLatin1StringView("batchTtlSeconds"), defaults.batchTtlSeconds,
            &next.batchTtlSeconds, error)
        || !readInt(patch, QLatin1StringView("outputTtlSeconds"), defaults.outputTtlSeconds,
            &next.outputTtlSeconds, error))
        return false;
    // Bounds keep the emulated clock's microsecond arithmetic far from overflow.
    if (next.speed > 1e6 || next.pendingSeconds > 1e10 || next.runningSeconds > 1e10
        || next.fileProcessingSeconds > 1e10 || next.fileTtlSeconds > qint64(1e10)
        || next.batchTtlSeconds > qint64(1e10) || next.outputTtlSeconds > qint64(1e10)) {
        *error = QStringLiteral("config value out of range (speed ≤ 1e6, durations ≤ 1e10 s)");
        return false;
    }
    if (next.failedLineRate > 1.0) {
        *error = QStringLiteral("config key 'failedLineRate' must be between 0 and 1");
        return false;
    }

    const QJsonValue limitsValue = json::field(patch, QLatin1StringView("limits"));
    if (!limitsValue.isUndefined() && !limitsValue.isNull()) {
        if (!limitsValue.isObject()) {
            *error = QStringLiteral("config key 'limits' must be an object");
            return false;
        }
        const QJsonObject l = limitsValue.toObject();
        EmulatorLimits &n = next.limits;
        const EmulatorLimits d;
        if (!readInt(l, QLatin1StringView("maxFileBytes"), d.maxFileBytes, &n.maxFileBytes, error)
            || !readInt(l, QLatin1StringView("storageBytes"), d.storageBytes, &n.storageBytes, error)
            || !readInt(
                l, QLatin1StringView("concurrentBatches"), d.concurrentBatches, &n.concurrentBatches, error)
            || !readInt(l, QLatin1StringView("batchCreatesPerMinute"), 0, &n.batchCreatesPerMinute, error)
            || !readInt(l, QLatin1StringView("batchCreatesPerDay"), 0, &n.batchCreatesPerDay, error)
            || !readInt(l, QLatin1StringView("uploadsPerMinute"), 0, &n.uploadsPerMinute, error))
            return false;
        const QJsonValue tokens = json::field(l, QLatin1StringView("enqueuedTokens"));
        if (tokens.isObject()) {
            n.enqueuedTokensAll = 0; // the last form given wins
            const QJsonObject byModel = tokens.toObject();
            for (auto it = byModel.begin(); it != byModel.end(); ++it) {
                const auto v = json::toInt64(it.value());
                if (!v || *v < 0) {
                    *error = QStringLiteral("limits.enqueuedTokens.%1 must be a non-negative integer")
                                 .arg(it.key());
                    return false;
                }
                if (*v == 0)
                    n.enqueuedTokensByModel.remove(bareModel(it.key()));
                else
                    n.enqueuedTokensByModel.insert(bareModel(it.key()), *v);
            }
        } else if (!tokens.isUndefined() && !tokens.isNull()) {
            if (!readInt(l, QLatin1StringView("enqueuedTokens"), qint64(0), &n.enqueuedTokensAll, error))
                return false;
            n.enqueuedTokensByModel.clear();
        }
    }

    const QJsonValue quirksValue = json::field(patch, QLatin1StringView("quirks"));
    if (!quirksValue.isUndefined() && !quirksValue.isNull()) {
        if (!quirksValue.isObject()) {
            *error = QStringLiteral("config key 'quirks' must be an object");
            return false;
        }
        const QJsonObject q = quirksValue.toObject();
        EmulatorQuirks &n = next.quirks;
        if (!readBool(q, QLatin1StringView("keepRunningAfterDelete"), &n.keepRunningAfterDelete, error)
            || !readBool(q, QLatin1StringView("emptyListWithoutPageSize"), &n.emptyListWithoutPageSize, error)
            || !readBool(q, QLatin1StringView("strictV1"), &n.strictV1, error)
            || !readBool(q, QLatin1StringView("shuffleInlineResults"), &n.shuffleInlineResults, error))
            return false;
    }
    const QJsonValue models = json::field(patch, QLatin1StringView("models"));
    if (!models.isUndefined() && !models.isNull() && !next.models.setModels(models, error))
        return false;
    const QJsonValue retired = json::field(patch, QLatin1StringView("retiredModels"));
    if (!retired.isUndefined() && !retired.isNull() && !next.models.setRetired(retired, error))
        return false;

    *this = next;
    return true;
}

QJsonObject EmulatorConfig::toJson() const
{
    QJsonObject byModel;
    for (auto it = limits.enqueuedTokensByModel.cbegin(); it != limits.enqueuedTokensByModel.cend(); ++it)
        byModel.insert(it.key(), json::int64String(it.value()));
    QJsonObject effective;
    const auto table = EmulatorLimits::tier1EnqueuedTokens();
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        effective.insert(it.key(), json::int64String(limits.enqueuedTokensFor(it.key())));

    return QJsonObject {
        { QStringLiteral("speed"), speed },
        { QStringLiteral("pendingSeconds"), pendingSeconds },
        { QStringLiteral("runningSeconds"), runningSeconds },
        { QStringLiteral("failedLineRate"), failedLineRate },
        { QStringLiteral("fileProcessingSeconds"), fileProcessingSeconds },
        { QStringLiteral("fileTtlSeconds"), double(fileTtlSeconds) },
        { QStringLiteral("batchTtlSeconds"), double(batchTtlSeconds) },
        { QStringLiteral("outputTtlSeconds"), double(outputTtlSeconds) },
        { QStringLiteral("quirks"),
            QJsonObject {
                { QStringLiteral("keepRunningAfterDelete"), quirks.keepRunningAfterDelete },
                { QStringLiteral("emptyListWithoutPageSize"), quirks.emptyListWithoutPageSize },
                { QStringLiteral("strictV1"), quirks.strictV1 },
                { QStringLiteral("shuffleInlineResults"), quirks.shuffleInlineResults },
            } },
        { QStringLiteral("models"), models.modelsJson() },
        { QStringLiteral("retiredModels"), models.retiredJson() },
        { QStringLiteral("limits"),
            QJsonObject {
                { QStringLiteral("maxFileBytes"), double(limits.maxFileBytes) },
                { QStringLiteral("storageBytes"), double(limits.storageBytes) },
                { QStringLiteral("concurrentBatches"), limits.concurrentBatches },
                { QStringLiteral("enqueuedTokens"),
                    limits.enqueuedTokensAll > 0 ? QJsonValue(double(limits.enqueuedTokensAll))
                                                 : QJsonValue(byModel) },
                { QStringLiteral("effectiveEnqueuedTokens"), effective },
                { QStringLiteral("defaultEnqueuedTokens"),
                    double(limits.enqueuedTokensAll > 0
                            ? limits.enqueuedTokensAll
                            : EmulatorLimits::kDefaultEnqueuedTokensUnknownModel) },
                { QStringLiteral("batchCreatesPerMinute"), limits.batchCreatesPerMinute },
                { QStringLiteral("batchCreatesPerDay"), limits.batchCreatesPerDay },
                { QStringLiteral("uploadsPerMinute"), limits.uploadsPerMinute },
            } },
    };
}

} // namespace bb::emulator
