#include "reconciler.h"

#include "geminiclient.h"
#include "jsonrequestjob.h"
#include "listalljobs.h"
#include "projectstore.h"
#include "remotejob.h"

#include <QMultiHash>

namespace bb {

Reconciler::Reconciler(EngineContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_gate(context.retry)
{
}

void Reconciler::run(Scope scope)
{
    if (busy()) {
        m_rerun = true;
        m_rerunScope = std::max(m_rerunScope, scope);
        return;
    }
    if (!m_gate.isOpen(m_context.now())) {
        // A refusal is still being waited out; the engine runs this again at retryAt().
        emit finished(false);
        return;
    }
    if (scope == Scope::JobsOnly) {
        listJobs();
        return;
    }
    gemini::AllFilesJob *job = m_context.client->listAllFiles(100);
    m_job = job;
    connect(job, &gemini::GeminiJob::finished, this, &Reconciler::filesListed);
    job->start();
}

void Reconciler::fail(const QString &step, gemini::GeminiJob *job)
{
    const gemini::ApiError &error = job->error();
    m_gate.refused(error, m_context.now());
    m_context.state->log(
        EngineState::event(0, QStringLiteral("reconcile"), QStringLiteral("reconcile.failed"),
            Severity::Warning, describe(error), QJsonObject { { QStringLiteral("step"), step } }));
    if (failureKindOf(error) == FailureKind::BadKey)
        emit fatal(describe(error));
    emit finished(false);
}

void Reconciler::filesListed(gemini::GeminiJob *finishedJob)
{
    m_job.clear();
    auto *job = static_cast<gemini::AllFilesJob *>(finishedJob);
    const auto result = job->result();
    if (!result.ok()) {
        fail(QStringLiteral("files"), job);
        return;
    }
    QHash<QString, gemini::GeminiFile> byName;
    QMultiHash<QString, gemini::GeminiFile> byDisplayName;
    m_fileHashes.clear();
    for (const gemini::GeminiFile &f : result.value) {
        byName.insert(f.name, f);
        byDisplayName.insert(f.displayName, f);
        m_fileHashes.insert(f.name, f.sha256Hex());
    }
    const QDateTime now = m_context.now();
    QList<BatchRecord> updates;
    QList<EventRecord> events;
    for (const BatchRecord &current : m_context.state->batches()) {
        BatchRecord r = current;
        if (r.hasRemoteFile()) {
            const auto it = byName.constFind(r.remoteFileName);
            if (it != byName.cend()) {
                if (it->expirationTime.isValid())
                    r.remoteFileExpiresAt = it->expirationTime;
                if (r.remoteFileUri.isEmpty())
                    r.remoteFileUri = it->uri.toString();
            } else if (!r.hasJob() && r.state == BatchState::Uploaded) {
                events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                    QStringLiteral("reconcile.file_gone"), Severity::Warning, {},
                    { { QStringLiteral("file"), r.remoteFileName } }));
                r.state = BatchState::FileExpired;
                r.remoteFileName.clear();
                r.remoteFileUri.clear();
                r.remoteFileExpiresAt = {};
            }
        } else if (!r.hasJob() && !r.sha256Hex.isEmpty()
            && (r.state == BatchState::NotUploaded || r.state == BatchState::Uploading
                || r.state == BatchState::FileExpired)) {
            // An upload whose final reply never reached us (or an earlier run's) is already there.
            for (const gemini::GeminiFile &f : byDisplayName.values(r.displayName)) {
                const bool usable = f.state == gemini::GeminiFile::State::Active
                    && f.sha256Hex() == r.sha256Hex
                    && (!f.expirationTime.isValid()
                        || now.secsTo(f.expirationTime) >= m_context.settings.limits.expiryMarginSeconds);
                if (!usable)
                    continue;
                r.state = BatchState::Uploaded;
                r.remoteFileName = f.name;
                r.remoteFileUri = f.uri.toString();
                r.remoteFileExpiresAt = f.expirationTime;
                r.uploadSessionUrl.clear();
                r.uploadConfirmedBytes = r.sizeBytes;
                r.waitReason = WaitReason::None;
                r.nextAttemptAt = {};
                events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                    QStringLiteral("reconcile.adopted_file"), Severity::Info, {},
                    { { QStringLiteral("file"), f.name } }));
                break;
            }
        }
        if (!(r == current))
            updates.append(r);
    }
    if (!updates.isEmpty() || !events.isEmpty())
        m_context.state->commitAll(updates, events);
    listJobs();
}

void Reconciler::listJobs()
{
    gemini::AllBatchesJob *job = m_context.client->listAllBatches(100);
    m_job = job;
    connect(job, &gemini::GeminiJob::finished, this, &Reconciler::jobsListed);
    job->start();
}

void Reconciler::jobsListed(gemini::GeminiJob *finishedJob)
{
    m_job.clear();
    auto *job = static_cast<gemini::AllBatchesJob *>(finishedJob);
    const auto result = job->result();
    if (!result.ok()) {
        fail(QStringLiteral("batches"), job);
        return;
    }
    const QSet<QString> retired = m_context.state->store()->retiredJobs();
    QMultiHash<QString, gemini::BatchJob> byDisplayName;
    for (const gemini::BatchJob &b : result.value) {
        if (!retired.contains(b.name))
            byDisplayName.insert(b.displayName, b);
    }
    const QDateTime now = m_context.now();
    QList<BatchRecord> updates;
    QList<EventRecord> events;
    for (const BatchRecord &current : m_context.state->batches()) {
        BatchRecord r = current;
        if (r.hasJob()) {
            // Known job: bring it up to date (the poll lane takes over from here). Another live
            // job under the same name, made from the same bytes, is a duplicate someone will pay
            // for (an HTTP stack re-sending a create, another tool): cancel it and say so.
            for (const gemini::BatchJob &b : byDisplayName.values(r.displayName)) {
                if (b.name == r.jobName) {
                    applyRemoteJob(r, b);
                    continue;
                }
                const bool sameBytes = b.inputFileName == r.remoteFileName
                    || (!r.sha256Hex.isEmpty() && m_fileHashes.value(b.inputFileName) == r.sha256Hex);
                if (sameBytes && !b.isTerminal() && !m_cancelledDuplicates.contains(b.name)) {
                    m_cancelledDuplicates.insert(b.name);
                    m_context.client->cancelBatch(b.name)->start();
                    events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                        QStringLiteral("reconcile.duplicate_cancelled"), Severity::Error, {},
                        { { QStringLiteral("job"), b.name }, { QStringLiteral("kept"), r.jobName } }));
                }
            }
        } else if (r.state == BatchState::Creating || r.state == BatchState::Uploaded
            || r.state == BatchState::FileExpired || r.state == BatchState::NotUploaded
            || r.state == BatchState::Uploading) {
            // Same name is not enough: the job must have been made from this batch's bytes —
            // its input is our current upload, or a listed file with our sha256.
            QList<gemini::BatchJob> matches;
            for (const gemini::BatchJob &b : byDisplayName.values(r.displayName)) {
                const bool ours = (!r.remoteFileName.isEmpty() && b.inputFileName == r.remoteFileName)
                    || (!r.sha256Hex.isEmpty() && m_fileHashes.value(b.inputFileName) == r.sha256Hex);
                if (ours)
                    matches.append(b);
                else if (!m_reportedForeign.contains(b.name) && (m_reportedForeign.insert(b.name), true))
                    events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                        QStringLiteral("reconcile.foreign_job"), Severity::Warning, {},
                        { { QStringLiteral("job"), b.name }, { QStringLiteral("input"), b.inputFileName } }));
            }
            // Oldest first: if duplicates exist (made by someone else), keep the first.
            std::sort(
                matches.begin(), matches.end(), [](const gemini::BatchJob &a, const gemini::BatchJob &b) {
                    return a.createTime < b.createTime;
                });
            if (!matches.isEmpty()) {
                const gemini::BatchJob &b = matches.first();
                applyRemoteJob(r, b);
                r.lastError.clear();
                events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                    QStringLiteral("reconcile.adopted_job"), Severity::Info, {},
                    { { QStringLiteral("job"), b.name } }));
                if (matches.size() > 1)
                    events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                        QStringLiteral("reconcile.duplicates"), Severity::Error, {},
                        { { QStringLiteral("count"), int(matches.size()) } }));
            } else if (r.state == BatchState::Creating) {
                // The server never made it: safe to create again, after a short pause.
                r.state = BatchState::Uploaded;
                r.waitReason = WaitReason::Backoff;
                r.nextAttemptAt
                    = m_context.retry.plan(FailureKind::Transient, std::max(1, r.attempts), now).notBefore;
                events.append(EngineState::event(
                    r.id, QStringLiteral("reconcile"), QStringLiteral("reconcile.no_job"), Severity::Info));
            }
        }
        if (!(r == current)) {
            r.stateChangedAt = r.state != current.state ? now : r.stateChangedAt;
            updates.append(r);
        }
    }
    if (!updates.isEmpty() || !events.isEmpty())
        m_context.state->commitAll(updates, events);
    m_succeededOnce = true;
    m_gate.accepted();
    if (m_rerun) {
        m_rerun = false;
        const Scope scope = m_rerunScope;
        m_rerunScope = Scope::JobsOnly;
        run(scope);
        return;
    }
    emit finished(true);
}

} // namespace bb
