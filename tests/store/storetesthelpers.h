#pragma once

#include "batchrecord.h"

#include <QDateTime>
#include <QString>

namespace bb::test {

// A batch as an import would record it: batch-NNN from batch_NNN.jsonl, 100 requests.
inline BatchRecord sampleBatch(int number)
{
    BatchRecord r;
    r.batchNumber = number;
    r.displayName = QStringLiteral("batch-%1").arg(number, 3, 10, QLatin1Char('0'));
    r.localPath = QStringLiteral("/data/batch_%1.jsonl").arg(number, 3, 10, QLatin1Char('0'));
    r.sizeBytes = 52311;
    r.modifiedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
    r.sha256Hex = QStringLiteral("597b96e5");
    r.requestCount = 100;
    r.tokenEstimate = 13000;
    return r;
}

} // namespace bb::test
