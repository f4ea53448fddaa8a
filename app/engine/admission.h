#pragma once

#include "batchrecord.h"

#include <QDateTime>
#include <QHash>
#include <QList>

#include <optional>

namespace bb {

// The batch limits of a project (per model for tokens), from the tier table or the user.
struct QuotaLimits
{
    int concurrentBatches = 100;
    qint64 enqueuedTokens = 3'000'000; // for the project's model
    qint64 storageBytes = 21'474'836'480; // 20 GiB
    qint64 expiryMarginSeconds = 6 * 3600;
    int parallelUploads = 2;
};

// What the project is using right now, by Batchboard's own bookkeeping — the API reports none.
struct QuotaUsage
{
    int activeJobs = 0; // creating, pending or running
    qint64 enqueuedTokens = 0; // token estimates of the active jobs
    qint64 storedBytes = 0; // live remote input files
    int uploading = 0;
    int uploadedWaiting = 0; // live remote files without a job yet

    static QuotaUsage of(const QList<BatchRecord> &records, const QDateTime &now);
};

struct Admission
{
    bool allowed = true;
    WaitReason reason = WaitReason::None;
};

// Decides what may start now. Learns the real concurrent-job limit from 429s that carry no
// details: the refusal at k active jobs means "at most k" until evidence says otherwise.
class AdmissionControl final
{
public:
    void setLimits(const QuotaLimits &limits) { m_limits = limits; }
    const QuotaLimits &limits() const { return m_limits; }

    // The create lane hit a capacity 429 with `activeJobs` jobs running (0 included).
    void noteCapacityRefusal(int activeJobs, qint64 enqueuedTokens);
    // A create succeeded, leaving `activeJobs` active: a learned limit below that was wrong.
    void noteCreated(int activeJobs);
    std::optional<int> learnedConcurrency() const { return m_learnedJobs; }
    int effectiveConcurrency() const;

    Admission canCreate(const BatchRecord &candidate, const QuotaUsage &usage) const;
    Admission canUpload(const BatchRecord &candidate, const QuotaUsage &usage) const;

    // Files with at least the safety margin left, closest to expiry first.
    QList<qint64> createOrder(const QList<BatchRecord> &records, const QDateTime &now) const;
    // Batches that need (re-)uploading, in batch order: never uploaded, expired, or too close to
    // expiry to be used; bounded so uploads run only a little ahead of free job slots.
    QList<qint64> uploadOrder(
        const QList<BatchRecord> &records, const QDateTime &now, const QuotaUsage &usage) const;
    bool needsUpload(const BatchRecord &record, const QDateTime &now) const;

private:
    QuotaLimits m_limits;
    std::optional<int> m_learnedJobs;
    std::optional<qint64> m_learnedTokens;
};

} // namespace bb
