#include "pricetable.h"

#include "modelcatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace bb {
namespace {

double orBase(double longRate, double baseRate)
{
    return longRate > 0 ? longRate : baseRate;
}

} // namespace

TokenCounts &TokenCounts::operator+=(const TokenCounts &other)
{
    prompt += other.prompt;
    candidates += other.candidates;
    thoughts += other.thoughts;
    cached += other.cached;
    return *this;
}

void TokenUsage::addLine(const TokenCounts &line)
{
    if (line.prompt > longPromptThreshold)
        longPrompt += line;
    else
        base += line;
    ++requests;
}

TokenCounts TokenUsage::total() const
{
    TokenCounts sum = base;
    sum += longPrompt;
    return sum;
}

TokenUsage &TokenUsage::operator+=(const TokenUsage &other)
{
    base += other.base;
    longPrompt += other.longPrompt;
    requests += other.requests;
    return *this;
}

const PriceTable &PriceTable::published()
{
    static const PriceTable table = [] {
        QFile file(QStringLiteral(":/data/gemini-prices.json"));
        bool ok = file.open(QIODevice::ReadOnly);
        const PriceTable parsed
            = ok ? fromJson(QJsonDocument::fromJson(file.readAll()).object(), &ok) : PriceTable {};
        if (!ok || parsed.prices.isEmpty() || parsed.asOf.isEmpty())
            qFatal("the built-in price data (resources/data/gemini-prices.json) is missing or malformed");
        return parsed;
    }();
    return table;
}

PriceTable PriceTable::defaults()
{
    return published();
}

QString PriceTable::defaultsAsOf()
{
    return published().asOf;
}

QString PriceTable::normalizedModel(QStringView model)
{
    QStringView name = model.trimmed();
    if (name.startsWith(u"models/"))
        name = name.mid(7);
    return name.toString();
}

const ModelPrice *PriceTable::find(QStringView model) const
{
    const QString name = normalizedModel(model);
    const ModelPrice *best = nullptr;
    for (const ModelPrice &p : prices) {
        if (p.model == name)
            return &p;
        // "gemini-2.5-flash-001" → "gemini-2.5-flash", but never "…-flash-lite" → "…-flash".
        if (name.startsWith(p.model) && name.mid(p.model.size()).startsWith(u'-')
            && (!best || p.model.size() > best->model.size())) {
            const QStringView rest = QStringView(name).mid(p.model.size() + 1);
            if (!rest.isEmpty()
                && (rest.front().isDigit() || rest.startsWith(u"preview") || rest.startsWith(u"latest")
                    || rest.startsWith(u"exp")))
                best = &p;
        }
    }
    return best;
}

PriceLookup PriceTable::lookup(QStringView model) const
{
    if (const ModelPrice *price = find(model))
        return { price, false };
    const QString family = modelFamily(model);
    if (family.isEmpty())
        return {};
    // The newest row of the family, preferring one as stable (or not) as the model.
    const ModelPrice *newest = nullptr;
    const auto better = [&](const ModelPrice &p) {
        if (!newest)
            return true;
        const bool likeModel = isStableModel(p.model) == isStableModel(model);
        const bool newestLikeModel = isStableModel(newest->model) == isStableModel(model);
        if (likeModel != newestLikeModel)
            return likeModel;
        return modelGeneration(p.model) > modelGeneration(newest->model);
    };
    for (const ModelPrice &p : prices) {
        if (modelFamily(p.model) == family && better(p))
            newest = &p;
    }
    return newest ? PriceLookup { newest, true } : PriceLookup {};
}

void PriceTable::setPrice(const ModelPrice &price)
{
    for (ModelPrice &p : prices) {
        if (p.model == price.model) {
            p = price;
            return;
        }
    }
    prices.append(price);
}

bool PriceTable::removePrice(const QString &model)
{
    return prices.removeIf([&](const ModelPrice &p) { return p.model == model; }) > 0;
}

QJsonObject PriceTable::toJson() const
{
    QJsonArray rows;
    for (const ModelPrice &p : prices) {
        rows.append(QJsonObject {
            { QStringLiteral("model"), p.model },
            { QStringLiteral("input"), p.input },
            { QStringLiteral("output"), p.output },
            { QStringLiteral("thinking"), p.thinking },
            { QStringLiteral("cached"), p.cached },
            { QStringLiteral("inputLong"), p.inputLong },
            { QStringLiteral("outputLong"), p.outputLong },
            { QStringLiteral("thinkingLong"), p.thinkingLong },
            { QStringLiteral("cachedLong"), p.cachedLong },
            { QStringLiteral("batchFactor"), p.batchFactor },
            { QStringLiteral("thinksByDefault"), p.thinksByDefault },
        });
    }
    return { { QStringLiteral("asOf"), asOf }, { QStringLiteral("source"), source },
        { QStringLiteral("unit"), QStringLiteral("USD per 1M tokens, standard price") },
        { QStringLiteral("models"), rows } };
}

PriceTable PriceTable::fromJson(const QJsonObject &object, bool *ok)
{
    PriceTable table;
    table.asOf = object.value(QStringLiteral("asOf")).toString();
    table.source = object.value(QStringLiteral("source")).toString();
    const QJsonValue models = object.value(QStringLiteral("models"));
    bool valid = models.isArray();
    auto rate = [&](const QJsonObject &o, const char *key) {
        const double v = o.value(QLatin1StringView(key)).toDouble(0);
        if (!(v >= 0 && v < 1e6)) { // also rejects NaN
            valid = false;
            return 0.0;
        }
        return v;
    };
    for (const QJsonValue &value : models.toArray()) {
        const QJsonObject o = value.toObject();
        ModelPrice p;
        p.model = normalizedModel(o.value(QStringLiteral("model")).toString());
        if (p.model.isEmpty()) {
            valid = false;
            continue;
        }
        p.input = rate(o, "input");
        p.output = rate(o, "output");
        p.thinking = rate(o, "thinking");
        p.cached = rate(o, "cached");
        p.inputLong = rate(o, "inputLong");
        p.outputLong = rate(o, "outputLong");
        p.thinkingLong = rate(o, "thinkingLong");
        p.cachedLong = rate(o, "cachedLong");
        p.batchFactor = o.contains(QStringLiteral("batchFactor")) ? rate(o, "batchFactor") : 0.5;
        p.thinksByDefault = o.value(QStringLiteral("thinksByDefault")).toBool();
        table.setPrice(p);
    }
    if (ok)
        *ok = valid;
    return table;
}

double costUsd(const ModelPrice &price, const TokenCounts &counts, PriceMode mode, bool longPrompt)
{
    const double factor = mode == PriceMode::Batch ? price.batchFactor : 1.0;
    const double input = longPrompt ? orBase(price.inputLong, price.input) : price.input;
    const double output = longPrompt ? orBase(price.outputLong, price.output) : price.output;
    const double thinking = longPrompt ? orBase(price.thinkingLong, price.thinking) : price.thinking;
    const double cached = longPrompt ? orBase(price.cachedLong, price.cached) : price.cached;
    const qint64 cachedTokens = std::clamp<qint64>(counts.cached, 0, std::max<qint64>(counts.prompt, 0));
    const double fresh = double(std::max<qint64>(counts.prompt - cachedTokens, 0));
    const double perMillion
        = factor * (fresh * input + double(counts.candidates) * output + double(counts.thoughts) * thinking)
        + double(cachedTokens) * cached; // cache hits: no batch discount
    return perMillion / 1e6;
}

double costUsd(const ModelPrice &price, const TokenUsage &usage, PriceMode mode)
{
    return costUsd(price, usage.base, mode, false) + costUsd(price, usage.longPrompt, mode, true);
}

} // namespace bb
