#pragma once

#include "costestimator.h"

#include <QJsonObject>

namespace bb {

class ProjectStore;

// The cost figures of a project as the CLI, the export and the desktop app report them.
struct CostReport
{
    QString model; // the project's model for new jobs (or the one Resume would choose)
    bool modelChosen = false; // false: none chosen yet; `model` is the likely default
    CostSettings settings;
    Calibration calibration;
    CostTotals totals;
};

// An estimator loaded with the project's cost settings and model, calibrated on `batches`.
CostEstimator projectCostEstimator(const ProjectStore &store, const QList<BatchRecord> &batches);
CostReport costReport(const ProjectStore &store, const QList<BatchRecord> &batches);

// {"currency":"USD","estimate":…,"actual":…,"standardPrice":…,"projected":…,"cap":…|null,…}
QJsonObject costJson(const CostReport &report);
QJsonObject batchCostJson(const BatchCost &cost);
// "$0.0123" with enough digits for small sums (developer text; the ui formats with QLocale).
QString formatUsd(double usd);

} // namespace bb
