#include "statusreport.h"

#include <QJsonArray>
#include <QMap>

namespace bb::cli {
namespace {

QString iso(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

} // namespace

QJsonObject statusJson(const QList<BatchRecord> &batches, const QHash<KeyOutcome, qint64> &outcomes,
    const CostEstimator &cost, const CostReport &report)
{
    QJsonArray rows;
    QMap<QString, int> byState;
    qint64 requests = 0;
    for (const BatchRecord &b : batches) {
        ++byState[toCode(b.state)];
        requests += b.requestCount;
        QJsonObject row { { QStringLiteral("batch"), b.displayName }, { QStringLiteral("file"), b.localPath },
            { QStringLiteral("requests"), b.requestCount }, { QStringLiteral("sizeBytes"), b.sizeBytes },
            { QStringLiteral("state"), toCode(b.state) } };
        if (b.batchNumber)
            row.insert(QStringLiteral("number"), *b.batchNumber);
        if (b.waitReason != WaitReason::None)
            row.insert(QStringLiteral("waiting"), toCode(b.waitReason));
        if (b.nextAttemptAt.isValid())
            row.insert(QStringLiteral("nextAttemptAt"), iso(b.nextAttemptAt));
        if (b.hasRemoteFile()) {
            row.insert(QStringLiteral("remoteFile"), b.remoteFileName);
            row.insert(QStringLiteral("remoteFileExpiresAt"), iso(b.remoteFileExpiresAt));
        }
        if (b.hasJob())
            row.insert(QStringLiteral("job"), b.jobName);
        if (b.succeededCount || b.failedCount) {
            row.insert(QStringLiteral("succeeded"), b.succeededCount);
            row.insert(QStringLiteral("failed"), b.failedCount);
        }
        if (!b.lastError.isEmpty())
            row.insert(QStringLiteral("lastError"), b.lastError);
        if (b.parentId)
            row.insert(QStringLiteral("resubmissionOf"), b.parentId);
        row.insert(QStringLiteral("cost"), batchCostJson(cost.costOf(b)));
        if (b.usage.requests > 0) {
            const TokenCounts t = b.usage.total();
            row.insert(QStringLiteral("usage"),
                QJsonObject { { QStringLiteral("requests"), b.usage.requests },
                    { QStringLiteral("promptTokens"), t.prompt },
                    { QStringLiteral("candidatesTokens"), t.candidates },
                    { QStringLiteral("thoughtsTokens"), t.thoughts },
                    { QStringLiteral("cachedTokens"), t.cached } });
        }
        rows.append(row);
    }
    QJsonObject states;
    for (auto it = byState.cbegin(); it != byState.cend(); ++it)
        states.insert(it.key(), it.value());
    QJsonObject keys;
    for (KeyOutcome o : { KeyOutcome::Pending, KeyOutcome::Succeeded, KeyOutcome::Failed, KeyOutcome::Blocked,
             KeyOutcome::Missing })
        keys.insert(toCode(o), outcomes.value(o));
    return { { QStringLiteral("batches"), rows },
        { QStringLiteral("totals"),
            QJsonObject { { QStringLiteral("batches"), int(batches.size()) },
                { QStringLiteral("requests"), requests }, { QStringLiteral("states"), states },
                { QStringLiteral("keys"), keys } } },
        { QStringLiteral("cost"), costJson(report) } };
}

QString costSummaryText(const CostReport &report)
{
    const CostTotals &t = report.totals;
    const QString model = report.modelChosen
        ? report.model
        : QStringLiteral(
            "%1, the likely default: Resume chooses the newest stable Flash model the key offers")
              .arg(report.model);
    QString text = QStringLiteral("cost (%1, batch price, prices as of %2): estimate %3, actual %4, "
                                  "projected %5; at the non-batch price %6 (saving %7)")
                       .arg(model, report.settings.prices.asOf, formatUsd(t.estimate.batch),
                           formatUsd(t.actual.batch), formatUsd(t.projected.batch),
                           formatUsd(t.projected.standard), formatUsd(t.projected.saving()));
    if (t.cap)
        text += QStringLiteral("; spend cap %1").arg(formatUsd(*t.cap));
    if (report.calibration.calibrated())
        text += QStringLiteral("; calibrated on %1 results (%2 tokens per text byte)")
                    .arg(report.calibration.sampleRequests)
                    .arg(report.calibration.tokensPerTextByte(), 0, 'f', 3);
    if (t.unpricedBatches > 0)
        text += QStringLiteral("; %1 batches have no price").arg(t.unpricedBatches);
    for (auto it = t.estimatedFrom.cbegin(); it != t.estimatedFrom.cend(); ++it)
        text += QStringLiteral("; %1 has no price of its own: estimated from %2").arg(it.key(), it.value());
    return text + u'\n';
}

QString statusText(const QList<BatchRecord> &batches, const QHash<KeyOutcome, qint64> &outcomes,
    const CostEstimator &cost, const CostReport &report)
{
    QString text;
    text += QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                .arg(QStringLiteral("BATCH"), -14)
                .arg(QStringLiteral("STATE"), -14)
                .arg(QStringLiteral("REQUESTS"), 8)
                .arg(QStringLiteral("OK/FAILED"), -11)
                .arg(QStringLiteral("COST"), -12)
                .arg(QStringLiteral("JOB / WAITING"));
    int done = 0;
    for (const BatchRecord &b : batches) {
        if (b.state == BatchState::Downloaded)
            ++done;
        QString note = b.hasJob() ? b.jobName : QString();
        if (b.waitReason != WaitReason::None && !isFinal(b.state))
            note = QStringLiteral("waiting: %1%2")
                       .arg(toCode(b.waitReason),
                           b.nextAttemptAt.isValid() ? QStringLiteral(" until ") + iso(b.nextAttemptAt)
                                                     : QString());
        if (!b.lastError.isEmpty() && !isFinal(b.state))
            note += QStringLiteral(" (last error: %1)").arg(b.lastError.simplified().left(400));
        const BatchCost c = cost.costOf(b);
        const QString costText = !c.priced ? QStringLiteral("-")
            : c.hasActual                  ? formatUsd(c.actual.batch)
                                           : QStringLiteral("~") + formatUsd(c.estimate.batch);
        text += QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                    .arg(b.displayName, -14)
                    .arg(toCode(b.state), -14)
                    .arg(b.requestCount, 8)
                    .arg(QStringLiteral("%1/%2").arg(b.succeededCount).arg(b.failedCount), -11)
                    .arg(costText, -12)
                    .arg(note);
    }
    text += QStringLiteral(
        "\n%1/%2 batches done; keys: %3 succeeded, %4 failed, %5 blocked, %6 missing, %7 pending\n")
                .arg(done)
                .arg(batches.size())
                .arg(outcomes.value(KeyOutcome::Succeeded))
                .arg(outcomes.value(KeyOutcome::Failed))
                .arg(outcomes.value(KeyOutcome::Blocked))
                .arg(outcomes.value(KeyOutcome::Missing))
                .arg(outcomes.value(KeyOutcome::Pending));
    text += costSummaryText(report);
    return text;
}

} // namespace bb::cli
