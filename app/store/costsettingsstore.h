#pragma once

#include "costestimator.h"
#include "storeerror.h"

namespace bb {

class ProjectStore;

// A project's cost settings live in its meta table: `cost.prices` (the price table as JSON,
// seeded by schema migration 2), `cost.outputPerRequest`, `cost.thinkingPerRequest` and
// `cost.spendCap` (USD at the batch price; absent or empty = no cap).
CostSettings loadCostSettings(const ProjectStore &store);
StoreError saveCostSettings(ProjectStore &store, const CostSettings &settings);
StoreError saveSpendCap(ProjectStore &store, std::optional<double> capUsd);

// "12.50" → 12.5; "none"/"off"/"" → no cap; anything else (negative, not a number) → error.
bool parseSpendCap(const QString &text, std::optional<double> *cap);

} // namespace bb
