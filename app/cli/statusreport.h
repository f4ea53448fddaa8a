#pragma once

#include "batchrecord.h"
#include "costreport.h"
#include "eventrecord.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace bb::cli {

// `batchboard-cli status`: the batches and totals as a text table or as JSON.
// `cost` is calibrated on `batches`; `report` holds its totals.
QString statusText(const QList<BatchRecord> &batches, const QHash<KeyOutcome, qint64> &outcomes,
    const CostEstimator &cost, const CostReport &report);
QJsonObject statusJson(const QList<BatchRecord> &batches, const QHash<KeyOutcome, qint64> &outcomes,
    const CostEstimator &cost, const CostReport &report);
// "cost: estimate $x, actual $y, …" for the end of status and export.
QString costSummaryText(const CostReport &report);

} // namespace bb::cli
