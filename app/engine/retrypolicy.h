#pragma once

#include "batchstate.h"

#include <QDateTime>

#include <functional>

namespace bb {

// The engine's view of why a call failed — what it must do next, not what the server said.
enum class FailureKind
{
    Transient, // 5xx, timeout, reset: the request may or may not have taken effect
    RateLimited, // 429 with a RetryInfo delay
    DailyQuota, // 429 with a PerDay quota: nothing helps before midnight Pacific
    BatchCapacity, // 429 without details on create: concurrent jobs, tokens, storage or spend
    FileGone, // 403 "may not exist" / 404 on the input file: it expired or was deleted
    BadKey, // the API key is wrong: stop everything
    Invalid, // the request itself is wrong: retrying the same thing cannot help
    ModelUnavailable, // 404 for the model on create: retired or not offered to this key
    Billing, // credits depleted, spend or tier cap reached, billing not linked: waiting cannot help
};

// What to do after a failure: when the next attempt may start, why the batch waits, and
// whether the whole lane (not just this batch) must hold back.
struct RetryPlan
{
    QDateTime notBefore;
    WaitReason reason = WaitReason::Backoff;
    bool laneWide = false; // every batch of the lane waits (quota), not only this one
    bool probe = false; // after the wait, send one request alone to test the limit
    bool reconcileFirst = false; // the call may have succeeded: look before trying again
    bool giveUp = false; // needs the user (bad key, invalid request)
};

// The one place that turns a failure into a schedule. `attempt` counts consecutive failures of
// the same kind (1 for the first); `random01` supplies jitter in [0, 1).
class RetryPolicy final
{
public:
    struct Settings
    {
        qint64 transientBaseMs = 1000;
        qint64 transientMaxMs = 60'000;
        qint64 capacityBaseMs = 30'000; // a 429 without details: 30 s ...
        qint64 capacityMaxMs = 30 * 60'000; // ... doubling to 30 min
        qint64 minRateLimitDelayMs = 1000;
        qint64 rateWindowMs = 60'000; // a rate limit without a delay: wait for its minute to pass
    };

    RetryPolicy();
    explicit RetryPolicy(Settings settings, std::function<double()> random01 = {});

    RetryPlan plan(FailureKind kind, int attempt, const QDateTime &now, qint64 retryDelayMs = -1,
        bool ambiguousCreate = false) const;

    const Settings &settings() const { return m_settings; }

private:
    qint64 exponential(qint64 baseMs, qint64 maxMs, int attempt) const;

    Settings m_settings;
    std::function<double()> m_random01;
};

// Midnight in America/Los_Angeles after `now`, when Google's per-day quotas reset.
QDateTime nextPacificMidnight(const QDateTime &now);

} // namespace bb
