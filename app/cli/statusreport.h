#pragma once

#include "batchrecord.h"
#include "eventrecord.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace bb::cli {

// `batchboard-cli status`: the batches and totals as a text table or as JSON.
QString statusText(const QList<BatchRecord> &batches, const QHash<KeyOutcome, qint64> &outcomes);
QJsonObject statusJson(const QList<BatchRecord> &batches, const QHash<KeyOutcome, qint64> &outcomes);

} // namespace bb::cli
