#pragma once

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace bb::emulator {

enum class BatchKind
{
    Generate, // models/{m}:batchGenerateContent
    Embed, // models/{m}:asyncBatchEmbedContent
};

// Decides which requests fail (gRPC 13), deterministically: a hash of the key and of how many
// times a batch with that key was created before. The same submission sequence always fails the
// same lines, and a resubmitted key gets a fresh, independent chance.
class FailurePlanner final
{
public:
    bool nextAttemptFails(const QString &key, double rate);
    void clear() { m_attempts.clear(); }

private:
    QHash<quint64, quint32> m_attempts;
};

// Counts the requests of an input that passed InputValidation and plans which of them fail.
struct InputScan
{
    int requestCount = 0; // non-blank lines (or inline items)
    QList<int> failedIndices; // sorted request indices that end in an error line
    bool readError = false;
};

InputScan scanInputFile(const QString &path, FailurePlanner &planner, double failedLineRate);
InputScan scanInlineRequests(const QJsonArray &requests, FailurePlanner &planner, double failedLineRate);

struct ResultsSpec
{
    BatchKind kind = BatchKind::Generate;
    QString model; // bare model id, e.g. gemini-3.5-flash
    bool thinking = false; // responses report thoughtsTokenCount
    QString batchId;
    QList<int> failedIndices;
    int cancelledFrom = -1; // ≥ 0: requests from this index on were never served ({"error":{"code":1}})
};

// Writes the results JSONL (one line per request, in input order) and returns its size and the
// lowercase hex SHA-256 of what was written. The input must have passed InputValidation.
bool writeResultsFile(const QString &inputPath, const QString &outPath, const ResultsSpec &spec, qint64 *size,
    QByteArray *sha256Hex);
// Inline results: [{"response"|"error": ..., "metadata": {...}}] in request order.
QJsonArray inlineResults(const QJsonArray &requests, const ResultsSpec &spec);

} // namespace bb::emulator
