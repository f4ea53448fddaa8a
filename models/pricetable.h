#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace bb {

// Token counts as a result line's usageMetadata reports them. `prompt` includes `cached`
// (promptTokenCount counts cached content too); `thoughts` are the thinking tokens of 2.5 models.
struct TokenCounts
{
    qint64 prompt = 0;
    qint64 candidates = 0;
    qint64 thoughts = 0;
    qint64 cached = 0;

    bool isEmpty() const { return prompt == 0 && candidates == 0 && thoughts == 0 && cached == 0; }
    TokenCounts &operator+=(const TokenCounts &other);
    friend bool operator==(const TokenCounts &, const TokenCounts &) = default;
};

// What a batch's results say it used. Requests with a prompt above the long-context threshold go
// to their own bucket because some models (2.5 Pro) bill them at a higher rate.
struct TokenUsage
{
    static constexpr qint64 longPromptThreshold = 200'000;

    TokenCounts base; // prompts up to the threshold
    TokenCounts longPrompt; // prompts above it
    qint64 requests = 0; // result lines that carried usageMetadata

    void addLine(const TokenCounts &line);
    TokenCounts total() const;
    bool isEmpty() const { return requests == 0 && base.isEmpty() && longPrompt.isEmpty(); }
    TokenUsage &operator+=(const TokenUsage &other);
    friend bool operator==(const TokenUsage &, const TokenUsage &) = default;
};

enum class PriceMode
{
    Batch, // what the Batch API charges
    Standard, // the interactive (non-batch) price of the same tokens
};

// USD per one million tokens for one model, at the standard (interactive) price. The Batch API
// charges `batchFactor` of it; cache hits are billed like non-batch (no batch discount).
struct ModelPrice
{
    QString model; // "gemini-2.5-flash" (no "models/" prefix)
    double input = 0;
    double output = 0;
    double thinking = 0; // 2.5 models bill thinking as output
    double cached = 0;
    // Prompts above TokenUsage::longPromptThreshold; 0 = same as the rate above.
    double inputLong = 0;
    double outputLong = 0;
    double thinkingLong = 0;
    double cachedLong = 0;
    double batchFactor = 0.5;
    bool thinksByDefault = false; // projects thinking tokens before any result arrives

    bool isValid() const { return !model.isEmpty(); }
    friend bool operator==(const ModelPrice &, const ModelPrice &) = default;
};

// A model's price, found exactly (or by version prefix), or estimated from the newest priced
// model of its family when the table has no row for it ("estimated from gemini-3.5-flash").
struct PriceLookup
{
    const ModelPrice *price = nullptr;
    bool fromFamily = false;

    explicit operator bool() const { return price != nullptr; }
};

// The prices a project uses, with the date they were taken. Stored per project so that a run's
// figures can be reproduced later even when Google's prices change.
class PriceTable final
{
public:
    // Google AI for Developers pricing (ai.google.dev/gemini-api/docs/pricing), paid tier, text,
    // from the dated data file built in (resources/data/gemini-prices.json).
    static const PriceTable &published();
    static PriceTable defaults(); // a copy of published()
    static QString defaultsAsOf(); // its date, "2026-11-20"
    static QString normalizedModel(QStringView model); // strips "models/" and whitespace

    const ModelPrice *find(QStringView model) const; // exact name, else the longest known prefix
    PriceLookup lookup(QStringView model) const; // find(), else the model's family
    void setPrice(const ModelPrice &price); // replaces the row of the same model
    bool removePrice(const QString &model);

    QList<ModelPrice> prices;
    QString asOf; // the date the figures were read off the pricing page
    QString source;

    QJsonObject toJson() const;
    static PriceTable fromJson(const QJsonObject &object, bool *ok = nullptr);
    friend bool operator==(const PriceTable &, const PriceTable &) = default;
};

// Dollars for `usage` at `price`.
double costUsd(const ModelPrice &price, const TokenUsage &usage, PriceMode mode);
double costUsd(const ModelPrice &price, const TokenCounts &counts, PriceMode mode, bool longPrompt = false);

} // namespace bb

Q_DECLARE_METATYPE(bb::TokenUsage)
