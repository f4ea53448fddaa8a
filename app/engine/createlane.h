#pragma once

#include "enginecontext.h"

#include <QObject>
#include <QPointer>

#include <deque>

namespace bb {

namespace gemini {
class BatchCallJob;
}

// Creates batch jobs one at a time, as fast as the quota allows and never twice: the intent
// (state Creating) is stored before the request, and any ambiguous failure (timeout, reset, 5xx)
// hands the batch to reconciliation, which looks for the job by its unique display name before
// anything is sent again. Files closest to expiry go first; a 429 without details teaches the
// admission control where the concurrency wall is and the lane probes it with one request after
// an exponential back-off; RetryInfo is honoured; a per-day quota stops the lane until midnight
// Pacific.
class CreateLane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateLane)

public:
    CreateLane(EngineContext &context, QObject *parent = nullptr);

    void pump();
    void createNow(qint64 id); // user asked: skips the lane's own waits, not the server's
    bool busy() const { return !m_job.isNull(); }
    QDateTime nextWake() const;
    QDateTime blockedUntil() const { return m_blockedUntil; }
    WaitReason blockReason() const { return m_blockReason; }
    int capacityRefusals() const { return m_capacityAttempts; }

signals:
    void changed();
    void reconcileNeeded();
    void fatal(const QString &message);

private:
    void create(BatchRecord record, int activeJobs);
    void finished(qint64 id, gemini::BatchCallJob *job);
    void markWaiting(const QList<qint64> &ids, WaitReason reason, const QDateTime &until);
    void block(WaitReason reason, const QDateTime &until);
    // Removes from `order` (front first) what the spend cap forbids and marks it waiting;
    // false when nothing is left to create.
    bool applySpendCap(const QList<BatchRecord> &records, QList<qint64> &order);

    EngineContext &m_context;
    QPointer<gemini::BatchCallJob> m_job;
    int m_activeAtSend = 0;
    QDateTime m_blockedUntil; // rate limit or daily quota: nothing is sent before this
    WaitReason m_blockReason = WaitReason::None;
    QDateTime m_probeAt; // capacity back-off: one probe may go at this time
    int m_capacityAttempts = 0;
    bool m_sendingProbe = false; // the request in flight is a capacity probe
    bool m_probeFailed = false; // this episode's probe was refused: wait for a slot to free
    int m_rateAttempts = 0;
    QHash<qint64, int> m_transientFailures;
    // Per-minute create pacing, learned from the first rate-limit 429 (its quota value, else the
    // creates of the last minute): later creates wait for the window instead of drawing 429s.
    QDateTime pacedUntil(const QDateTime &now);
    std::deque<QDateTime> m_recentCreates;
    int m_learnedPerMinute = 0;
};

} // namespace bb
