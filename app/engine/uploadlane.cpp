#include "uploadlane.h"

#include "geminiclient.h"
#include "jsonrequestjob.h"
#include "projectstore.h"
#include "resubmission.h"
#include "uploadjob.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace bb {

UploadLane::UploadLane(EngineContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_gate(context.retry)
{
}

QDateTime UploadLane::nextWake() const
{
    const QDateTime now = m_context.now();
    if (!m_gate.isOpen(now))
        return m_gate.opensAt();
    return m_context.state->earliestBackoff(
        now, [this, &now](const BatchRecord &r) { return m_context.admission.needsUpload(r, now); });
}

void UploadLane::pump()
{
    if (!m_context.running)
        return;
    const QDateTime now = m_context.now();
    if (!m_gate.isOpen(now))
        return;

    const QList<BatchRecord> records = m_context.state->list();
    // Uploads cut short by a crash or a restart go first: their bytes are half on the server.
    QList<qint64> order;
    for (const BatchRecord &r : records) {
        if (r.state == BatchState::Uploading && !m_jobs.contains(r.id))
            order.append(r.id);
    }
    order += m_context.admission.uploadOrder(records, now, QuotaUsage::of(records, now));

    for (qint64 id : std::as_const(order)) {
        const BatchRecord *r = m_context.state->find(id);
        if (!r || m_jobs.contains(id) || m_preparing.contains(id) || r->waitReason == WaitReason::Held
            || r->waitReason == WaitReason::NeedsUser)
            continue;
        if (r->waitReason == WaitReason::Backoff && r->nextAttemptAt.isValid() && r->nextAttemptAt > now)
            continue;
        QuotaUsage usage = QuotaUsage::of(m_context.state->list(), now);
        usage.uploading = int(m_jobs.size());
        if (r->state == BatchState::Uploading)
            usage.storedBytes -= r->sizeBytes; // its reservation is already counted
        const Admission admission = m_context.admission.canUpload(*r, usage);
        if (!admission.allowed) {
            if (admission.reason == WaitReason::Storage && r->waitReason != WaitReason::Storage) {
                BatchRecord waiting = *r;
                waiting.waitReason = WaitReason::Storage;
                waiting.nextAttemptAt = {};
                m_context.state->commit(waiting);
            }
            break;
        }
        start(*r);
    }
}

bool UploadLane::localFileUnchanged(const BatchRecord &r, QString *why) const
{
    const QFileInfo info(r.localPath);
    if (!info.exists()) {
        *why = QCoreApplication::translate("bb::Engine", "%1 no longer exists").arg(r.localPath);
        return false;
    }
    if (info.size() != r.sizeBytes
        || (r.modifiedAt.isValid()
            && info.lastModified().toMSecsSinceEpoch() != r.modifiedAt.toMSecsSinceEpoch())) {
        *why = QCoreApplication::translate("bb::Engine", "%1 changed since it was imported; import it again")
                   .arg(r.localPath);
        return false;
    }
    return true;
}

void UploadLane::start(BatchRecord r)
{
    QString why;
    if (!localFileUnchanged(r, &why)) {
        r.waitReason = WaitReason::NeedsUser;
        r.lastError = why;
        m_context.state->commit(r,
            { EngineState::event(
                r.id, QStringLiteral("upload"), QStringLiteral("upload.local_file"), Severity::Error, why) });
        return;
    }
    if (QHash<qint64, QString> keyless; needsKeyedCopy(r, &keyless)) {
        prepareKeyedCopy(r, keyless);
        return;
    }
    const QString staleFile = r.hasRemoteFile() && !r.hasJob() ? r.remoteFileName : QString();
    if (!staleFile.isEmpty()) {
        r.remoteFileName.clear();
        r.remoteFileUri.clear();
        r.remoteFileExpiresAt = {};
    }
    const bool resuming = !r.uploadSessionUrl.isEmpty();
    r.state = BatchState::Uploading;
    r.waitReason = WaitReason::None;
    r.nextAttemptAt = {};
    r.stateChangedAt = m_context.now();
    ++r.attempts;
    if (!m_context.state->commit(r,
            { EngineState::event(r.id, QStringLiteral("upload"),
                resuming ? QStringLiteral("upload.resume") : QStringLiteral("upload.start"), Severity::Info,
                {},
                { { QStringLiteral("offset"), r.uploadConfirmedBytes },
                    { QStringLiteral("bytes"), r.uploadSize() } }) }))
        return;
    if (!staleFile.isEmpty())
        deleteRemoteFile(staleFile);

    gemini::UploadOptions options;
    options.displayName = r.displayName;
    if (resuming) {
        options.resumeSessionUrl = QUrl(r.uploadSessionUrl);
        options.resumeOffset = r.uploadConfirmedBytes;
    }
    gemini::UploadJob *job = m_context.client->upload(r.uploadSource(), options);
    const qint64 id = r.id;
    m_jobs.insert(id, job);
    connect(job, &gemini::UploadJob::sessionUrlChanged, this,
        [this, id, job](const QUrl &url) { persistSession(id, url.toString(), job->confirmedOffset()); });
    connect(job, &gemini::UploadJob::confirmedOffsetChanged, this,
        [this, id, job](qint64 offset) { persistSession(id, job->sessionUrl().toString(), offset); });
    connect(job, &gemini::UploadJob::progress, this,
        [this, id](qint64 bytes, qint64 total) { emit progress(id, bytes, total); });
    connect(job, &gemini::GeminiJob::finished, this, [this, id, job] { finished(id, job); });
    job->start();
}

bool UploadLane::needsKeyedCopy(const BatchRecord &r, QHash<qint64, QString> *keyless) const
{
    if (r.parentId != 0) // a retry's file is written with every key
        return false;
    if (!r.uploadPath.isEmpty() && QFileInfo(r.uploadPath).size() == r.uploadSizeBytes)
        return false;
    *keyless = m_context.state->store()->keylessLines(r.id);
    return keyless->size() > 1 || !r.uploadPath.isEmpty();
}

void UploadLane::prepareKeyedCopy(const BatchRecord &record, const QHash<qint64, QString> &keyless)
{
    const qint64 id = record.id;
    const QString source = record.localPath;
    const QString destination
        = QDir(m_context.settings.resubmitDir).filePath(record.displayName + QStringLiteral(".keyed.jsonl"));
    m_preparing.insert(id);
    auto *watcher = new QFutureWatcher<WrittenRequestCopy>(this);
    connect(watcher, &QFutureWatcher<WrittenRequestCopy>::finished, this, [this, watcher, id, destination] {
        watcher->deleteLater();
        m_preparing.remove(id);
        const WrittenRequestCopy copy = watcher->result();
        const BatchRecord *current = m_context.state->find(id);
        if (!current)
            return;
        BatchRecord r = *current;
        if (!copy.error.isEmpty()) {
            r.waitReason = WaitReason::NeedsUser;
            r.lastError
                = QCoreApplication::translate("bb::Engine", "cannot write the copy with keys added: %1")
                      .arg(copy.error);
            m_context.state->commit(r,
                { EngineState::event(id, QStringLiteral("upload"), QStringLiteral("upload.copy_failed"),
                    Severity::Error, r.lastError) });
            emit changed();
            return;
        }
        if (!r.uploadSha256Hex.isEmpty() && r.uploadSha256Hex != copy.sha256) {
            r.uploadSessionUrl.clear(); // a session started with other bytes cannot be resumed
            r.uploadConfirmedBytes = 0;
        }
        r.uploadPath = destination;
        r.uploadSha256Hex = copy.sha256;
        r.uploadSizeBytes = copy.size;
        m_context.state->commit(r,
            { EngineState::event(id, QStringLiteral("upload"), QStringLiteral("upload.keyed_copy"),
                Severity::Info, {},
                { { QStringLiteral("path"), destination }, { QStringLiteral("bytes"), copy.size },
                    { QStringLiteral("sha256"), copy.sha256 } }) });
        emit changed(); // the next pump uploads the copy
    });
    QDir().mkpath(m_context.settings.resubmitDir);
    watcher->setFuture(QtConcurrent::run([source, keyless, destination] {
        return writeHashedRequestCopy(source, nullptr, keyless, destination);
    }));
}

void UploadLane::persistSession(qint64 id, const QString &sessionUrl, qint64 offset)
{
    const BatchRecord *current = m_context.state->find(id);
    if (!current || current->state != BatchState::Uploading)
        return;
    BatchRecord r = *current;
    r.uploadSessionUrl = sessionUrl;
    r.uploadConfirmedBytes = sessionUrl.isEmpty() ? 0 : offset;
    m_context.state->commit(r);
}

void UploadLane::finished(qint64 id, gemini::UploadJob *job)
{
    m_jobs.remove(id);
    const BatchRecord *current = m_context.state->find(id);
    if (!current) {
        emit changed();
        return;
    }
    BatchRecord r = *current;
    const auto result = job->result();
    const QDateTime now = m_context.now();
    if (result.ok()) {
        const gemini::GeminiFile &file = result.value;
        const QString remoteHex = file.sha256Hex();
        if (!r.uploadHash().isEmpty() && !remoteHex.isEmpty() && remoteHex != r.uploadHash()) {
            // What arrived is not what we hashed: never build a job on it.
            deleteRemoteFile(file.name);
            r.state = BatchState::NotUploaded;
            r.uploadSessionUrl.clear();
            r.uploadConfirmedBytes = 0;
            r.lastError = QCoreApplication::translate(
                "bb::Engine", "the uploaded bytes do not match the file (sha256 %1, expected %2)")
                              .arg(remoteHex, r.uploadHash());
            r.waitReason = WaitReason::Backoff;
            r.nextAttemptAt = m_context.retry.plan(FailureKind::Transient, ++m_failures[id], now).notBefore;
            m_context.state->commit(r,
                { EngineState::event(id, QStringLiteral("upload"), QStringLiteral("upload.hash_mismatch"),
                    Severity::Error, r.lastError) });
            emit changed();
            return;
        }
        m_failures.remove(id);
        m_gate.accepted();
        r.state = BatchState::Uploaded;
        r.remoteFileName = file.name;
        r.remoteFileUri = file.uri.toString();
        r.remoteFileExpiresAt = file.expirationTime;
        r.uploadSessionUrl.clear();
        r.uploadConfirmedBytes = r.uploadSize();
        r.lastError.clear();
        r.stateChangedAt = now;
        m_context.state->commit(r,
            { EngineState::event(id, QStringLiteral("upload"), QStringLiteral("upload.done"), Severity::Info,
                {},
                { { QStringLiteral("file"), file.name },
                    { QStringLiteral("expires"), file.expirationTime.toString(Qt::ISODateWithMs) } }) });
        emit changed();
        return;
    }

    const gemini::ApiError &error = result.error;
    // Keep whatever session the job ended with: the next attempt continues it.
    r.uploadSessionUrl = job->sessionUrl().toString();
    r.uploadConfirmedBytes = r.uploadSessionUrl.isEmpty() ? 0 : job->confirmedOffset();
    r.state = BatchState::NotUploaded;
    r.stateChangedAt = now;
    if (error.kind == gemini::ApiError::Kind::Aborted) {
        m_context.state->commit(r);
        emit changed();
        return;
    }
    const FailureKind kind = failureKindOf(error);
    r.lastError = describe(error);
    m_gate.refused(error, now);
    const RetryPlan plan = m_context.retry.plan(kind, ++m_failures[id], now, error.retryDelayMs());
    if (plan.giveUp) {
        r.waitReason = WaitReason::NeedsUser;
        r.nextAttemptAt = {};
    } else if (plan.laneWide) {
        // A 429 without details on an upload is most likely the 20 GB storage limit.
        r.waitReason = kind == FailureKind::BatchCapacity ? WaitReason::Storage : m_gate.reason();
        r.nextAttemptAt = m_gate.opensAt();
    } else {
        r.waitReason = plan.reason == WaitReason::None ? WaitReason::Backoff : plan.reason;
        r.nextAttemptAt = plan.notBefore;
    }
    const Severity severity = plan.giveUp ? Severity::Error : Severity::Warning;
    m_context.state->commit(r,
        { EngineState::event(id, error.httpStatus == 429 ? QStringLiteral("quota") : QStringLiteral("upload"),
            QStringLiteral("upload.failed"), severity, r.lastError, errorDetails(error)) });
    if (kind == FailureKind::BadKey)
        emit fatal(r.lastError);
    emit changed();
}

void UploadLane::deleteRemoteFile(const QString &name)
{
    gemini::EmptyResultJob *job = m_context.client->deleteFile(name);
    job->start(); // best effort: an unused file expires by itself within 48 h anyway
}

void UploadLane::pause()
{
    for (const QPointer<gemini::UploadJob> &job : std::as_const(m_jobs)) {
        if (job)
            job->pause();
    }
}

void UploadLane::resumePaused()
{
    for (const QPointer<gemini::UploadJob> &job : std::as_const(m_jobs)) {
        if (job && job->isPaused())
            job->resume();
    }
}

void UploadLane::abortAll()
{
    const auto jobs = m_jobs;
    for (const QPointer<gemini::UploadJob> &job : jobs) {
        if (job)
            job->abort();
    }
}

void UploadLane::uploadNow(qint64 id)
{
    const BatchRecord *r = m_context.state->find(id);
    if (!r || m_jobs.contains(id) || r->hasJob())
        return;
    if (r->state == BatchState::Uploaded) {
        BatchRecord replace = *r;
        replace.state = BatchState::FileExpired; // treat the old upload as unusable
        m_context.state->commit(replace);
    }
    if (const BatchRecord *fresh = m_context.state->find(id))
        start(*fresh);
}

} // namespace bb
