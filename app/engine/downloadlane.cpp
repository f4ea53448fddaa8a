#include "downloadlane.h"

#include "downloadjob.h"
#include "geminiclient.h"
#include "jsonrequestjob.h"
#include "projectstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace bb {
namespace {

// About three minutes of the transient back-off (1 s doubling to 60 s).
constexpr int OutputNotReadyAttempts = 8;

} // namespace

DownloadLane::DownloadLane(EngineContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_gate(context.retry)
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
}

DownloadLane::~DownloadLane()
{
    m_cancel->store(true);
}

QDateTime DownloadLane::nextWake() const
{
    const QDateTime now = m_context.now();
    if (!m_gate.isOpen(now))
        return m_gate.opensAt();
    return m_context.state->earliestBackoff(
        now, [](const BatchRecord &r) { return r.state == BatchState::JobSucceeded; });
}

void DownloadLane::pump()
{
    if (!m_context.running)
        return;
    const QDateTime now = m_context.now();
    if (!m_gate.isOpen(now))
        return;
    QList<BatchRecord> ready;
    for (const BatchRecord &r : m_context.state->batches()) {
        if (r.state != BatchState::JobSucceeded || m_jobs.contains(r.id) || r.waitReason == WaitReason::Held
            || r.waitReason == WaitReason::NeedsUser)
            continue;
        if (r.waitReason == WaitReason::Backoff && r.nextAttemptAt.isValid() && r.nextAttemptAt > now)
            continue;
        ready.append(r);
    }
    std::sort(ready.begin(), ready.end(), [](const BatchRecord &a, const BatchRecord &b) {
        return a.jobEndedAt < b.jobEndedAt; // oldest results first: they are the first to vanish
    });
    for (const BatchRecord &r : std::as_const(ready)) {
        if (m_jobs.size() >= m_context.settings.parallelDownloads)
            break;
        start(r);
    }
}

void DownloadLane::downloadNow(qint64 id)
{
    const BatchRecord *r = m_context.state->find(id);
    if (r && !m_jobs.contains(id) && !r->resultsFileName.isEmpty()
        && (r->state == BatchState::JobSucceeded || r->state == BatchState::Downloaded))
        start(*r);
}

void DownloadLane::start(BatchRecord r)
{
    if (!QDir().mkpath(m_context.settings.resultsDir)) {
        r.waitReason = WaitReason::NeedsUser;
        r.lastError = QCoreApplication::translate("bb::Engine", "cannot create the results folder %1")
                          .arg(m_context.settings.resultsDir);
        m_context.state->commit(r);
        return;
    }
    r.state = BatchState::Downloading;
    r.waitReason = WaitReason::None;
    r.nextAttemptAt = {};
    r.stateChangedAt = m_context.now();
    if (!m_context.state->commit(r,
            { EngineState::event(r.id, QStringLiteral("download"), QStringLiteral("download.start"),
                Severity::Info, {}, { { QStringLiteral("file"), r.resultsFileName } }) }))
        return;
    const QString target
        = QDir(m_context.settings.resultsDir).filePath(r.displayName + QStringLiteral(".results.jsonl"));
    gemini::DownloadJob *job = m_context.client->download(r.resultsFileName, target);
    const qint64 id = r.id;
    m_jobs.insert(id, job);
    connect(job, &gemini::GeminiJob::finished, this, [this, id, job] { downloaded(id, job); });
    job->start();
}

void DownloadLane::downloaded(qint64 id, gemini::DownloadJob *job)
{
    m_jobs.remove(id);
    const auto result = job->result();
    const BatchRecord *current = m_context.state->find(id);
    if (!current) {
        emit changed();
        return;
    }
    if (!result.ok()) {
        BatchRecord r = *current;
        const gemini::ApiError &error = result.error;
        const FailureKind kind = failureKindOf(error);
        r.state = BatchState::JobSucceeded;
        r.lastError = describe(error);
        if (error.kind == gemini::ApiError::Kind::Aborted) {
            m_context.state->commit(r);
        } else {
            m_gate.refused(error, m_context.now());
            const int attempt = ++m_failures[id];
            // A job can read SUCCEEDED before its output is downloadable (changes-2026 §6): a
            // missing output is asked for again for a few minutes before it counts as gone.
            const bool mayNotBeReadyYet = kind == FailureKind::FileGone && attempt <= OutputNotReadyAttempts;
            const RetryPlan plan = m_context.retry.plan(mayNotBeReadyYet ? FailureKind::Transient : kind,
                attempt, m_context.now(), error.retryDelayMs());
            if (plan.giveUp || (kind == FailureKind::FileGone && !mayNotBeReadyYet)) {
                r.waitReason = WaitReason::NeedsUser;
                if (kind == FailureKind::FileGone)
                    r.lastError = QCoreApplication::translate("bb::Engine",
                        "the results file is no longer available on the server; "
                        "resubmit the batch's keys (%1)")
                                      .arg(describe(error));
            } else {
                r.waitReason = WaitReason::Backoff;
                r.nextAttemptAt = plan.notBefore;
            }
            m_context.state->commit(r,
                { EngineState::event(id, QStringLiteral("download"), QStringLiteral("download.failed"),
                    plan.giveUp ? Severity::Error : Severity::Warning, r.lastError, errorDetails(error)) });
            if (kind == FailureKind::BadKey)
                emit fatal(r.lastError);
        }
        emit changed();
        return;
    }
    m_gate.accepted();
    m_failures.remove(id);
    // Reading a results file can take a while for big batches: off this thread.
    const QString path = result.value;
    ++m_scanning;
    auto *watcher = new QFutureWatcher<ResultsScan>(this);
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    connect(watcher, &QFutureWatcher<ResultsScan>::finished, this, [this, watcher, id, path, cancel] {
        --m_scanning;
        watcher->deleteLater();
        if (!cancel->load()) // a cut-short scan must not reach the ledger; the batch downloads again
            scanned(id, path, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, cancel] { return scanResultsFile(path, cancel.get()); }));
}

void DownloadLane::scanned(qint64 id, const QString &path, const ResultsScan &scan)
{
    const BatchRecord *current = m_context.state->find(id);
    if (!current)
        return;
    BatchRecord r = *current;
    ProjectStore *store = m_context.state->store();
    if (!scan.ioError.isEmpty()) {
        r.state = BatchState::JobSucceeded;
        r.waitReason = WaitReason::NeedsUser;
        r.lastError = QCoreApplication::translate("bb::Engine", "cannot read the downloaded results %1: %2")
                          .arg(path, scan.ioError);
        m_context.state->commit(r);
        emit changed();
        return;
    }
    QList<ExpectedRequest> expected;
    if (r.parentId != 0) {
        for (const QString &key : store->attemptKeys(r.id)) // a retry's file names every request
            expected.append({ key, false });
    } else {
        for (const KeyResult &k : store->keyResults(r.id))
            expected.append({ k.key, k.keyless });
    }
    QStringList problems = scan.problems;
    TokenUsage usage;
    const QList<KeyResult> results = matchResults(expected, r.id, scan, &problems, &usage);
    qint64 ok = 0;
    qint64 failed = 0;
    for (const KeyResult &k : results) {
        if (k.outcome == KeyOutcome::Succeeded || k.outcome == KeyOutcome::Blocked)
            ++ok;
        else
            ++failed;
    }
    r.state = BatchState::Downloaded;
    r.resultsPath = path;
    r.succeededCount = ok;
    r.failedCount = failed;
    r.pendingCount = 0;
    r.usage = usage;
    r.lastError = problems.isEmpty() ? QString() : problems.first();
    r.stateChangedAt = m_context.now();
    QJsonObject details { { QStringLiteral("succeeded"), ok }, { QStringLiteral("failedOrMissing"), failed },
        { QStringLiteral("lines"), scan.lines.size() },
        { QStringLiteral("promptTokens"), usage.total().prompt },
        { QStringLiteral("outputTokens"), usage.total().candidates + usage.total().thoughts } };
    if (!problems.isEmpty())
        details.insert(QStringLiteral("problems"), QJsonArray::fromStringList(problems.mid(0, 20)));
    const StoreError error = store->transaction([&]() -> StoreError {
        if (StoreError e = store->recordKeyResults(results))
            return e;
        return m_context.state->commit(r,
                   { EngineState::event(id, QStringLiteral("download"), QStringLiteral("download.done"),
                       problems.isEmpty() ? Severity::Info : Severity::Warning, {}, details) })
            ? StoreError::none()
            : StoreError { StoreError::Code::Io, QStringLiteral("commit failed") };
    });
    if (!error && raisesFailureAlarm(r, m_context.state->list()))
        raiseFailureAlarm(r, results);
    if (!error && r.parentId != 0)
        refreshParentCounts(r.parentId);
    if (!error && m_context.settings.deleteInputsWhenDone && r.hasRemoteFile())
        deleteInput(id);
    emit changed();
}

void DownloadLane::raiseFailureAlarm(const BatchRecord &r, const QList<KeyResult> &results)
{
    ProjectStore *store = m_context.state->store();
    const QStringList acknowledged
        = store->setting(QStringLiteral("engine.failureAlarmAcknowledged")).split(u',', Qt::SkipEmptyParts);
    if (m_context.alarm.isActive() || acknowledged.contains(QString::number(r.id)))
        return;
    QStringList messages;
    for (const KeyResult &k : results) {
        if (k.outcome == KeyOutcome::Failed)
            messages.append(
                k.errorMessage.isEmpty() ? QStringLiteral("error %1").arg(k.errorCode) : k.errorMessage);
        if (messages.size() > 1000)
            break;
    }
    FailureAlarm alarm;
    alarm.batchId = r.id;
    alarm.batchName = r.displayName;
    alarm.failed = r.failedCount;
    alarm.total = r.succeededCount + r.failedCount;
    alarm.errors = firstDistinctMessages(messages);
    m_context.alarm = alarm;
    store->setSetting(QStringLiteral("engine.failureAlarm"),
        QString::fromUtf8(QJsonDocument(alarm.toJson()).toJson(QJsonDocument::Compact)));
    m_context.state->log(EngineState::event(r.id, QStringLiteral("engine"),
        QStringLiteral("alarm.failed_lines"), Severity::Error, {}, alarm.toJson()));
}

void DownloadLane::refreshParentCounts(qint64 parentId)
{
    const BatchRecord *parent = m_context.state->find(parentId);
    if (!parent)
        return;
    BatchRecord p = *parent;
    p.succeededCount = p.failedCount = 0;
    for (const KeyResult &k : m_context.state->store()->keyResults(parentId)) {
        if (k.outcome == KeyOutcome::Succeeded || k.outcome == KeyOutcome::Blocked)
            ++p.succeededCount;
        else
            ++p.failedCount;
    }
    m_context.state->commit(p);
}

void DownloadLane::deleteInput(qint64 id)
{
    const BatchRecord *r = m_context.state->find(id);
    if (!r)
        return;
    const QString name = r->remoteFileName;
    gemini::EmptyResultJob *job = m_context.client->deleteFile(name);
    connect(job, &gemini::GeminiJob::finished, this, [this, id, job, name] {
        const BatchRecord *current = m_context.state->find(id);
        const bool gone
            = job->result().ok() || job->error().classification == gemini::ApiError::Classification::FileGone;
        if (current && gone && current->remoteFileName == name) {
            BatchRecord r = *current;
            r.remoteFileName.clear();
            r.remoteFileUri.clear();
            r.remoteFileExpiresAt = {};
            m_context.state->commit(r);
        }
    });
    job->start();
}

void DownloadLane::abortAll()
{
    m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const auto jobs = m_jobs;
    for (const QPointer<gemini::DownloadJob> &job : jobs) {
        if (job)
            job->abort();
    }
}

} // namespace bb
