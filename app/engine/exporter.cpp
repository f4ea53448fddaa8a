#include "exporter.h"

#include "costreport.h"
#include "projectstore.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <memory>

namespace bb {
namespace {

QByteArray statusLine(const QString &key, int code, const QString &status, const QString &message)
{
    const QJsonObject error { { QStringLiteral("code"), code }, { QStringLiteral("message"), message },
        { QStringLiteral("status"), status } };
    return QJsonDocument(QJsonObject { { QStringLiteral("key"), key }, { QStringLiteral("error"), error } })
        .toJson(QJsonDocument::Compact);
}

QByteArray placeholderFor(const KeyResult &r, const BatchRecord &batch)
{
    if (r.outcome == KeyOutcome::Missing)
        return statusLine(r.key, 5, QStringLiteral("NOT_FOUND"),
            QStringLiteral("the batch job returned no result for this key"));
    if (needsAttention(batch.state))
        return statusLine(r.key, 10, QStringLiteral("ABORTED"),
            QStringLiteral("the batch job ended as %1 without results").arg(toCode(batch.state)));
    return statusLine(
        r.key, 14, QStringLiteral("UNAVAILABLE"), QStringLiteral("no result yet: the batch is not finished"));
}

// A result line without a key gets the name of its request, and says how it was matched when
// that was by position: `{"key":"batch_011_proper#line3","matchedBy":"position",…rest of the line}`.
QByteArray withImplicitKey(const QByteArray &line, const KeyResult &r)
{
    const qsizetype brace = line.indexOf('{');
    if (brace < 0)
        return line;
    QByteArray head = "{\"key\":" + QJsonDocument(QJsonArray { r.key }).toJson(QJsonDocument::Compact).mid(1);
    head.chop(1); // the array's closing bracket
    if (r.match == KeyResult::Match::ByPosition)
        head += ",\"matchedBy\":\"position\"";
    const QByteArray rest = line.mid(brace + 1).trimmed();
    return head + (rest.startsWith('}') ? QByteArray() : QByteArray(",")) + rest;
}

} // namespace

ExportSummary exportResults(
    const ProjectStore &store, const QString &destination, const std::atomic_bool *cancel)
{
    ExportSummary summary;
    QList<BatchRecord> batches = store.batches();
    QHash<qint64, BatchRecord> byId;
    for (const BatchRecord &b : std::as_const(batches))
        byId.insert(b.id, b);
    // Input order: originals only (resubmissions carry no keys of their own), by batch number.
    batches.erase(
        std::remove_if(batches.begin(), batches.end(), [](const BatchRecord &b) { return b.parentId != 0; }),
        batches.end());
    std::stable_sort(batches.begin(), batches.end(), [](const BatchRecord &a, const BatchRecord &b) {
        return a.batchNumber.value_or(INT_MAX) < b.batchNumber.value_or(INT_MAX);
    });

    QSaveFile out(destination);
    if (!out.open(QIODevice::WriteOnly)) {
        summary.error = out.errorString();
        return summary;
    }
    QHash<qint64, std::shared_ptr<QFile>> resultFiles;
    for (const BatchRecord &batch : std::as_const(batches)) {
        for (const KeyResult &r : store.keyResults(batch.id)) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                out.cancelWriting();
                summary.error = QStringLiteral("cancelled");
                return summary;
            }
            QByteArray line;
            if (r.resultBatchId != 0 && r.resultOffset >= 0) {
                const BatchRecord source = byId.value(r.resultBatchId);
                std::shared_ptr<QFile> &file = resultFiles[r.resultBatchId];
                if (!file) {
                    file = std::make_shared<QFile>(source.resultsPath);
                    if (!file->open(QIODevice::ReadOnly)) {
                        out.cancelWriting();
                        summary.error = QStringLiteral("%1: %2").arg(source.resultsPath, file->errorString());
                        return summary;
                    }
                }
                if (!file->seek(r.resultOffset)
                    || (line = file->read(r.resultLength)).size() != r.resultLength) {
                    out.cancelWriting();
                    summary.error
                        = QStringLiteral("%1: results file is shorter than recorded").arg(source.resultsPath);
                    return summary;
                }
                if (r.match != KeyResult::Match::ByKey)
                    line = withImplicitKey(line, r);
            } else {
                line = placeholderFor(r, batch);
            }
            switch (r.outcome) {
            case KeyOutcome::Succeeded:
                ++summary.succeeded;
                break;
            case KeyOutcome::Failed:
                ++summary.failed;
                break;
            case KeyOutcome::Blocked:
                ++summary.blocked;
                break;
            case KeyOutcome::Missing:
            case KeyOutcome::Pending:
                ++summary.missing;
                break;
            }
            line.append('\n');
            if (out.write(line) != line.size()) {
                summary.error = out.errorString();
                out.cancelWriting();
                return summary;
            }
            ++summary.lines;
        }
    }
    if (!out.commit())
        summary.error = out.errorString();
    const CostTotals cost = projectCostEstimator(store, byId.values()).totals(byId.values());
    summary.actualUsd = cost.actual.batch;
    summary.standardUsd = cost.actual.standard;
    return summary;
}

} // namespace bb
