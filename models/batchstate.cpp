#include "batchstate.h"

#include <array>
#include <utility>

namespace bb {
namespace {

constexpr std::array<std::pair<BatchState, QLatin1StringView>, 13> stateCodes { {
    { BatchState::NotUploaded, QLatin1StringView("not_uploaded") },
    { BatchState::Uploading, QLatin1StringView("uploading") },
    { BatchState::Uploaded, QLatin1StringView("uploaded") },
    { BatchState::FileExpired, QLatin1StringView("file_expired") },
    { BatchState::Creating, QLatin1StringView("creating") },
    { BatchState::JobPending, QLatin1StringView("job_pending") },
    { BatchState::JobRunning, QLatin1StringView("job_running") },
    { BatchState::JobSucceeded, QLatin1StringView("job_succeeded") },
    { BatchState::Downloading, QLatin1StringView("downloading") },
    { BatchState::Downloaded, QLatin1StringView("downloaded") },
    { BatchState::JobFailed, QLatin1StringView("job_failed") },
    { BatchState::JobCancelled, QLatin1StringView("job_cancelled") },
    { BatchState::JobExpired, QLatin1StringView("job_expired") },
} };

constexpr std::array<std::pair<WaitReason, QLatin1StringView>, 18> reasonCodes { {
    { WaitReason::None, QLatin1StringView("") },
    { WaitReason::Paused, QLatin1StringView("paused") },
    { WaitReason::UploadSlots, QLatin1StringView("upload_slots") },
    { WaitReason::RateLimit, QLatin1StringView("rate_limit") },
    { WaitReason::DailyQuota, QLatin1StringView("daily_quota") },
    { WaitReason::BatchCapacity, QLatin1StringView("batch_capacity") },
    { WaitReason::ConcurrentBatches, QLatin1StringView("concurrent_batches") },
    { WaitReason::EnqueuedTokens, QLatin1StringView("enqueued_tokens") },
    { WaitReason::Storage, QLatin1StringView("storage") },
    { WaitReason::ExpiryMargin, QLatin1StringView("expiry_margin") },
    { WaitReason::SpendCap, QLatin1StringView("spend_cap") },
    { WaitReason::Canary, QLatin1StringView("canary") },
    { WaitReason::FailureAlarm, QLatin1StringView("failure_alarm") },
    { WaitReason::ModelUnavailable, QLatin1StringView("model_unavailable") },
    { WaitReason::Billing, QLatin1StringView("billing") },
    { WaitReason::Backoff, QLatin1StringView("backoff") },
    { WaitReason::Held, QLatin1StringView("held") },
    { WaitReason::NeedsUser, QLatin1StringView("needs_user") },
} };

template<typename Enum, std::size_t N>
QString codeOf(const std::array<std::pair<Enum, QLatin1StringView>, N> &table, Enum value)
{
    for (const auto &[e, code] : table) {
        if (e == value)
            return code.toString();
    }
    return {};
}

template<typename Enum, std::size_t N>
Enum valueOf(const std::array<std::pair<Enum, QLatin1StringView>, N> &table, QStringView code, bool *ok)
{
    for (const auto &[e, c] : table) {
        if (code == c) {
            if (ok)
                *ok = true;
            return e;
        }
    }
    if (ok)
        *ok = false;
    return table.front().first;
}

} // namespace

QString toCode(BatchState state)
{
    return codeOf(stateCodes, state);
}
BatchState batchStateFromCode(QStringView code, bool *ok)
{
    return valueOf(stateCodes, code, ok);
}
QString toCode(WaitReason reason)
{
    return codeOf(reasonCodes, reason);
}
WaitReason waitReasonFromCode(QStringView code, bool *ok)
{
    return valueOf(reasonCodes, code, ok);
}

bool occupiesJobSlot(BatchState state)
{
    return state == BatchState::Creating || state == BatchState::JobPending
        || state == BatchState::JobRunning;
}

bool isFinal(BatchState state)
{
    return state == BatchState::Downloaded || needsAttention(state);
}

bool needsAttention(BatchState state)
{
    return state == BatchState::JobFailed || state == BatchState::JobCancelled
        || state == BatchState::JobExpired;
}

} // namespace bb
