#include "retrypolicy.h"

#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace bb {

RetryPolicy::RetryPolicy()
    : RetryPolicy(Settings {})
{
}

RetryPolicy::RetryPolicy(Settings settings, std::function<double()> random01)
    : m_settings(settings)
    , m_random01(random01 ? std::move(random01) : [] { return QRandomGenerator::global()->generateDouble(); })
{
}

qint64 RetryPolicy::exponential(qint64 baseMs, qint64 maxMs, int attempt) const
{
    const int exponent = std::clamp(attempt - 1, 0, 30);
    const double ceiling = std::min(double(maxMs), double(baseMs) * std::pow(2.0, exponent));
    // "Equal jitter": half fixed, half random, so waits grow but never synchronise.
    return qint64(ceiling / 2 + m_random01() * ceiling / 2);
}

RetryPlan RetryPolicy::plan(
    FailureKind kind, int attempt, const QDateTime &now, qint64 retryDelayMs, bool ambiguousCreate) const
{
    RetryPlan plan;
    switch (kind) {
    case FailureKind::Transient:
        plan.notBefore
            = now.addMSecs(exponential(m_settings.transientBaseMs, m_settings.transientMaxMs, attempt));
        plan.reason = WaitReason::Backoff;
        plan.reconcileFirst = ambiguousCreate;
        break;
    case FailureKind::RateLimited: {
        // Honour the server's delay exactly, plus a little jitter so parallel lanes spread out.
        const qint64 delay = retryDelayMs < 0 ? m_settings.rateWindowMs
                                              : std::max(retryDelayMs, m_settings.minRateLimitDelayMs);
        plan.notBefore = now.addMSecs(delay + qint64(m_random01() * 250));
        plan.reason = WaitReason::RateLimit;
        plan.laneWide = true;
        break;
    }
    case FailureKind::DailyQuota:
        plan.notBefore = nextPacificMidnight(now);
        plan.reason = WaitReason::DailyQuota;
        plan.laneWide = true;
        break;
    case FailureKind::BatchCapacity:
        plan.notBefore
            = now.addMSecs(exponential(m_settings.capacityBaseMs, m_settings.capacityMaxMs, attempt));
        plan.reason = WaitReason::BatchCapacity;
        plan.laneWide = true;
        plan.probe = true;
        break;
    case FailureKind::FileGone:
        plan.notBefore = now; // re-upload right away
        plan.reason = WaitReason::None;
        break;
    case FailureKind::BadKey:
    case FailureKind::Invalid:
    case FailureKind::ModelUnavailable:
    case FailureKind::Billing:
        plan.giveUp = true;
        plan.reason = WaitReason::None;
        plan.laneWide = kind == FailureKind::BadKey;
        break;
    }
    return plan;
}

QDateTime nextPacificMidnight(const QDateTime &now)
{
    const QTimeZone pacific(QByteArrayLiteral("America/Los_Angeles"));
    if (!pacific.isValid()) {
        // No time-zone data: midnight PST (UTC-8) is never earlier than the real reset.
        const QDateTime shifted = now.toUTC().addSecs(-8 * 3600);
        return QDateTime(shifted.date().addDays(1), QTime(0, 0), Qt::UTC).addSecs(8 * 3600);
    }
    const QDateTime local = now.toTimeZone(pacific);
    return QDateTime(local.date().addDays(1), QTime(0, 0), pacific).toUTC();
}

} // namespace bb
