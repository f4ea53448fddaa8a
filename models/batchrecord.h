#pragma once

#include "batchstate.h"
#include "pricetable.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace bb {

// Everything Batchboard knows about one local batch file and what became of it on the server.
// A plain value: the store persists it, the engine updates it, the table model displays it.
struct BatchRecord
{
    qint64 id = 0; // store row id; 0 = not stored yet
    std::optional<int> batchNumber; // from the file name ("batch_011.jsonl" → 11)
    QString displayName; // unique per project, used as the remote displayName ("batch-011")
    qint64 parentId = 0; // for resubmissions ("batch-011-r1"): the batch it retries

    // Local file
    QString localPath;
    qint64 sizeBytes = 0;
    QDateTime modifiedAt;
    QString sha256Hex;
    qint64 requestCount = 0;
    qint64 tokenEstimate = 0;

    // Remote file
    QString remoteFileName; // "files/abc123"
    QString remoteFileUri;
    QDateTime remoteFileExpiresAt;
    // What Batchboard uploads instead of localPath when it differs: a copy of the file with a key
    // added to each key-less line (results of several key-less lines are not otherwise told
    // apart). Empty: the file itself.
    QString uploadPath;
    QString uploadSha256Hex;
    qint64 uploadSizeBytes = 0;
    QString uploadSessionUrl;
    qint64 uploadConfirmedBytes = 0;

    // Job
    QString model; // "models/gemini-3.6-flash"
    QString jobName; // "batches/…"
    QString resultsFileName; // "files/batch-…"
    QDateTime jobCreatedAt;
    QDateTime jobEndedAt;
    qint64 succeededCount = 0;
    qint64 failedCount = 0;
    qint64 pendingCount = 0;

    // Progress through Batchboard's own lifecycle
    BatchState state = BatchState::NotUploaded;
    WaitReason waitReason = WaitReason::None;
    QDateTime nextAttemptAt; // when a waiting batch will be tried again
    QDateTime stateChangedAt;
    int attempts = 0;
    QString lastError;
    QString resultsPath; // downloaded results on disk
    TokenUsage usage; // summed usageMetadata of the downloaded results (failed lines cost nothing)

    bool hasRemoteFile() const { return !remoteFileName.isEmpty(); }
    QString uploadSource() const { return uploadPath.isEmpty() ? localPath : uploadPath; }
    qint64 uploadSize() const { return uploadPath.isEmpty() ? sizeBytes : uploadSizeBytes; }
    QString uploadHash() const { return uploadPath.isEmpty() ? sha256Hex : uploadSha256Hex; }
    bool hasJob() const { return !jobName.isEmpty(); }
    // Comparing records tells the table model whether a row needs repainting.
    friend bool operator==(const BatchRecord &, const BatchRecord &) = default;
};

} // namespace bb

Q_DECLARE_METATYPE(bb::BatchRecord)
