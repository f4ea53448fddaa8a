#pragma once

#include "batchrecord.h"
#include "pricetable.h"

#include <QList>
#include <QMap>

#include <optional>

namespace bb {

// A project's cost settings: its price table, what to expect before any result exists, and the
// optional spend cap (USD, at the batch price).
struct CostSettings
{
    PriceTable prices = PriceTable::defaults();
    double outputTokensPerRequest = 300; // the user's expectation until results say otherwise
    double thinkingTokensPerRequest = 600; // for models that think by default
    std::optional<double> spendCapUsd;

    friend bool operator==(const CostSettings &, const CostSettings &) = default;
};

// A sum of money at the batch price with the interactive price of the same tokens beside it.
struct CostFigure
{
    double batch = 0;
    double standard = 0;

    double saving() const { return standard - batch; }
    CostFigure &operator+=(const CostFigure &other)
    {
        batch += other.batch;
        standard += other.standard;
        return *this;
    }
};

// What results have taught about this project so far.
struct Calibration
{
    qint64 sampleRequests = 0; // result lines with usageMetadata
    double promptPerEstimatedToken = 1.0; // real prompt tokens per importer-estimated token
    double outputPerRequest = 0;
    double thinkingPerRequest = 0;
    double cachedShare = 0; // share of prompt tokens that were cache hits

    bool calibrated() const { return sampleRequests > 0; }
    // The importer estimates one token per 4 bytes of prompt text.
    double tokensPerTextByte() const { return promptPerEstimatedToken / 4.0; }
};

struct BatchCost
{
    CostFigure estimate; // the whole batch, projected
    CostFigure actual; // from downloaded results
    bool hasActual = false;
    bool priced = true; // false when neither the model nor its family has a row in the price table
    QString estimatedFrom; // the priced model of the same family used for it, when it has no row
};

struct CostTotals
{
    CostFigure estimate; // every batch, projected (what the run is expected to cost)
    CostFigure actual; // downloaded results so far
    CostFigure projected; // actual where downloaded, estimate for the rest
    CostFigure committed; // estimates of jobs created but not yet downloaded
    int unpricedBatches = 0;
    QMap<QString, QString> estimatedFrom; // model without a row → the family's model priced instead
    std::optional<double> cap;
};

// Turns batch records into money: estimates from the importer's token estimate, calibrated by the
// usageMetadata of the results downloaded so far, and actual spend from those results.
class CostEstimator final
{
public:
    void setSettings(const CostSettings &settings) { m_settings = settings; }
    const CostSettings &settings() const { return m_settings; }
    // The model of batches without a job: the project's, or (none chosen yet) the one Resume would
    // choose among the priced models.
    void setDefaultModel(const QString &model) { m_defaultModel = model; }
    QString defaultModel() const;
    QString modelOf(const BatchRecord &record) const;

    // Learns the calibration from every record with usage; call when records change.
    void calibrate(const QList<BatchRecord> &records);
    const Calibration &calibration() const { return m_calibration; }

    const ModelPrice *priceFor(const BatchRecord &record) const { return lookupFor(record).price; }
    PriceLookup lookupFor(const BatchRecord &record) const;
    TokenUsage projectedTokens(const BatchRecord &record) const;
    BatchCost costOf(const BatchRecord &record) const;
    CostTotals totals(const QList<BatchRecord> &records) const;
    CostFigure estimateOf(const QList<BatchRecord> &records) const; // e.g. a selection

    // Spend cap check for creating a job for `candidate`: actual + committed + its estimate.
    double projectedWithCandidate(const QList<BatchRecord> &records, const BatchRecord &candidate) const;
    bool wouldExceedCap(const QList<BatchRecord> &records, const BatchRecord &candidate) const;

private:
    CostSettings m_settings;
    QString m_defaultModel;
    Calibration m_calibration;
};

// A job exists (or may) and its results have not been counted yet: its estimate is committed.
bool isCostCommitted(const BatchRecord &record);

} // namespace bb
