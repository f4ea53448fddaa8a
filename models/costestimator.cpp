#include "costestimator.h"

#include "modelcatalog.h"

#include <algorithm>

namespace bb {

bool isCostCommitted(const BatchRecord &record)
{
    switch (record.state) {
    case BatchState::Creating:
    case BatchState::JobPending:
    case BatchState::JobRunning:
    case BatchState::JobSucceeded:
    case BatchState::Downloading:
        return true;
    default:
        return false;
    }
}

void CostEstimator::calibrate(const QList<BatchRecord> &records)
{
    Calibration c;
    double prompt = 0;
    double output = 0;
    double thinking = 0;
    double cached = 0;
    double promptOfEstimated = 0;
    double estimated = 0;
    for (const BatchRecord &r : records) {
        if (r.usage.requests <= 0)
            continue;
        const TokenCounts t = r.usage.total();
        c.sampleRequests += r.usage.requests;
        prompt += double(t.prompt);
        output += double(t.candidates);
        thinking += double(t.thoughts);
        cached += double(t.cached);
        if (r.requestCount > 0 && r.tokenEstimate > 0) {
            // Only the requests that came back with usage are compared with their estimate.
            const double share = double(std::min(r.usage.requests, r.requestCount)) / double(r.requestCount);
            estimated += double(r.tokenEstimate) * share;
            promptOfEstimated += double(t.prompt);
        }
    }
    if (c.sampleRequests > 0) {
        const double n = double(c.sampleRequests);
        c.outputPerRequest = output / n;
        c.thinkingPerRequest = thinking / n;
        c.cachedShare = prompt > 0 ? cached / prompt : 0;
        if (estimated > 0)
            c.promptPerEstimatedToken = promptOfEstimated / estimated;
    }
    m_calibration = c;
}

QString CostEstimator::defaultModel() const
{
    if (!m_defaultModel.isEmpty())
        return m_defaultModel;
    QStringList priced;
    for (const ModelPrice &p : m_settings.prices.prices)
        priced.append(p.model);
    return defaultBatchModel(priced);
}

QString CostEstimator::modelOf(const BatchRecord &record) const
{
    return record.model.isEmpty() ? defaultModel() : bareModelId(record.model);
}

PriceLookup CostEstimator::lookupFor(const BatchRecord &record) const
{
    return m_settings.prices.lookup(modelOf(record));
}

TokenUsage CostEstimator::projectedTokens(const BatchRecord &record) const
{
    const double requests = double(std::max<qint64>(record.requestCount, 0));
    const Calibration &c = m_calibration;
    TokenCounts t;
    const double prompt = double(record.tokenEstimate) * c.promptPerEstimatedToken;
    t.prompt = qint64(prompt + 0.5);
    if (c.calibrated()) {
        t.candidates = qint64(requests * c.outputPerRequest + 0.5);
        t.thoughts = qint64(requests * c.thinkingPerRequest + 0.5);
        t.cached = qint64(prompt * c.cachedShare + 0.5);
    } else {
        const ModelPrice *price = priceFor(record);
        t.candidates = qint64(requests * m_settings.outputTokensPerRequest + 0.5);
        if (price && price->thinksByDefault)
            t.thoughts = qint64(requests * m_settings.thinkingTokensPerRequest + 0.5);
    }
    TokenUsage usage;
    usage.requests = qint64(requests);
    // Whole batch in one bucket, chosen by its mean prompt per request.
    if (requests > 0 && prompt / requests > double(TokenUsage::longPromptThreshold))
        usage.longPrompt = t;
    else
        usage.base = t;
    return usage;
}

BatchCost CostEstimator::costOf(const BatchRecord &record) const
{
    BatchCost cost;
    const PriceLookup lookup = lookupFor(record);
    const ModelPrice *price = lookup.price;
    cost.hasActual = record.usage.requests > 0 || record.state == BatchState::Downloaded;
    if (!price) {
        cost.priced = false;
        return cost;
    }
    if (lookup.fromFamily)
        cost.estimatedFrom = price->model;
    const TokenUsage projected = projectedTokens(record);
    cost.estimate
        = { costUsd(*price, projected, PriceMode::Batch), costUsd(*price, projected, PriceMode::Standard) };
    if (cost.hasActual)
        cost.actual = { costUsd(*price, record.usage, PriceMode::Batch),
            costUsd(*price, record.usage, PriceMode::Standard) };
    return cost;
}

CostTotals CostEstimator::totals(const QList<BatchRecord> &records) const
{
    CostTotals totals;
    totals.cap = m_settings.spendCapUsd;
    for (const BatchRecord &r : records) {
        const BatchCost c = costOf(r);
        if (!c.priced) {
            ++totals.unpricedBatches;
            continue;
        }
        if (!c.estimatedFrom.isEmpty())
            totals.estimatedFrom.insert(modelOf(r), c.estimatedFrom);
        totals.estimate += c.estimate;
        if (c.hasActual) {
            totals.actual += c.actual;
            totals.projected += c.actual;
        } else if (!needsAttention(r.state)) {
            totals.projected += c.estimate;
        }
        if (!c.hasActual && isCostCommitted(r))
            totals.committed += c.estimate;
    }
    return totals;
}

CostFigure CostEstimator::estimateOf(const QList<BatchRecord> &records) const
{
    CostFigure sum;
    for (const BatchRecord &r : records)
        sum += costOf(r).estimate;
    return sum;
}

double CostEstimator::projectedWithCandidate(
    const QList<BatchRecord> &records, const BatchRecord &candidate) const
{
    double total = 0;
    for (const BatchRecord &r : records) {
        if (r.id == candidate.id)
            continue;
        const BatchCost c = costOf(r);
        if (c.hasActual)
            total += c.actual.batch;
        else if (isCostCommitted(r))
            total += c.estimate.batch;
    }
    return total + costOf(candidate).estimate.batch;
}

bool CostEstimator::wouldExceedCap(const QList<BatchRecord> &records, const BatchRecord &candidate) const
{
    if (!m_settings.spendCapUsd)
        return false;
    return projectedWithCandidate(records, candidate) > *m_settings.spendCapUsd + 1e-9;
}

} // namespace bb
