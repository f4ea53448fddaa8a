#pragma once

#include "retrypolicy.h"

#include <QDateTime>

#include <deque>

namespace bb {

namespace gemini {
struct ApiError;
}

// The back-off of a lane as a whole. When the server refuses one of the lane's requests (a 429,
// a 5xx, a timeout), no request of that lane leaves before the wait the refusal was classified
// with has passed, whichever batch it is for; consecutive refusals make the wait grow.
//
// A storm guard holds whatever the classification says: while the lane's last answer was a 429,
// at most StormAttemptsPerMinute of its requests go out in any minute of server time, and a 429
// that was classified with no wait at all waits like a capacity refusal. A classification bug can
// make Batchboard slow; it cannot make it hammer the service.
class LaneGate final
{
public:
    static constexpr int StormAttemptsPerMinute = 2;

    explicit LaneGate(const RetryPolicy &policy)
        : m_policy(policy)
    {
    }

    // The server refused the lane's request, and the client classified the failure as `kind`.
    // `tooManyRequests`: the answer was a 429 (or another RESOURCE_EXHAUSTED refusal). Failures
    // that say nothing about the service's load (an invalid request, a missing file) leave the
    // gate as it is unless they came as a 429.
    // Returns whether the refusal closed the gate.
    bool refused(FailureKind kind, bool tooManyRequests, const QDateTime &now, qint64 retryDelayMs = -1);
    // The same for a failed call of the client: a 429, or a quota refusal under another status
    // (402 for depleted prepaid credit), refuses the project rather than one request.
    bool refused(const gemini::ApiError &error, const QDateTime &now);
    // The server accepted a request of the lane: the streak is over.
    void accepted();

    bool isOpen(const QDateTime &now) const;
    QDateTime opensAt() const; // invalid when no refusal holds the lane
    WaitReason reason() const { return m_reason; }
    int streak() const { return m_streak; } // consecutive refusals

private:
    const RetryPolicy &m_policy;
    QDateTime m_classifiedOpen;
    WaitReason m_reason = WaitReason::None;
    int m_streak = 0;
    int m_transientStreak = 0;
    int m_rateStreak = 0;
    int m_capacityStreak = 0;
    bool m_lastWasTooMany = false;
    std::deque<QDateTime> m_tooManyAt; // the latest 429s of this streak
};

} // namespace bb
