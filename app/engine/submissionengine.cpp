#include "submissionengine.h"

#include "createlane.h"
#include "downloadlane.h"
#include "geminiclient.h"
#include "jsonrequestjob.h"
#include "modeldirectory.h"
#include "polllane.h"
#include "projectstore.h"
#include "reconciler.h"
#include "resubmission.h"
#include "tierlimits.h"
#include "uploadlane.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentRun>

namespace bb {

SubmissionEngine::SubmissionEngine(ProjectStore *store, gemini::GeminiClient *client, QObject *parent)
    : QObject(parent)
{
    m_context.state = new EngineState(store, this);
    m_context.client = client;
    if (const QString alarm = store->setting(QStringLiteral("engine.failureAlarm")); !alarm.isEmpty())
        m_context.alarm = FailureAlarm::fromJson(QJsonDocument::fromJson(alarm.toUtf8()).object());
    m_upload = new UploadLane(m_context, this);
    m_create = new CreateLane(m_context, this);
    m_poll = new PollLane(m_context, this);
    m_download = new DownloadLane(m_context, this);
    m_reconciler = new Reconciler(m_context, this);
    m_models = new ModelDirectory(m_context, this);

    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &SubmissionEngine::pumpAll);
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &SubmissionEngine::pumpAll);
    m_reconcileRetry.setSingleShot(true);
    connect(&m_reconcileRetry, &QTimer::timeout, this,
        [this] { m_reconciler->run(Reconciler::Scope::FilesAndJobs); });

    connect(m_upload, &UploadLane::changed, this, &SubmissionEngine::schedulePump);
    connect(m_upload, &UploadLane::progress, this, &SubmissionEngine::uploadProgress);
    connect(m_create, &CreateLane::changed, this, [this] {
        m_poll->pollSoon();
        schedulePump();
    });
    connect(m_create, &CreateLane::reconcileNeeded, this,
        [this] { m_reconciler->run(Reconciler::Scope::JobsOnly); });
    connect(m_poll, &PollLane::changed, this, &SubmissionEngine::schedulePump);
    connect(m_download, &DownloadLane::changed, this, &SubmissionEngine::schedulePump);
    connect(m_reconciler, &Reconciler::finished, this, &SubmissionEngine::reconciled);
    connect(m_upload, &UploadLane::fatal, this, &SubmissionEngine::onFatal);
    connect(m_create, &CreateLane::fatal, this, &SubmissionEngine::onFatal);
    connect(m_poll, &PollLane::fatal, this, &SubmissionEngine::onFatal);
    connect(m_download, &DownloadLane::fatal, this, &SubmissionEngine::onFatal);
    connect(m_reconciler, &Reconciler::fatal, this, &SubmissionEngine::onFatal);
    connect(m_models, &ModelDirectory::fatal, this, &SubmissionEngine::onFatal);
    connect(m_models, &ModelDirectory::changed, this, &SubmissionEngine::schedulePump);
    connect(m_models, &ModelDirectory::modelChosen, this, &SubmissionEngine::applyLimits);
    connect(m_context.state, &EngineState::storeFailed, this, [this](const StoreError &error) {
        onFatal(QStringLiteral("the project file could not be written: %1").arg(error.detail));
    });
    connect(client, &gemini::GeminiClient::serverTimeObserved, this, &SubmissionEngine::observeServerTime);
}

SubmissionEngine::~SubmissionEngine()
{
    m_context.running = false;
    m_upload->abortAll();
    m_download->abortAll();
}

void SubmissionEngine::setSettings(const EngineSettings &settings)
{
    const QString model = m_context.settings.model;
    m_context.settings = settings;
    // A face that has not seen the model the engine chose does not take it away again.
    if (m_context.settings.model.isEmpty())
        m_context.settings.model = model;
    CreateStop &stop = m_context.createStop;
    if (stop.cause == CreateStop::Cause::Model && m_context.settings.model != stop.model) {
        m_context.state->log(EngineState::event(0, QStringLiteral("user"), QStringLiteral("model.changed"),
            Severity::Info, {},
            { { QStringLiteral("from"), stop.model }, { QStringLiteral("to"), m_context.settings.model } }));
        stop = {};
    }
    m_context.retry = RetryPolicy(settings.retry);
    applyLimits();
}

void SubmissionEngine::applyLimits()
{
    QuotaLimits limits = m_context.settings.limits;
    if (m_context.settings.publishedTokenLimit && !m_context.settings.model.isEmpty())
        limits.enqueuedTokens = defaultEnqueuedTokens(m_context.settings.model, m_context.settings.tier);
    m_context.admission.setLimits(limits);
    schedulePump();
}

void SubmissionEngine::observeServerTime(const QDateTime &time)
{
    m_context.clock.observe(time);
}

EngineStatus SubmissionEngine::status() const
{
    EngineStatus s;
    s.running = m_context.running;
    s.reconciled = m_reconciled;
    s.fatalError = m_fatal;
    const QDateTime now = m_context.now();
    const QList<BatchRecord> records = m_context.state->list();
    const QuotaUsage usage = QuotaUsage::of(records, now);
    s.activeJobs = usage.activeJobs;
    s.storedBytes = usage.storedBytes;
    for (const BatchRecord &r : records) {
        if (r.parentId != 0 && r.state == BatchState::Downloaded) {
            ++s.batches;
            ++s.downloaded;
            continue;
        }
        ++s.batches;
        if (r.state == BatchState::Downloaded)
            ++s.downloaded;
        if (needsAttention(r.state) || r.waitReason == WaitReason::NeedsUser)
            ++s.needsAttention;
        switch (r.waitReason) {
        case WaitReason::RateLimit:
        case WaitReason::DailyQuota:
        case WaitReason::BatchCapacity:
        case WaitReason::ConcurrentBatches:
        case WaitReason::EnqueuedTokens:
        case WaitReason::Storage:
            if (!isFinal(r.state))
                ++s.waitingForQuota;
            break;
        case WaitReason::SpendCap:
            if (!isFinal(r.state))
                ++s.waitingForSpendCap;
            break;
        default:
            break;
        }
    }
    s.inFlight = m_upload->inFlight() + (m_create->busy() ? 1 : 0) + (m_poll->busy() ? 1 : 0)
        + m_download->inFlight() + (m_reconciler->busy() ? 1 : 0) + (m_models->busy() ? 1 : 0)
        + m_cancelsInFlight + m_resubmitsInFlight;
    s.model = m_context.settings.model;
    s.batchModels = modelIds(batchModels(m_context.models));
    if (const CreateStop &stop = m_context.createStop; stop.isActive()) {
        s.createStopReason = stop.waitReason();
        s.billingUrl = stop.billingUrl;
        s.createStop = stop.cause == CreateStop::Cause::Model
            ? QCoreApplication::translate("bb::Engine",
                "the model %1 is not available to this key (%2); needs your attention: choose another "
                "model in Settings › Work")
                  .arg(stop.model, stop.serverMessage)
            : QCoreApplication::translate("bb::Engine",
                "creating jobs stopped by billing (%1); waiting will not help. Fix it at %2, then "
                "press Resume. Jobs already created still finish.")
                  .arg(stop.serverMessage, stop.billingUrl.toString());
    }
    s.nextWake = computeNextWake();
    s.createBlock = m_create->blockReason();
    s.createBlockedUntil = m_create->blockedUntil();
    if (const FailureAlarm &a = m_context.alarm; a.isActive())
        s.failureAlarm = QCoreApplication::translate(
            "bb::Engine", "%1: %2 of %3 lines failed (%4); new jobs wait until you continue anyway")
                             .arg(a.batchName)
                             .arg(a.failed)
                             .arg(a.total)
                             .arg(a.errors.join(QStringLiteral("; ")));
    if (const CanaryHold canary
        = canaryHold(m_context.state->list(), m_context.settings.canary, m_context.now());
        canary.holding)
        s.canaryUntil = canary.until;
    return s;
}

void SubmissionEngine::continueDespiteFailures()
{
    if (!m_context.alarm.isActive())
        return;
    ProjectStore *store = m_context.state->store();
    QStringList acknowledged
        = store->setting(QStringLiteral("engine.failureAlarmAcknowledged")).split(u',', Qt::SkipEmptyParts);
    acknowledged.append(QString::number(m_context.alarm.batchId));
    store->setSetting(QStringLiteral("engine.failureAlarmAcknowledged"), acknowledged.join(u','));
    store->setSetting(QStringLiteral("engine.failureAlarm"), QString());
    m_context.state->log(EngineState::event(m_context.alarm.batchId, QStringLiteral("user"),
        QStringLiteral("alarm.continued"), Severity::Info, {}, m_context.alarm.toJson()));
    m_context.alarm = {};
    QList<BatchRecord> released;
    for (const BatchRecord &r : m_context.state->batches()) {
        if (r.waitReason == WaitReason::FailureAlarm) {
            BatchRecord go = r;
            go.waitReason = WaitReason::None;
            released.append(go);
        }
    }
    if (!released.isEmpty())
        m_context.state->commitAll(released);
    emit statusChanged();
    schedulePump();
}

void SubmissionEngine::resume()
{
    m_fatal.clear();
    const bool wasRunning = m_context.running;
    m_context.running = true;
    if (!wasRunning)
        m_context.state->log(
            EngineState::event(0, QStringLiteral("engine"), QStringLiteral("engine.resume")));
    // A download cut short by a crash starts again (results are written atomically), and so does
    // one that stopped for the user (a full disk, an unwritable results folder): resuming is the
    // user saying the cause is dealt with. A download that fails again stops again, with its reason.
    QList<BatchRecord> recovered;
    for (const BatchRecord &r : m_context.state->batches()) {
        const bool cutShort = r.state == BatchState::Downloading && m_download->inFlight() == 0;
        const bool stoppedForUser
            = r.state == BatchState::JobSucceeded && r.waitReason == WaitReason::NeedsUser;
        if (cutShort || stoppedForUser) {
            BatchRecord again = r;
            again.state = BatchState::JobSucceeded;
            again.waitReason = WaitReason::None;
            again.nextAttemptAt = {};
            recovered.append(again);
        }
    }
    if (!recovered.isEmpty())
        m_context.state->commitAll(recovered);
    m_upload->resumePaused();
    // Resume is the user saying the cause of a stop is dealt with: the next create asks again.
    if (m_context.createStop.isActive()) {
        m_context.state->log(
            EngineState::event(0, QStringLiteral("user"), QStringLiteral("create_stop.lifted"),
                Severity::Info, {}, { { QStringLiteral("model"), m_context.createStop.model } }));
        m_context.createStop = {};
    }
    m_models->refresh();
    m_reconciled = false;
    m_reconcileFailures = 0;
    m_reconciler->run(Reconciler::Scope::FilesAndJobs);
    emit statusChanged();
}

void SubmissionEngine::reconciled(bool ok)
{
    if (!ok) {
        bool creating = false;
        for (const BatchRecord &r : m_context.state->batches())
            creating = creating || r.state == BatchState::Creating;
        // Until the server has been compared (or while a create's outcome is unknown) nothing
        // may be sent that could duplicate a job: keep trying to look.
        if ((!m_reconciled || creating) && m_context.running && !m_reconcileRetry.isActive()) {
            const QDateTime now = m_context.now();
            QDateTime at = m_reconciler->retryAt();
            if (!at.isValid() || at <= now)
                at = m_context.retry.plan(FailureKind::Transient, ++m_reconcileFailures, now).notBefore;
            m_reconcileRetry.start(int(m_context.clock.realMsUntil(at, 200)));
        }
        schedulePump();
        return;
    }
    m_reconciled = true;
    m_reconcileFailures = 0;
    m_poll->pollSoon();
    schedulePump();
}

void SubmissionEngine::pause()
{
    if (!m_context.running)
        return;
    m_context.running = false;
    m_upload->pause();
    m_poll->stop();
    m_wakeTimer.stop();
    m_reconcileRetry.stop();
    m_context.state->log(EngineState::event(0, QStringLiteral("engine"), QStringLiteral("engine.pause")));
    emit statusChanged();
}

void SubmissionEngine::shutdown()
{
    m_context.running = false;
    m_poll->stop();
    m_wakeTimer.stop();
    m_reconcileRetry.stop();
    m_upload->abortAll();
    m_download->abortAll();
}

void SubmissionEngine::onFatal(const QString &message)
{
    if (!m_fatal.isEmpty())
        return;
    m_fatal = message;
    pause();
    m_context.state->log(EngineState::event(
        0, QStringLiteral("engine"), QStringLiteral("engine.fatal"), Severity::Error, message));
    emit fatalError(message);
}

void SubmissionEngine::schedulePump()
{
    if (!m_pumpTimer.isActive())
        m_pumpTimer.start();
}

void SubmissionEngine::pumpAll()
{
    m_models->pump();
    if (m_context.running && m_reconciled) {
        m_upload->pump();
        m_create->pump();
        m_download->pump();
        m_poll->pump();
    }
    rearmWake();
    emit statusChanged();
    const EngineStatus s = status();
    if (s.inFlight == 0)
        emit idle();
}

QDateTime SubmissionEngine::computeNextWake() const
{
    QDateTime wake;
    auto consider = [&wake](const QDateTime &t) {
        if (t.isValid() && (!wake.isValid() || t < wake))
            wake = t;
    };
    if (!m_context.running)
        return {};
    consider(m_upload->nextWake());
    consider(m_create->nextWake());
    consider(m_download->nextWake());
    consider(m_poll->nextWake());
    consider(m_models->nextWake());
    // An uploaded file crossing into the expiry margin must be replaced: wake up for that.
    const qint64 margin = m_context.settings.limits.expiryMarginSeconds;
    const QDateTime now = m_context.now();
    for (const BatchRecord &r : m_context.state->batches()) {
        if (r.state == BatchState::Uploaded && !r.hasJob() && r.remoteFileExpiresAt.isValid()) {
            const QDateTime entersMargin = r.remoteFileExpiresAt.addSecs(-margin);
            if (entersMargin > now)
                consider(entersMargin);
        }
    }
    return wake;
}

void SubmissionEngine::rearmWake()
{
    m_wakeTimer.stop();
    if (!m_context.running)
        return;
    const QDateTime wake = computeNextWake();
    if (!wake.isValid())
        return;
    const qint64 ms = std::min<qint64>(m_context.clock.realMsUntil(wake, 20), 6 * 3600 * 1000);
    m_wakeTimer.start(int(ms));
}

void SubmissionEngine::retry(const QList<qint64> &ids)
{
    const QDateTime now = m_context.now();
    ProjectStore *store = m_context.state->store();
    for (qint64 id : ids) {
        const BatchRecord *current = m_context.state->find(id);
        if (!current)
            continue;
        BatchRecord r = *current;
        QList<EventRecord> events;
        if (needsAttention(r.state)) {
            store->retireJob(r.id, r.jobName);
            events.append(EngineState::event(id, QStringLiteral("user"), QStringLiteral("job.retired"),
                Severity::Info, {}, { { QStringLiteral("job"), r.jobName } }));
            r.jobName.clear();
            r.resultsFileName.clear();
            r.jobCreatedAt = r.jobEndedAt = {};
            r.succeededCount = r.failedCount = r.pendingCount = 0;
            const bool fileUsable = r.hasRemoteFile() && r.remoteFileExpiresAt.isValid()
                && now.secsTo(r.remoteFileExpiresAt) >= m_context.settings.limits.expiryMarginSeconds;
            r.state = fileUsable ? BatchState::Uploaded : BatchState::NotUploaded;
        }
        r.waitReason = WaitReason::None;
        r.nextAttemptAt = {};
        r.lastError.clear();
        events.append(EngineState::event(id, QStringLiteral("user"), QStringLiteral("user.retry")));
        m_context.state->commit(r, events);
    }
    schedulePump();
}

void SubmissionEngine::hold(const QList<qint64> &ids)
{
    QList<BatchRecord> held;
    for (qint64 id : ids) {
        const BatchRecord *r = m_context.state->find(id);
        if (!r || r->hasJob() || isFinal(r->state))
            continue;
        BatchRecord h = *r;
        h.waitReason = WaitReason::Held;
        h.nextAttemptAt = {};
        held.append(h);
    }
    m_context.state->commitAll(held);
    schedulePump();
}

void SubmissionEngine::cancelJobs(const QList<qint64> &ids)
{
    QList<qint64> withoutJob;
    for (qint64 id : ids) {
        const BatchRecord *r = m_context.state->find(id);
        if (!r)
            continue;
        if (!r->hasJob() || !(r->state == BatchState::JobPending || r->state == BatchState::JobRunning)) {
            withoutJob.append(id);
            continue;
        }
        gemini::EmptyResultJob *job = m_context.client->cancelBatch(r->jobName);
        ++m_cancelsInFlight;
        connect(job, &gemini::GeminiJob::finished, this, [this, id, job] {
            --m_cancelsInFlight;
            const auto result = job->result();
            m_context.state->log(EngineState::event(id, QStringLiteral("user"),
                result.ok() ? QStringLiteral("job.cancel") : QStringLiteral("job.cancel_failed"),
                result.ok() ? Severity::Info : Severity::Warning,
                result.ok() ? QString() : describe(result.error)));
            m_poll->pollSoon();
            schedulePump();
        });
        job->start();
    }
    hold(withoutJob);
}

void SubmissionEngine::uploadNow(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        m_upload->uploadNow(id);
    schedulePump();
}

void SubmissionEngine::createNow(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        m_create->createNow(id); // one at a time: later ones wait for the lane
    schedulePump();
}

void SubmissionEngine::reupload(const QList<qint64> &ids)
{
    uploadNow(ids);
}

void SubmissionEngine::deleteRemoteFiles(const QList<qint64> &ids)
{
    for (qint64 id : ids) {
        const BatchRecord *r = m_context.state->find(id);
        if (!r || !r->hasRemoteFile() || occupiesJobSlot(r->state) || r->state == BatchState::Uploading)
            continue;
        const QString name = r->remoteFileName;
        gemini::EmptyResultJob *job = m_context.client->deleteFile(name);
        ++m_cancelsInFlight;
        connect(job, &gemini::GeminiJob::finished, this, [this, id, job, name] {
            --m_cancelsInFlight;
            const auto result = job->result();
            const BatchRecord *current = m_context.state->find(id);
            const bool gone
                = result.ok() || result.error.classification == gemini::ApiError::Classification::FileGone;
            if (current && gone && current->remoteFileName == name) {
                BatchRecord r = *current;
                r.remoteFileName.clear();
                r.remoteFileUri.clear();
                r.remoteFileExpiresAt = {};
                if (r.state == BatchState::Uploaded || r.state == BatchState::FileExpired)
                    r.state = BatchState::NotUploaded;
                m_context.state->commit(r,
                    { EngineState::event(id, QStringLiteral("user"), QStringLiteral("file.deleted"),
                        Severity::Info, {}, { { QStringLiteral("file"), name } }) });
            }
            schedulePump();
        });
        job->start();
    }
}

void SubmissionEngine::downloadResults(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        m_download->downloadNow(id);
    schedulePump();
}

int SubmissionEngine::resubmitFailed(const QList<qint64> &ids)
{
    ProjectStore *store = m_context.state->store();
    int queued = 0;
    for (qint64 id : ids) {
        const BatchRecord *current = m_context.state->find(id);
        if (!current || current->parentId != 0 || current->state != BatchState::Downloaded)
            continue;
        const BatchRecord parent = *current;
        QHash<QString, qint64> lineOf;
        for (const auto &[key, line] : store->requestLines(parent.id))
            lineOf.insert(key, line);
        QStringList keys;
        QSet<qint64> lines;
        QHash<qint64, QString> keysToAdd; // a retry names every request, key-less ones too
        for (const KeyResult &k : store->keyResults(parent.id)) {
            if (k.outcome == KeyOutcome::Failed || k.outcome == KeyOutcome::Missing) {
                keys.append(k.key);
                lines.insert(lineOf.value(k.key));
                if (k.keyless)
                    keysToAdd.insert(lineOf.value(k.key), k.key);
            }
        }
        if (keys.isEmpty())
            continue;
        const QString name = resubmissionName(parent.displayName, m_context.state->list());
        QDir().mkpath(m_context.settings.resubmitDir);
        const QString path = QDir(m_context.settings.resubmitDir).filePath(name + QStringLiteral(".jsonl"));
        ++m_resubmitsInFlight;
        ++queued;
        auto *watcher = new QFutureWatcher<WrittenRequestCopy>(this);
        connect(watcher, &QFutureWatcher<WrittenRequestCopy>::finished, this,
            [this, watcher, parent, name, path, keys] {
                --m_resubmitsInFlight;
                watcher->deleteLater();
                const WrittenRequestCopy file = watcher->result();
                if (!file.error.isEmpty()) {
                    m_context.state->log(EngineState::event(parent.id, QStringLiteral("user"),
                        QStringLiteral("resubmit.failed"), Severity::Error, file.error));
                    schedulePump();
                    return;
                }
                ProjectStore *store = m_context.state->store();
                BatchRecord r;
                r.displayName = name;
                r.parentId = parent.id;
                r.batchNumber = parent.batchNumber;
                r.localPath = path;
                r.sizeBytes = file.size;
                r.modifiedAt = QFileInfo(path).lastModified().toUTC();
                r.sha256Hex = file.sha256;
                r.requestCount = keys.size();
                r.tokenEstimate
                    = parent.requestCount > 0 ? parent.tokenEstimate * keys.size() / parent.requestCount : 0;
                r.state = BatchState::NotUploaded;
                const StoreError error = store->transaction([&]() -> StoreError {
                    if (StoreError e = store->insertBatch(r))
                        return e;
                    if (StoreError e = store->insertAttemptKeys(r.id, keys))
                        return e;
                    EventRecord e = EngineState::event(parent.id, QStringLiteral("user"),
                        QStringLiteral("resubmit.queued"), Severity::Info, {},
                        { { QStringLiteral("batch"), name }, { QStringLiteral("keys"), int(keys.size()) } });
                    return store->appendEvent(e);
                });
                if (error)
                    onFatal(QStringLiteral("the project file could not be written: %1").arg(error.detail));
                schedulePump();
            });
        watcher->setFuture(QtConcurrent::run([source = parent.localPath, lines, keysToAdd, path] {
            return writeHashedRequestCopy(source, &lines, keysToAdd, path);
        }));
    }
    return queued;
}

} // namespace bb
