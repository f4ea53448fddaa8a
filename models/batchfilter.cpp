#include "batchfilter.h"

#include <QCoreApplication>

namespace bb {

bool isWaitingForQuota(const BatchRecord &r)
{
    switch (r.waitReason) {
    case WaitReason::RateLimit:
    case WaitReason::DailyQuota:
    case WaitReason::BatchCapacity:
    case WaitReason::ConcurrentBatches:
    case WaitReason::EnqueuedTokens:
    case WaitReason::Storage:
    case WaitReason::SpendCap:
        return true;
    default:
        return false;
    }
}

bool matches(BatchFilter filter, const BatchRecord &r, const FilterContext &context)
{
    // Only two filters look at the clock; the table recounts every filter for every row.
    const auto fileLive = [&] {
        return r.hasRemoteFile() && r.remoteFileExpiresAt.isValid() && context.now < r.remoteFileExpiresAt;
    };
    switch (filter) {
    case BatchFilter::All:
        return true;
    case BatchFilter::NotUploaded:
        return r.state == BatchState::NotUploaded;
    case BatchFilter::Uploading:
        return r.state == BatchState::Uploading;
    case BatchFilter::Uploaded:
        return r.state == BatchState::Uploaded;
    case BatchFilter::ExpiringSoon:
        return r.state == BatchState::Uploaded && fileLive()
            && context.now.secsTo(r.remoteFileExpiresAt) < context.expiringSoonSeconds;
    case BatchFilter::FileExpired:
        return r.state == BatchState::FileExpired
            || (r.state == BatchState::Uploaded && r.remoteFileExpiresAt.isValid() && !fileLive());
    case BatchFilter::WaitingForQuota:
        return isWaitingForQuota(r) && !isFinal(r.state);
    case BatchFilter::Pending:
        return r.state == BatchState::JobPending || r.state == BatchState::Creating;
    case BatchFilter::Running:
        return r.state == BatchState::JobRunning;
    case BatchFilter::Succeeded:
        return r.state == BatchState::JobSucceeded || r.state == BatchState::Downloading
            || r.state == BatchState::Downloaded;
    case BatchFilter::FailedCancelledExpired:
        return needsAttention(r.state);
    case BatchFilter::NeedsAttention:
        return needsAttention(r.state) || r.failedCount > 0 || (!r.lastError.isEmpty() && !isFinal(r.state))
            || r.waitReason == WaitReason::DailyQuota || r.waitReason == WaitReason::NeedsUser;
    }
    return false;
}

QString filterName(BatchFilter filter)
{
    const char *text = "";
    switch (filter) {
    case BatchFilter::All:
        text = QT_TRANSLATE_NOOP("BatchFilter", "All");
        break;
    case BatchFilter::NotUploaded:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Not uploaded");
        break;
    case BatchFilter::Uploading:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Uploading");
        break;
    case BatchFilter::Uploaded:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Uploaded");
        break;
    case BatchFilter::ExpiringSoon:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Expiring soon");
        break;
    case BatchFilter::FileExpired:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Expired");
        break;
    case BatchFilter::WaitingForQuota:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Waiting for quota");
        break;
    case BatchFilter::Pending:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Pending");
        break;
    case BatchFilter::Running:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Running");
        break;
    case BatchFilter::Succeeded:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Succeeded");
        break;
    case BatchFilter::FailedCancelledExpired:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Failed / Cancelled / Expired jobs");
        break;
    case BatchFilter::NeedsAttention:
        text = QT_TRANSLATE_NOOP("BatchFilter", "Needs attention");
        break;
    }
    return QCoreApplication::translate("BatchFilter", text);
}

} // namespace bb
