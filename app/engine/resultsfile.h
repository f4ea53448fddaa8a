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
    QString key; // empty when the line has none (its request had none)
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

// A request a batch was sent with: its key, or the implicit name of a line sent without one.
struct ExpectedRequest
{
    QString key;
    bool keyless = false;
};

// Matches a scan against the requests the batch was sent with: every key exactly once. Result
// lines without a key answer the requests sent without one, in order (the service does not promise
// an order, so with more than one such request the match is marked Match::ByPosition). Requests
// that did not come back become Missing; extra and duplicate lines are reported in `problems`.
// `usage`, when given, receives the summed usageMetadata of the lines that answered an expected
// request (failed lines carry none and cost nothing).
QList<KeyResult> matchResults(const QList<ExpectedRequest> &expected, qint64 resultBatchId,
    const ResultsScan &scan, QStringList *problems, TokenUsage *usage = nullptr);
// The same for a batch whose every request has a key.
QList<KeyResult> matchResults(const QStringList &expectedKeys, qint64 resultBatchId, const ResultsScan &scan,
    QStringList *problems, TokenUsage *usage = nullptr);

} // namespace bb
