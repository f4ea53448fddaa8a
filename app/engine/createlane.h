#pragma once

#include "enginecontext.h"
#include "lanegate.h"

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
// anything is sent again. Files closest to expiry go first. Every refusal closes the lane as a
// whole (LaneGate) until its classified wait has passed: RetryInfo is honoured, a per-day quota
// stops the lane until midnight Pacific, and a 429 without details teaches the admission control
// where the concurrency wall is, after which one probe goes per exponential back-off step.
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
    QDateTime blockedUntil() const; // nothing is sent before this (a refusal, or pacing)
    WaitReason blockReason() const;

signals:
    void changed();
    void reconcileNeeded();
    void fatal(const QString &message);

private:
    void create(BatchRecord record, int activeJobs);
    void finished(qint64 id, gemini::BatchCallJob *job);
    void markWaiting(const QList<qint64> &ids, WaitReason reason, const QDateTime &until);
    // Removes from `order` (front first) what the spend cap forbids and marks it waiting;
    // false when nothing is left to create.
    bool applySpendCap(const QList<BatchRecord> &records, QList<qint64> &order);

    EngineContext &m_context;
    QPointer<gemini::BatchCallJob> m_job;
    int m_activeAtSend = 0;
    LaneGate m_gate;
    bool m_sendingProbe = false; // the request in flight is a capacity probe
    bool m_probeFailed = false; // this episode's probe was refused: wait for a slot to free
    bool m_probeArmed = false; // a refusal since the last probe or success: one probe may go
    // Per-minute create pacing, learned from the first rate-limit 429 (its quota value, else the
    // creates of the last minute): later creates wait for the window instead of drawing 429s.
    QDateTime pacedUntil(const QDateTime &now);
    QDateTime m_pacedUntil; // the learned pace holds creates back until then
    std::deque<QDateTime> m_recentCreates;
    int m_learnedPerMinute = 0;
};

} // namespace bb
