#include "admission.h"

#include <algorithm>

namespace bb {
namespace {

bool fileIsLive(const BatchRecord &r, const QDateTime &now)
{
    return r.hasRemoteFile() && (!r.remoteFileExpiresAt.isValid() || now < r.remoteFileExpiresAt);
}

int batchOrder(const BatchRecord &r)
{
    return r.batchNumber.value_or(INT_MAX);
}

} // namespace

QuotaUsage QuotaUsage::of(const QList<BatchRecord> &records, const QDateTime &now)
{
    QuotaUsage usage;
    for (const BatchRecord &r : records) {
        if (occupiesJobSlot(r.state)) {
            ++usage.activeJobs;
            usage.enqueuedTokens += r.tokenEstimate;
        }
        if (r.state == BatchState::Uploading) {
            ++usage.uploading;
            usage.storedBytes += r.sizeBytes; // reserved while it goes up
        } else if (fileIsLive(r, now)) {
            usage.storedBytes += r.sizeBytes;
            if (r.state == BatchState::Uploaded)
                ++usage.uploadedWaiting;
        }
    }
    return usage;
}

void AdmissionControl::noteCapacityRefusal(int activeJobs, qint64 enqueuedTokens)
{
    // Refused with none of our jobs running: the capacity is taken elsewhere (another tool's
    // jobs, a tier without batch quota, billing). The wall is at 0 until a probe gets through.
    m_learnedJobs = std::max(activeJobs, 0);
    m_learnedTokens = enqueuedTokens;
}

void AdmissionControl::noteCreated(int activeJobs)
{
    if (m_learnedJobs && activeJobs > *m_learnedJobs) {
        m_learnedJobs.reset();
        m_learnedTokens.reset();
    }
}

int AdmissionControl::effectiveConcurrency() const
{
    return m_learnedJobs ? std::min(*m_learnedJobs, m_limits.concurrentBatches) : m_limits.concurrentBatches;
}

Admission AdmissionControl::canCreate(const BatchRecord &candidate, const QuotaUsage &usage) const
{
    if (usage.activeJobs >= m_limits.concurrentBatches)
        return { false, WaitReason::ConcurrentBatches };
    if (m_learnedJobs && usage.activeJobs >= *m_learnedJobs)
        return { false, WaitReason::BatchCapacity };
    if (usage.enqueuedTokens > 0 && usage.enqueuedTokens + candidate.tokenEstimate > m_limits.enqueuedTokens)
        return { false, WaitReason::EnqueuedTokens };
    return {};
}

Admission AdmissionControl::canUpload(const BatchRecord &candidate, const QuotaUsage &usage) const
{
    if (usage.uploading >= m_limits.parallelUploads)
        return { false, WaitReason::UploadSlots };
    if (usage.storedBytes + candidate.sizeBytes > m_limits.storageBytes)
        return { false, WaitReason::Storage };
    return {};
}

QList<qint64> AdmissionControl::createOrder(const QList<BatchRecord> &records, const QDateTime &now) const
{
    QList<const BatchRecord *> ready;
    for (const BatchRecord &r : records) {
        if (r.state == BatchState::Uploaded && !r.hasJob() && fileIsLive(r, now)
            && (!r.remoteFileExpiresAt.isValid()
                || now.secsTo(r.remoteFileExpiresAt) >= m_limits.expiryMarginSeconds))
            ready.append(&r);
    }
    std::stable_sort(ready.begin(), ready.end(), [](const BatchRecord *a, const BatchRecord *b) {
        if (a->remoteFileExpiresAt != b->remoteFileExpiresAt)
            return a->remoteFileExpiresAt.isValid()
                && (!b->remoteFileExpiresAt.isValid() || a->remoteFileExpiresAt < b->remoteFileExpiresAt);
        return batchOrder(*a) < batchOrder(*b);
    });
    QList<qint64> ids;
    for (const BatchRecord *r : ready)
        ids.append(r->id);
    return ids;
}

bool AdmissionControl::needsUpload(const BatchRecord &r, const QDateTime &now) const
{
    if (r.state == BatchState::NotUploaded || r.state == BatchState::FileExpired)
        return true;
    if (r.state != BatchState::Uploaded || r.hasJob())
        return false;
    return !fileIsLive(r, now)
        || (r.remoteFileExpiresAt.isValid()
            && now.secsTo(r.remoteFileExpiresAt) < m_limits.expiryMarginSeconds);
}

QList<qint64> AdmissionControl::uploadOrder(
    const QList<BatchRecord> &records, const QDateTime &now, const QuotaUsage &usage) const
{
    // Uploaded files expire in 48 h; keep only enough ahead of the free job slots to never stall
    // the create lane, plus what the upload lane can carry at once.
    const int freeSlots = std::max(0, effectiveConcurrency() - usage.activeJobs);
    const int window = freeSlots + 2 * m_limits.parallelUploads;
    int budget = window - usage.uploadedWaiting - usage.uploading;
    QList<const BatchRecord *> candidates;
    for (const BatchRecord &r : records) {
        if (needsUpload(r, now))
            candidates.append(&r);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
        [](const BatchRecord *a, const BatchRecord *b) { return batchOrder(*a) < batchOrder(*b); });
    QList<qint64> ids;
    for (const BatchRecord *r : candidates) {
        // A stale upload being replaced frees its own slot in the window.
        const bool replaces = r->state == BatchState::Uploaded;
        if (budget <= 0 && !replaces)
            continue;
        ids.append(r->id);
        if (!replaces)
            --budget;
    }
    return ids;
}

} // namespace bb
