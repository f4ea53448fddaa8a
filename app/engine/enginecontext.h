#pragma once

#include "admission.h"
#include "costestimator.h"
#include "enginestate.h"
#include "modelcatalog.h"
#include "retrypolicy.h"
#include "safetychecks.h"
#include "serverclock.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace bb::gemini {
class GeminiClient;
struct ApiError;
} // namespace bb::gemini

namespace bb {

struct EngineSettings
{
    // The project's model (ProjectSettings); empty until chosen: on Resume the engine takes the
    // newest stable Flash model the key offers (defaultBatchModel) and keeps it in the project.
    QString model;
    int tier = 1; // billing tier, for the published enqueued-token limits
    QString resultsDir; // downloaded results, one file per batch
    QString resubmitDir; // JSONL files written for resubmissions
    QuotaLimits limits;
    // The enqueued-token limit is the published one for the model and tier (TierLimitTable), not
    // limits.enqueuedTokens; faces set this unless the user typed a limit.
    bool publishedTokenLimit = false;
    int parallelDownloads = 2;
    qint64 pollMinServerMs = 15'000; // poll this often while jobs change ...
    qint64 pollMaxServerMs = 300'000; // ... backing off to this when nothing moves
    qint64 pollFloorRealMs = 200; // never faster than this in real time (accelerated clocks)
    qint64 stuckAfterServerSecs = 6 * 3600;
    bool deleteInputsWhenDone = true; // frees the 20 GB file storage as jobs finish
    int requestTimeoutMs = 60'000;
    CostSettings cost; // prices and the optional spend cap checked before every create
    RetryPolicy::Settings retry; // back-off schedules
    CanarySettings canary; // the project's first job runs alone for a while
};

// A job came back with most of its lines failed: new creates wait until the user says go on.
// Kept in the project (meta "engine.failureAlarm"), so a restart does not forget it.
struct FailureAlarm
{
    qint64 batchId = 0; // 0: no alarm
    QString batchName;
    qint64 failed = 0;
    qint64 total = 0;
    QStringList errors; // the first distinct error messages

    bool isActive() const { return batchId != 0; }
    QJsonObject toJson() const;
    static FailureAlarm fromJson(const QJsonObject &object);
};

// Creating jobs cannot go on until the user acts: the service refused the project's model for this
// key, or billing stopped the project. Jobs already made are still polled and downloaded. Resume
// (and, for the model, choosing another one) lifts it.
struct CreateStop
{
    enum class Cause
    {
        None,
        Model,
        Billing,
    };
    Cause cause = Cause::None;
    QString model; // the model that was refused
    QString serverMessage; // what the service said, first line
    QUrl billingUrl; // Billing: where the user fixes it

    bool isActive() const { return cause != Cause::None; }
    WaitReason waitReason() const;
};

// What every lane shares. Owned by SubmissionEngine.
struct EngineContext
{
    EngineState *state = nullptr;
    gemini::GeminiClient *client = nullptr;
    ServerClock clock;
    RetryPolicy retry;
    AdmissionControl admission;
    EngineSettings settings;
    FailureAlarm alarm;
    CreateStop createStop;
    QList<ModelInfo> models; // the key's models as last listed (empty until then)
    bool running = false;

    QDateTime now() const { return clock.now(); }
};

// The one mapping from the client's error classification to what the engine does about it.
FailureKind failureKindOf(const gemini::ApiError &error);
// A short developer-English text of an error for lastError and the event log.
QString describe(const gemini::ApiError &error);
// The error as event details (status, quota ids, retry delay, classification).
QJsonObject errorDetails(const gemini::ApiError &error);

} // namespace bb
