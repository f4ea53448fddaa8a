#include "polllane.h"

#include "batchcalljobs.h"
#include "geminiclient.h"
#include "remotejob.h"

#include <QCoreApplication>

#include <algorithm>

namespace bb {

PollLane::PollLane(EngineContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_intervalServerMs(context.settings.pollMinServerMs)
    , m_gate(context.retry)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PollLane::poll);
}

QSet<QString> PollLane::activeJobs() const
{
    QSet<QString> jobs;
    for (const BatchRecord &r : m_context.state->batches()) {
        if (r.hasJob() && (r.state == BatchState::JobPending || r.state == BatchState::JobRunning))
            jobs.insert(r.jobName);
    }
    return jobs;
}

void PollLane::schedule(qint64 serverMs)
{
    const QDateTime now = m_context.now();
    if (!m_gate.isOpen(now))
        serverMs = std::max(serverMs, now.msecsTo(m_gate.opensAt()));
    m_nextPoll = now.addMSecs(serverMs);
    m_timer.start(int(std::min<qint64>(
        m_context.clock.realMsFor(serverMs, m_context.settings.pollFloorRealMs), 24 * 3600 * 1000)));
}

void PollLane::pump()
{
    if (!m_context.running || busy() || m_timer.isActive() || activeJobs().isEmpty())
        return;
    schedule(m_intervalServerMs);
}

void PollLane::pollSoon()
{
    m_intervalServerMs = m_context.settings.pollMinServerMs;
    if (!busy() && m_context.running && m_gate.isOpen(m_context.now())
        && (!m_timer.isActive()
            || m_timer.remainingTime()
                > m_context.clock.realMsFor(m_intervalServerMs, m_context.settings.pollFloorRealMs)))
        schedule(m_intervalServerMs);
}

bool PollLane::refused(const gemini::ApiError &error)
{
    if (!m_gate.refused(error, m_context.now()))
        return false;
    m_missing.clear();
    m_unseen.clear();
    if (m_context.running && !activeJobs().isEmpty())
        schedule(m_context.settings.pollMinServerMs);
    return true;
}

void PollLane::stop()
{
    m_timer.stop();
    m_nextPoll = {};
}

void PollLane::poll()
{
    m_nextPoll = {};
    if (!m_context.running || busy())
        return;
    if (!m_gate.isOpen(m_context.now())) {
        // Woken early (the server's pace is not known yet): a refusal is still being waited out.
        schedule(m_context.settings.pollMinServerMs);
        return;
    }
    m_unseen = activeJobs();
    if (m_unseen.isEmpty())
        return;
    m_cycleChanged = false;
    m_missing.clear();
    requestPage({});
}

void PollLane::requestPage(const QString &pageToken)
{
    gemini::BatchPageJob *job = m_context.client->listBatches(100, pageToken);
    m_job = job;
    connect(job, &gemini::GeminiJob::finished, this, &PollLane::pageFinished);
    job->start();
}

void PollLane::noteProgress(const BatchRecord &before, const BatchRecord &after)
{
    const QDateTime now = m_context.now();
    if (!m_lastProgress.contains(after.jobName) || before.state != after.state
        || before.succeededCount != after.succeededCount || before.failedCount != after.failedCount) {
        m_lastProgress.insert(after.jobName, now);
        m_flaggedStuck.remove(after.jobName);
        return;
    }
    const QDateTime since = m_lastProgress.value(after.jobName);
    if (since.secsTo(now) >= m_context.settings.stuckAfterServerSecs
        && !m_flaggedStuck.contains(after.jobName)) {
        m_flaggedStuck.insert(after.jobName);
        m_context.state->log(EngineState::event(after.id, QStringLiteral("poll"), QStringLiteral("job.stuck"),
            Severity::Warning, {}, { { QStringLiteral("since"), since.toString(Qt::ISODate) } }));
    }
}

void PollLane::pageFinished(gemini::GeminiJob *finishedJob)
{
    m_job.clear();
    QString nextToken;
    QList<gemini::BatchJob> jobs;
    if (auto *single = qobject_cast<gemini::BatchCallJob *>(finishedJob)) {
        const auto result = single->result();
        if (!result.ok() && result.error.kind != gemini::ApiError::Kind::Aborted && refused(result.error)) {
            m_context.state->log(EngineState::event(0, QStringLiteral("poll"), QStringLiteral("poll.failed"),
                Severity::Warning, describe(result.error), errorDetails(result.error)));
            return;
        }
        if (!result.ok()) {
            const BatchRecord *r
                = m_context.state->findByJob(m_missing.isEmpty() ? QString() : m_missing.first());
            if (r && (result.error.httpStatus == 404 || result.error.httpStatus == 403)) {
                BatchRecord lost = *r;
                lost.state = BatchState::JobFailed;
                lost.lastError
                    = QCoreApplication::translate("bb::Engine", "the job no longer exists on the server (%1)")
                          .arg(describe(result.error));
                m_context.state->commit(lost,
                    { EngineState::event(lost.id, QStringLiteral("poll"), QStringLiteral("job.vanished"),
                        Severity::Error, lost.lastError) });
                m_cycleChanged = true;
            }
        } else {
            jobs.append(result.value);
        }
        if (!m_missing.isEmpty())
            m_missing.removeFirst();
    } else {
        auto *page = static_cast<gemini::BatchPageJob *>(finishedJob);
        const auto result = page->result();
        if (!result.ok()) {
            const FailureKind kind = failureKindOf(result.error);
            m_context.state->log(EngineState::event(0, QStringLiteral("poll"), QStringLiteral("poll.failed"),
                Severity::Warning, describe(result.error), errorDetails(result.error)));
            if (kind == FailureKind::BadKey) {
                emit fatal(describe(result.error));
                return;
            }
            if (!refused(result.error) && m_context.running && !activeJobs().isEmpty())
                schedule(m_context.settings.pollMinServerMs); // an answer no wait can change
            return;
        }
        jobs = result.value.batches;
        nextToken = result.value.nextPageToken;
    }
    m_gate.accepted();

    QList<BatchRecord> updates;
    for (const gemini::BatchJob &job : std::as_const(jobs)) {
        m_unseen.remove(job.name);
        const BatchRecord *current = m_context.state->findByJob(job.name);
        if (!current)
            continue; // not ours (or another project's): never touched
        BatchRecord r = *current;
        const bool stateChanged = applyRemoteJob(r, job);
        if (stateChanged)
            r.stateChangedAt = m_context.now();
        noteProgress(*current, r);
        if (!(r == *current)) {
            updates.append(r);
            m_cycleChanged = true;
        }
    }
    if (!updates.isEmpty())
        m_context.state->commitAll(updates);

    if (!m_missing.isEmpty()) {
        getMissing();
        return;
    }
    if (!m_unseen.isEmpty() && !nextToken.isEmpty()) {
        requestPage(nextToken);
        return;
    }
    if (!m_unseen.isEmpty() && m_missing.isEmpty() && qobject_cast<gemini::BatchPageJob *>(finishedJob)) {
        // Listed everything and some jobs were not there: ask for each one.
        m_missing = QStringList(m_unseen.cbegin(), m_unseen.cend());
        m_unseen.clear();
        getMissing();
        return;
    }
    cycleDone(m_cycleChanged);
}

void PollLane::getMissing()
{
    gemini::BatchCallJob *job = m_context.client->getBatch(m_missing.first());
    m_job = job;
    connect(job, &gemini::GeminiJob::finished, this, &PollLane::pageFinished);
    job->start();
}

void PollLane::cycleDone(bool anyChange)
{
    ++m_cycles;
    const EngineSettings &s = m_context.settings;
    m_intervalServerMs = anyChange
        ? s.pollMinServerMs
        : std::min<qint64>(s.pollMaxServerMs, qint64(double(m_intervalServerMs) * 1.5));
    if (anyChange)
        emit changed();
    if (m_context.running && !activeJobs().isEmpty())
        schedule(m_intervalServerMs);
}

} // namespace bb
