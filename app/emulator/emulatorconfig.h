#pragma once

#include "emulatedmodels.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace bb::emulator {

// Limits the emulator enforces. A value of 0 in JSON (or an absent key) means "the real default";
// rate limits (per minute / per day) are unlimited by default.
struct EmulatorLimits
{
    static constexpr qint64 kDefaultMaxFileBytes = 2'000'000'000; // "2 GB per file"
    static constexpr qint64 kDefaultStorageBytes = 21'474'836'480; // 20 GiB per project
    static constexpr int kDefaultConcurrentBatches = 100;
    static constexpr qint64 kDefaultEnqueuedTokensUnknownModel = 3'000'000;

    qint64 maxFileBytes = kDefaultMaxFileBytes;
    qint64 storageBytes = kDefaultStorageBytes;
    int concurrentBatches = kDefaultConcurrentBatches;
    qint64 enqueuedTokensAll = 0; // > 0 overrides the table for every model
    QHash<QString, qint64> enqueuedTokensByModel; // user overrides by model-name prefix
    int batchCreatesPerMinute = 0;
    int batchCreatesPerDay = 0;
    int uploadsPerMinute = 0;

    // Enqueued-token cap for a model ("gemini-3.5-flash" or "models/gemini-3.5-flash"):
    // override, else the longest matching prefix of the Tier 1 table, else 3,000,000.
    qint64 enqueuedTokensFor(const QString &model) const;
    static QHash<QString, qint64> tier1EnqueuedTokens();
};

// Switches for behaviour the live service shows only sometimes (changes-2026.md rows 5, 7, 11, 16).
struct EmulatorQuirks
{
    bool keepRunningAfterDelete = true; // a deleted job still counts toward the caps until it would end
    bool emptyListWithoutPageSize = false; // a list call without pageSize answers {} (python-genai#1250)
    bool strictV1 = false; // /v1/files* and /upload/v1/* answer 404 (v1 discovery has no files)
    bool shuffleInlineResults = false; // inline responses come back out of request order (python-genai#1909)
};

struct EmulatorConfig
{
    double speed = 1.0; // emulated seconds per real second
    double pendingSeconds = 30; // a new batch stays PENDING this long
    double runningSeconds = 120; // then RUNNING this long, then SUCCEEDED
    double failedLineRate = 0.02; // fraction of result lines that fail with gRPC code 13
    double fileProcessingSeconds = 0; // uploaded files stay PROCESSING this long
    qint64 fileTtlSeconds = 48 * 3600; // files expire (and vanish) after this
    qint64 batchTtlSeconds = 48 * 3600; // PENDING/RUNNING longer than this → EXPIRED
    qint64 outputTtlSeconds = 48 * 3600; // results files vanish this long after the batch ended
    EmulatorLimits limits;
    EmulatorQuirks quirks;
    EmulatedModels models;

    // Applies the keys present in `patch` (same keys as toJson()/--config). Returns false and
    // leaves the config unchanged when a value is malformed.
    bool merge(const QJsonObject &patch, QString *error);
    QJsonObject toJson() const;
};

} // namespace bb::emulator
