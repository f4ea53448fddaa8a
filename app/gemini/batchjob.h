#pragma once

#include "rpcstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace bb::gemini {

// batchStats: int64 counters (strings on the wire, zeros omitted).
struct BatchStats
{
    qint64 requestCount = 0;
    qint64 successfulRequestCount = 0;
    qint64 failedRequestCount = 0;
    qint64 pendingRequestCount = 0;
};

// One element of output.inlinedResponses.inlinedResponses: a response or an error, in request order.
struct InlinedResponse
{
    QString key; // metadata.key, when the request carried one
    QJsonObject metadata; // echo of the request metadata
    QJsonObject response; // GenerateContentResponse (or embedding response)
    RpcStatus error; // set when this request failed

    bool isError() const { return error.isSet(); }
};

// A batch (the server's long-running Operation whose metadata is a GenerateContentBatch).
struct BatchJob
{
    enum class State
    {
        Unspecified,
        Pending,
        Running,
        Succeeded,
        Failed,
        Cancelled,
        Expired,
        Unknown, // not a state we know; stateName keeps the wire value, treat as non-terminal
    };

    QString name; // "batches/<id>"
    QString displayName;
    QString model; // "models/gemini-3.6-flash"
    State state = State::Unspecified;
    QString stateName; // raw wire value, e.g. "BATCH_STATE_RUNNING"
    QString inputFileName; // inputConfig.fileName for file batches
    QString responsesFile; // "files/batch-<id>" once succeeded (metadata.output or response)
    QList<InlinedResponse> inlinedResponses;
    bool hasInlinedResponses = false;
    BatchStats stats;
    QDateTime createTime; // UTC
    QDateTime updateTime;
    QDateTime endTime;
    bool done = false;
    RpcStatus error; // Operation-level error (FAILED/CANCELLED/EXPIRED), when the server sends one

    QString id() const; // the part after "batches/"
    bool isTerminal() const { return isTerminalState(state); }

    // Accepts BATCH_STATE_* (wire) and JOB_STATE_* (SDK) spellings.
    static State stateFromString(const QString &name);
    static bool isTerminalState(State state);
    static QString stateToString(State state); // the BATCH_STATE_* spelling
    // Reads an Operation envelope (or, tolerated, a bare batch object).
    static bool fromJson(const QJsonObject &object, BatchJob *batch, QString *error);
};

// One page of batches.list (the wire key is `operations`).
struct BatchPage
{
    QList<BatchJob> batches;
    QString nextPageToken; // empty on the last page (absent or "" on the wire)

    bool hasNextPage() const { return !nextPageToken.isEmpty(); }
    static bool fromJson(const QJsonObject &object, BatchPage *page, QString *error);
};

// Accepts "batches/abc" or "abc" and returns "abc".
QString batchIdFromName(const QString &name);

} // namespace bb::gemini
