#include "costreport.h"

#include "costsettingsstore.h"
#include "projectsettings.h"
#include "projectstore.h"

#include <cmath>

namespace bb {
namespace {

double rounded(double usd)
{
    return std::round(usd * 1e6) / 1e6; // micro-dollars: enough for a single request
}

QJsonObject figure(const CostFigure &f)
{
    return { { QStringLiteral("batch"), rounded(f.batch) },
        { QStringLiteral("standard"), rounded(f.standard) } };
}

} // namespace

CostEstimator projectCostEstimator(const ProjectStore &store, const QList<BatchRecord> &batches)
{
    CostEstimator estimator;
    estimator.setSettings(loadCostSettings(store));
    estimator.setDefaultModel(loadProjectModel(store));
    estimator.calibrate(batches);
    return estimator;
}

CostReport costReport(const ProjectStore &store, const QList<BatchRecord> &batches)
{
    const CostEstimator estimator = projectCostEstimator(store, batches);
    CostReport report;
    report.model = estimator.defaultModel();
    report.modelChosen = !loadProjectModel(store).isEmpty();
    report.settings = estimator.settings();
    report.calibration = estimator.calibration();
    report.totals = estimator.totals(batches);
    return report;
}

QJsonObject batchCostJson(const BatchCost &cost)
{
    QJsonObject o { { QStringLiteral("estimate"), rounded(cost.estimate.batch) },
        { QStringLiteral("standardPrice"), rounded(cost.estimate.standard) } };
    if (cost.hasActual) {
        o.insert(QStringLiteral("actual"), rounded(cost.actual.batch));
        o.insert(QStringLiteral("actualStandardPrice"), rounded(cost.actual.standard));
    }
    if (!cost.priced)
        o.insert(QStringLiteral("unpriced"), true);
    if (!cost.estimatedFrom.isEmpty())
        o.insert(QStringLiteral("estimatedFrom"), cost.estimatedFrom);
    return o;
}

QJsonObject costJson(const CostReport &report)
{
    const CostTotals &t = report.totals;
    const Calibration &c = report.calibration;
    QJsonObject o {
        { QStringLiteral("currency"), QStringLiteral("USD") },
        { QStringLiteral("model"), report.model },
        { QStringLiteral("estimate"), rounded(t.estimate.batch) },
        { QStringLiteral("actual"), rounded(t.actual.batch) },
        { QStringLiteral("projected"), rounded(t.projected.batch) },
        { QStringLiteral("committed"), rounded(t.committed.batch) },
        // What the same tokens cost at the interactive (non-batch) price.
        { QStringLiteral("standardPrice"), rounded(t.projected.standard) },
        { QStringLiteral("saving"), rounded(t.projected.saving()) },
        { QStringLiteral("estimateDetail"), figure(t.estimate) },
        { QStringLiteral("actualDetail"), figure(t.actual) },
        { QStringLiteral("cap"), t.cap ? QJsonValue(*t.cap) : QJsonValue() },
        { QStringLiteral("pricesAsOf"), report.settings.prices.asOf },
        { QStringLiteral("pricesSource"), report.settings.prices.source },
        { QStringLiteral("calibration"),
            QJsonObject { { QStringLiteral("sampleRequests"), c.sampleRequests },
                { QStringLiteral("tokensPerTextByte"), c.tokensPerTextByte() },
                { QStringLiteral("outputTokensPerRequest"),
                    c.calibrated() ? c.outputPerRequest : report.settings.outputTokensPerRequest },
                { QStringLiteral("thinkingTokensPerRequest"),
                    c.calibrated() ? c.thinkingPerRequest : report.settings.thinkingTokensPerRequest } } },
    };
    if (t.unpricedBatches > 0)
        o.insert(QStringLiteral("unpricedBatches"), t.unpricedBatches);
    if (!report.modelChosen)
        o.insert(QStringLiteral("modelChosen"), false);
    QJsonObject estimatedFrom;
    for (auto it = t.estimatedFrom.cbegin(); it != t.estimatedFrom.cend(); ++it)
        estimatedFrom.insert(it.key(), it.value());
    if (!estimatedFrom.isEmpty())
        o.insert(QStringLiteral("estimatedFrom"), estimatedFrom); // {"gemini-3.6-flash":"gemini-3.5-flash"}
    return o;
}

QString formatUsd(double usd)
{
    const double a = std::abs(usd);
    const int decimals = a == 0 ? 2 : a < 0.01 ? 6 : a < 1 ? 4 : 2;
    return QStringLiteral("$") + QString::number(usd, 'f', decimals);
}

} // namespace bb
