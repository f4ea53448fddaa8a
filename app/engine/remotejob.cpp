#include "remotejob.h"

#include "batchjob.h"

#include <QCoreApplication>

namespace bb {

bool applyRemoteJob(BatchRecord &r, const gemini::BatchJob &job)
{
    using S = gemini::BatchJob::State;
    const BatchState before = r.state;
    r.jobName = job.name;
    if (!job.model.isEmpty())
        r.model = job.model;
    if (job.createTime.isValid())
        r.jobCreatedAt = job.createTime;
    if (job.endTime.isValid())
        r.jobEndedAt = job.endTime;
    if (job.stats.requestCount > 0 || job.stats.successfulRequestCount > 0
        || job.stats.failedRequestCount > 0) {
        r.succeededCount = job.stats.successfulRequestCount;
        r.failedCount = job.stats.failedRequestCount;
        r.pendingCount = job.stats.pendingRequestCount;
    }
    if (!job.responsesFile.isEmpty())
        r.resultsFileName = job.responsesFile;

    if (r.state == BatchState::Downloading || r.state == BatchState::Downloaded)
        return false;
    switch (job.state) {
    case S::Pending:
        r.state = BatchState::JobPending;
        break;
    case S::Running:
        r.state = BatchState::JobRunning;
        break;
    case S::Succeeded:
        // A job can report success before its output is fetchable: wait for the file name.
        r.state = r.resultsFileName.isEmpty() ? BatchState::JobRunning : BatchState::JobSucceeded;
        break;
    case S::Failed:
        r.state = BatchState::JobFailed;
        r.lastError = job.error.isSet() ? job.error.message
                                        : QCoreApplication::translate("bb::Engine", "the batch job failed");
        break;
    case S::Cancelled:
        // A job cancelled while running keeps what it finished (changes-2026 row 4): the rest of
        // its lines come back as errors, so downloading it accounts for every key. The state, not
        // error.code (13 or 1), decides.
        r.state = r.resultsFileName.isEmpty() ? BatchState::JobCancelled : BatchState::JobSucceeded;
        break;
    case S::Expired:
        r.state = BatchState::JobExpired;
        r.lastError = QCoreApplication::translate(
            "bb::Engine", "the job stayed pending or running for 48 hours and expired");
        break;
    case S::Unspecified:
    case S::Unknown:
        if (!occupiesJobSlot(r.state) && !needsAttention(r.state))
            r.state = BatchState::JobPending;
        break;
    }
    if (r.state != before) {
        r.waitReason = WaitReason::None;
        r.nextAttemptAt = {};
    }
    return r.state != before;
}

} // namespace bb
