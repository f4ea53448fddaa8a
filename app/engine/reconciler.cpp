#include "reconciler.h"

#include "geminiclient.h"
#include "jsonrequestjob.h"
#include "listalljobs.h"
#include "projectstore.h"
#include "remotejob.h"

#include "batchnaming.h"

#include <QCoreApplication>
#include <QJsonArray>

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
    // A wrong key, or a proxy that refuses us, stops the run: nothing works until the user
    // changes a setting (the first request of every run is this reconcile).
    if (failureKindOf(error) == FailureKind::BadKey
        || error.classification == gemini::ApiError::Classification::ProxyFailure)
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
    QMultiHash<QString, gemini::GeminiFile> byHash;
    m_fileHashes.clear();
    m_filesListed = true;
    for (const gemini::GeminiFile &f : result.value) {
        byName.insert(f.name, f);
        if (!f.sha256Hex().isEmpty())
            byHash.insert(f.sha256Hex(), f);
        m_fileHashes.insert(f.name, f.sha256Hex());
    }
    const QDateTime now = m_context.now();
    const QList<BatchRecord> batches = m_context.state->list();
    QSet<QString> claimed; // files a batch of ours already names
    for (const BatchRecord &r : batches) {
        if (r.hasRemoteFile())
            claimed.insert(r.remoteFileName);
    }
    QList<BatchRecord> updates;
    QList<EventRecord> events;
    for (const BatchRecord &current : batches) {
        BatchRecord r = current;
        if (r.hasRemoteFile()) {
            const auto it = byName.constFind(r.remoteFileName);
            const QString listedHex = it != byName.cend() ? it->sha256Hex() : QString();
            if (it != byName.cend() && !r.hasJob() && r.parentId == 0 && !listedHex.isEmpty()
                && !r.sha256Hex.isEmpty() && listedHex != r.sha256Hex && listedHex != r.uploadSha256Hex) {
                // A tracking file named an upload that holds other bytes: not this batch's.
                events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                    QStringLiteral("reconcile.file_mismatch"), Severity::Warning, {},
                    { { QStringLiteral("file"), r.remoteFileName }, { QStringLiteral("remote"), listedHex },
                        { QStringLiteral("local"), r.sha256Hex } }));
                claimed.remove(r.remoteFileName);
                r.remoteFileName.clear();
                r.remoteFileUri.clear();
                r.remoteFileExpiresAt = {};
                if (r.state == BatchState::Uploaded)
                    r.state = BatchState::NotUploaded;
            } else if (it != byName.cend()) {
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
            // An upload whose final reply never reached us, an earlier run's, or one another tool
            // made of the same bytes under any name: the server's sha256Hash proves it is this file.
            QList<gemini::GeminiFile> candidates = byHash.values(r.sha256Hex);
            if (!r.uploadSha256Hex.isEmpty()) // our copy with keys added
                candidates += byHash.values(r.uploadSha256Hex);
            std::stable_sort(candidates.begin(), candidates.end(),
                [&r](const gemini::GeminiFile &a, const gemini::GeminiFile &b) {
                    return (a.displayName == r.displayName) > (b.displayName == r.displayName);
                });
            for (const gemini::GeminiFile &f : std::as_const(candidates)) {
                const bool usable = f.state == gemini::GeminiFile::State::Active && !claimed.contains(f.name)
                    && (!f.expirationTime.isValid()
                        || now.secsTo(f.expirationTime) >= m_context.settings.limits.expiryMarginSeconds);
                if (!usable)
                    continue;
                claimed.insert(f.name);
                r.state = BatchState::Uploaded;
                r.remoteFileName = f.name;
                r.remoteFileUri = f.uri.toString();
                r.remoteFileExpiresAt = f.expirationTime;
                r.uploadSessionUrl.clear();
                r.uploadConfirmedBytes = r.uploadSize();
                r.waitReason = WaitReason::None;
                r.nextAttemptAt = {};
                events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                    QStringLiteral("reconcile.adopted_file"), Severity::Info, {},
                    { { QStringLiteral("file"), f.name },
                        { QStringLiteral("displayName"), f.displayName } }));
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
    const QList<BatchRecord> batches = m_context.state->list();
    QMultiHash<QString, gemini::BatchJob> byDisplayName;
    QMultiHash<QString, gemini::BatchJob> byInputFile;
    QMultiHash<QString, gemini::BatchJob> byInputHash; // jobs whose input file is listed, by its sha256
    QMultiHash<int, gemini::BatchJob> byNumberInputGone; // jobs whose input is gone, by display-name number
    for (const gemini::BatchJob &b : result.value) {
        if (retired.contains(b.name))
            continue;
        byDisplayName.insert(b.displayName, b);
        if (!b.inputFileName.isEmpty())
            byInputFile.insert(b.inputFileName, b);
        const QString inputHex = m_fileHashes.value(b.inputFileName);
        if (!inputHex.isEmpty())
            byInputHash.insert(inputHex, b);
        else if (m_filesListed && !m_fileHashes.contains(b.inputFileName)) {
            if (const auto number = batchNumberInName(b.displayName))
                byNumberInputGone.insert(*number, b);
        }
    }
    QSet<QString> owned; // jobs a batch of ours already has
    QHash<int, int> localsWithNumber;
    for (const BatchRecord &r : batches) {
        if (r.hasJob())
            owned.insert(r.jobName);
        if (r.parentId == 0 && r.batchNumber)
            ++localsWithNumber[*r.batchNumber];
    }
    const auto failedForGood = [](const gemini::BatchJob &b) {
        return b.state == gemini::BatchJob::State::Failed || b.state == gemini::BatchJob::State::Cancelled
            || b.state == gemini::BatchJob::State::Expired;
    };
    const QDateTime now = m_context.now();
    QList<BatchRecord> updates;
    QList<EventRecord> events;
    for (const BatchRecord &current : batches) {
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
                const QString inputHex = m_fileHashes.value(b.inputFileName);
                const bool sameBytes = b.inputFileName == r.remoteFileName
                    || (!inputHex.isEmpty() && (inputHex == r.sha256Hex || inputHex == r.uploadSha256Hex));
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
            // A job is this batch's when it was made from this batch's bytes: its input is our
            // upload, or a listed file with our sha256, whatever its name (another tool's jobs).
            QList<gemini::BatchJob> matches;
            QSet<QString> seen;
            const auto consider = [&](const gemini::BatchJob &b, bool ownUpload) {
                if (owned.contains(b.name) || seen.contains(b.name) || (!ownUpload && failedForGood(b)))
                    return;
                seen.insert(b.name);
                matches.append(b);
            };
            if (!r.remoteFileName.isEmpty()) {
                for (const gemini::BatchJob &b : byInputFile.values(r.remoteFileName))
                    consider(b, true);
            }
            for (const QString &hex : { r.sha256Hex, r.uploadSha256Hex }) {
                if (hex.isEmpty())
                    continue;
                for (const gemini::BatchJob &b : byInputHash.values(hex))
                    consider(b, false);
            }
            for (const gemini::BatchJob &b : byDisplayName.values(r.displayName)) {
                if (!seen.contains(b.name) && !owned.contains(b.name) && !m_reportedForeign.contains(b.name)
                    && (m_reportedForeign.insert(b.name), true))
                    events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                        QStringLiteral("reconcile.foreign_job"), Severity::Warning, {},
                        { { QStringLiteral("job"), b.name }, { QStringLiteral("input"), b.inputFileName } }));
            }
            // Its input gone (files expire after 48 h), a job can still be told by the number in
            // its display name and its request count. Only a single candidate for a number only one
            // local file has is taken; anything else is held for the user, never created blindly.
            QList<gemini::BatchJob> probable;
            if (matches.isEmpty() && r.parentId == 0 && r.batchNumber) {
                for (const gemini::BatchJob &b : byNumberInputGone.values(*r.batchNumber)) {
                    if (!owned.contains(b.name) && !failedForGood(b)
                        && b.stats.requestCount == r.requestCount)
                        probable.append(b);
                }
                if (probable.size() == 1 && localsWithNumber.value(*r.batchNumber) == 1) {
                    matches = probable;
                    events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                        QStringLiteral("reconcile.matched_by_number"), Severity::Info, {},
                        { { QStringLiteral("job"), probable.first().name },
                            { QStringLiteral("displayName"), probable.first().displayName },
                            { QStringLiteral("requests"), r.requestCount } }));
                    probable.clear();
                }
            }
            // Oldest first: if duplicates exist (made by someone else), keep the first.
            std::sort(
                matches.begin(), matches.end(), [](const gemini::BatchJob &a, const gemini::BatchJob &b) {
                    return a.createTime < b.createTime;
                });
            if (!matches.isEmpty()) {
                const gemini::BatchJob &b = matches.first();
                applyRemoteJob(r, b);
                owned.insert(b.name);
                r.lastError.clear();
                if (r.waitReason == WaitReason::NeedsUser)
                    r.waitReason = WaitReason::None;
                events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                    QStringLiteral("reconcile.adopted_job"), Severity::Info, {},
                    { { QStringLiteral("job"), b.name }, { QStringLiteral("displayName"), b.displayName } }));
                if (matches.size() > 1)
                    events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                        QStringLiteral("reconcile.duplicates"), Severity::Error, {},
                        { { QStringLiteral("count"), int(matches.size()) } }));
            } else if (!probable.isEmpty()) {
                QStringList names;
                for (const gemini::BatchJob &b : std::as_const(probable))
                    names.append(b.name);
                const QString why = QCoreApplication::translate("bb::Engine",
                    "may already be submitted as %1 (its input file is gone, so this cannot be proven); "
                    "check, then Retry to create a job anyway")
                                        .arg(names.join(QStringLiteral(", ")));
                if (r.waitReason != WaitReason::NeedsUser || r.lastError != why) {
                    r.waitReason = WaitReason::NeedsUser;
                    r.lastError = why;
                    events.append(EngineState::event(r.id, QStringLiteral("reconcile"),
                        QStringLiteral("reconcile.maybe_submitted"), Severity::Warning, why,
                        { { QStringLiteral("jobs"), QJsonArray::fromStringList(names) } }));
                }
                if (r.state == BatchState::Creating)
                    r.state = BatchState::Uploaded;
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
