#pragma once

#include <QMetaType>
#include <QString>

namespace bb {

// Where one local batch file stands on its way from disk to downloaded results.
// Stored in the project file by its stable code (see toCode), so the numeric values may change
// but the codes never do.
enum class BatchState
{
    NotUploaded,
    Uploading,
    Uploaded, // remote file ACTIVE, no job yet
    FileExpired, // remote file passed its expirationTime before a job was created
    Creating, // a create request is (or may be) in flight: intent recorded
    JobPending,
    JobRunning,
    JobSucceeded, // job done, results not yet downloaded
    Downloading,
    Downloaded, // every key accounted for in the ledger
    JobFailed,
    JobCancelled,
    JobExpired,
};

// Why a batch is not moving right now; shown beside the state ("Waiting: batch capacity").
enum class WaitReason
{
    None,
    Paused,
    UploadSlots,
    RateLimit,
    DailyQuota,
    BatchCapacity,
    ConcurrentBatches,
    EnqueuedTokens,
    Storage,
    ExpiryMargin,
    SpendCap,
    Canary, // the project's first job runs alone for a while (CanarySettings)
    FailureAlarm, // a job came back with most lines failed; the user says whether to go on
    ModelUnavailable, // the service refused the project's model for this key; the user picks another
    Billing, // billing stopped creates (credits, spend or tier cap, no billing); waiting cannot help
    Backoff,
    Held, // the user cancelled or held it; only an explicit retry releases it
    NeedsUser, // retrying cannot help (invalid request, unreadable file): see lastError
};

QString toCode(BatchState state);
BatchState batchStateFromCode(QStringView code, bool *ok = nullptr);
QString toCode(WaitReason reason);
WaitReason waitReasonFromCode(QStringView code, bool *ok = nullptr);

// A job exists on the server (or may exist) and occupies batch capacity.
bool occupiesJobSlot(BatchState state);
// Nothing more will happen to this batch without the user asking for it.
bool isFinal(BatchState state);
// The job ended without results the user wanted; a retry creates a new job.
bool needsAttention(BatchState state);

} // namespace bb

Q_DECLARE_METATYPE(bb::BatchState)
Q_DECLARE_METATYPE(bb::WaitReason)
