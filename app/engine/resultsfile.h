#pragma once

#include "eventrecord.h"
#include "pricetable.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace bb {

// One line of a downloaded results file, located by byte range so an export can copy it verbatim.
struct ResultLine
{
    QString key;
    KeyOutcome outcome = KeyOutcome::Succeeded;
    int errorCode = 0;
    QString errorMessage;
    qint64 offset = 0;
    qint64 length = 0; // without the line break
    bool hasUsage = false; // the response carried usageMetadata
    TokenCounts usage;
};

struct ResultsScan
{
    QList<ResultLine> lines;
    QStringList problems; // "line N: reason" for lines that could not be read
    QString ioError; // the file could not be read at all
};

// Streams a results JSONL (never whole in memory) and classifies each line by name, not
// position: `response` with candidates = succeeded; `response` with promptFeedback.blockReason
// and no candidates = blocked; `error` or `status` = failed with its code. Meant for a worker
// thread; `cancel` stops it early.
ResultsScan scanResultsFile(const QString &path, const std::atomic_bool *cancel = nullptr);

// Matches a scan against the keys the batch was sent with: every key exactly once. Keys that did
// not come back become Missing; extra and duplicate lines are reported in `problems`. `usage`, when
// given, receives the summed usageMetadata of the lines that answered an expected key (failed
// lines carry none and cost nothing).
QList<KeyResult> matchResults(const QStringList &expectedKeys, qint64 resultBatchId, const ResultsScan &scan,
    QStringList *problems, TokenUsage *usage = nullptr);

} // namespace bb
