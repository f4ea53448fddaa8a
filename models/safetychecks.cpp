#include "safetychecks.h"

#include <QSet>

namespace bb {

bool mostLinesFailed(const BatchRecord &batch)
{
    const qint64 total = batch.succeededCount + batch.failedCount;
    return batch.state == BatchState::Downloaded && total > 0 && batch.failedCount * 2 >= total;
}

bool raisesFailureAlarm(const BatchRecord &batch, const QList<BatchRecord> &project)
{
    if (!mostLinesFailed(batch))
        return false;
    if (batch.succeededCount + batch.failedCount >= kAlarmMinLines)
        return true;
    qint64 failed = 0;
    qint64 total = 0;
    for (const BatchRecord &b : project) {
        if (b.state != BatchState::Downloaded || b.id == batch.id)
            continue;
        failed += b.failedCount;
        total += b.succeededCount + b.failedCount;
    }
    failed += batch.failedCount;
    total += batch.succeededCount + batch.failedCount;
    return failed * 2 >= total;
}

CanaryHold canaryHold(const QList<BatchRecord> &batches, const CanarySettings &settings, const QDateTime &now)
{
    CanaryHold hold;
    if (!settings.enabled)
        return hold;
    const BatchRecord *canary = nullptr;
    for (const BatchRecord &b : batches) {
        // A job of this project came back: its results tell (and if most lines failed, the
        // failure alarm holds the rest instead).
        if (b.state == BatchState::Downloaded || (b.hasJob() && isFinal(b.state)))
            return hold;
        if (!b.hasJob())
            continue;
        const QDateTime created = b.jobCreatedAt.isValid() ? b.jobCreatedAt : now;
        if (!canary || created < (canary->jobCreatedAt.isValid() ? canary->jobCreatedAt : now))
            canary = &b;
    }
    if (!canary)
        return hold;
    const QDateTime created = canary->jobCreatedAt.isValid() ? canary->jobCreatedAt : now;
    hold.until = created.addSecs(settings.holdSeconds);
    hold.canaryId = canary->id;
    hold.holding = now < hold.until;
    return hold;
}

QStringList firstDistinctMessages(const QStringList &messages, int max)
{
    QStringList out;
    QSet<QString> seen;
    for (const QString &m : messages) {
        const QString text = m.trimmed();
        if (text.isEmpty() || seen.contains(text))
            continue;
        seen.insert(text);
        out.append(text);
        if (out.size() >= max)
            break;
    }
    return out;
}

} // namespace bb
