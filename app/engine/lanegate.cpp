#include "lanegate.h"

#include "apierror.h"
#include "enginecontext.h"

namespace bb {

bool LaneGate::refused(const gemini::ApiError &error, const QDateTime &now)
{
    const bool tooManyRequests
        = error.httpStatus == 429 || error.status == QLatin1StringView("RESOURCE_EXHAUSTED");
    return refused(failureKindOf(error), tooManyRequests, now, error.retryDelayMs());
}

bool LaneGate::refused(FailureKind kind, bool tooManyRequests, const QDateTime &now, qint64 retryDelayMs)
{
    RetryPlan plan;
    switch (kind) {
    case FailureKind::Transient:
        plan = m_policy.plan(kind, ++m_transientStreak, now);
        break;
    case FailureKind::RateLimited:
        plan = m_policy.plan(kind, ++m_rateStreak, now, retryDelayMs);
        break;
    case FailureKind::DailyQuota:
        plan = m_policy.plan(kind, 1, now);
        break;
    case FailureKind::BatchCapacity:
        plan = m_policy.plan(kind, ++m_capacityStreak, now);
        break;
    case FailureKind::FileGone:
    case FailureKind::BadKey:
    case FailureKind::Invalid:
    case FailureKind::ModelUnavailable:
    case FailureKind::Billing:
        if (!tooManyRequests)
            return false;
        break;
    }
    ++m_streak;
    if (tooManyRequests && (!plan.notBefore.isValid() || plan.notBefore <= now)) {
        // A 429 whose classification gives no wait is treated as what it most likely is: the
        // service's capacity, probed on the capacity back-off. Never "retry now".
        plan = m_policy.plan(FailureKind::BatchCapacity, ++m_capacityStreak, now);
    }
    m_lastWasTooMany = tooManyRequests;
    if (tooManyRequests) {
        m_tooManyAt.push_back(now);
        while (m_tooManyAt.size() > size_t(StormAttemptsPerMinute))
            m_tooManyAt.pop_front();
    }
    if (!m_classifiedOpen.isValid() || plan.notBefore >= m_classifiedOpen || m_classifiedOpen <= now) {
        m_classifiedOpen = plan.notBefore;
        m_reason = plan.reason == WaitReason::None ? WaitReason::Backoff : plan.reason;
    }
    return true;
}

void LaneGate::accepted()
{
    m_classifiedOpen = {};
    m_reason = WaitReason::None;
    m_streak = m_transientStreak = m_rateStreak = m_capacityStreak = 0;
    m_lastWasTooMany = false;
    m_tooManyAt.clear();
}

QDateTime LaneGate::opensAt() const
{
    QDateTime at = m_classifiedOpen;
    if (m_lastWasTooMany && m_tooManyAt.size() >= size_t(StormAttemptsPerMinute)) {
        const QDateTime guard = m_tooManyAt.front().addSecs(60);
        if (!at.isValid() || guard > at)
            at = guard;
    }
    return at;
}

bool LaneGate::isOpen(const QDateTime &now) const
{
    const QDateTime at = opensAt();
    return !at.isValid() || now >= at;
}

} // namespace bb
