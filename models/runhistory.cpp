#include "runhistory.h"

#include <QCoreApplication>

#include <algorithm>

namespace bb {

ProgressBand progressBandOf(const BatchRecord &r)
{
    switch (r.state) {
    case BatchState::NotUploaded:
    case BatchState::FileExpired:
        return ProgressBand::NotUploaded;
    case BatchState::Uploading:
        return ProgressBand::Uploading;
    case BatchState::Uploaded:
        return ProgressBand::Uploaded;
    case BatchState::Creating:
    case BatchState::JobPending:
        return ProgressBand::Pending;
    case BatchState::JobRunning:
        return ProgressBand::Running;
    case BatchState::JobSucceeded:
    case BatchState::Downloading:
        return ProgressBand::Finishing;
    case BatchState::Downloaded:
        return ProgressBand::Done;
    case BatchState::JobFailed:
    case BatchState::JobCancelled:
    case BatchState::JobExpired:
        return ProgressBand::Failed;
    }
    return ProgressBand::NotUploaded;
}

QString progressBandName(ProgressBand band)
{
    const char *text = "";
    switch (band) {
    case ProgressBand::Done:
        text = QT_TRANSLATE_NOOP("RunHistory", "Done");
        break;
    case ProgressBand::Finishing:
        text = QT_TRANSLATE_NOOP("RunHistory", "Downloading");
        break;
    case ProgressBand::Running:
        text = QT_TRANSLATE_NOOP("RunHistory", "Running");
        break;
    case ProgressBand::Pending:
        text = QT_TRANSLATE_NOOP("RunHistory", "Pending");
        break;
    case ProgressBand::Uploaded:
        text = QT_TRANSLATE_NOOP("RunHistory", "Uploaded, no job yet");
        break;
    case ProgressBand::Uploading:
        text = QT_TRANSLATE_NOOP("RunHistory", "Uploading");
        break;
    case ProgressBand::NotUploaded:
        text = QT_TRANSLATE_NOOP("RunHistory", "Not uploaded");
        break;
    case ProgressBand::Failed:
        text = QT_TRANSLATE_NOOP("RunHistory", "Failed / cancelled / expired");
        break;
    }
    return QCoreApplication::translate("RunHistory", text);
}

int RunSample::batches() const
{
    int total = 0;
    for (int count : bands)
        total += count;
    return total;
}

RunSample RunSample::of(const QList<BatchRecord> &records, const QDateTime &at)
{
    RunSample s;
    s.at = at;
    for (const BatchRecord &r : records) {
        // A resubmission answers keys of its parent: count its batch, not its requests twice.
        ++s.bands[int(progressBandOf(r))];
        if (r.parentId != 0)
            continue;
        s.requestsTotal += r.requestCount;
        s.requestsDone += std::min(r.requestCount, r.succeededCount + r.failedCount);
    }
    return s;
}

RunHistory::RunHistory(QObject *parent)
    : QObject(parent)
{
}

void RunHistory::setCapacity(int samples)
{
    m_capacity = std::max(16, samples);
    while (m_samples.size() > m_capacity)
        thin();
}

void RunHistory::setMinimumInterval(qint64 ms)
{
    m_minIntervalMs = std::max<qint64>(1, ms);
    m_intervalMs = std::max(m_intervalMs, m_minIntervalMs);
}

void RunHistory::setBucketLimit(int buckets)
{
    m_bucketLimit = std::max(8, buckets);
    while (m_buckets.size() > m_bucketLimit)
        mergeBuckets();
}

void RunHistory::clear()
{
    m_samples.clear();
    m_buckets.clear();
    m_intervalMs = m_minIntervalMs;
    m_bucketSeconds = 10;
    m_totalAttempts = 0;
    m_totalRefusals = 0;
    m_refusedAt = 0;
    emit changed();
}

void RunHistory::append(const RunSample &sample)
{
    if (!sample.at.isValid())
        return;
    // Within the current resolution the newest sample replaces the previous one, so the
    // chart's right edge is always live while the history stays evenly spaced.
    const qsizetype n = m_samples.size();
    if (n >= 2 && m_samples[n - 2].at.msecsTo(m_samples[n - 1].at) < m_intervalMs)
        m_samples.last() = sample; // the newest was provisional
    else
        m_samples.append(sample);
    while (m_samples.size() > m_capacity)
        thin();
    emit changed();
}

void RunHistory::thin()
{
    // Keep every other sample of the older part and the newest one; double the resolution step.
    QList<RunSample> kept;
    kept.reserve(m_samples.size() / 2 + 1);
    for (qsizetype i = 0; i + 1 < m_samples.size(); i += 2)
        kept.append(m_samples[i]);
    kept.append(m_samples.last());
    m_samples = kept;
    m_intervalMs *= 2;
}

void RunHistory::noteEvent(const EventRecord &event)
{
    const bool attempt = event.code == QLatin1StringView("create.attempt");
    const bool refusal = event.code.startsWith(QLatin1StringView("create.429"));
    if ((!attempt && !refusal) || !event.at.isValid())
        return;
    const qint64 secs = event.at.toSecsSinceEpoch();
    const qint64 start = secs - secs % m_bucketSeconds;
    if (m_buckets.isEmpty() || m_buckets.last().start.toSecsSinceEpoch() + m_bucketSeconds <= secs) {
        // Empty slices between events are kept so the timeline shows the quiet time too.
        qint64 next
            = m_buckets.isEmpty() ? start : m_buckets.last().start.toSecsSinceEpoch() + m_bucketSeconds;
        if (start - next > qint64(m_bucketLimit) * m_bucketSeconds)
            next = start - qint64(m_bucketLimit) * m_bucketSeconds;
        for (; next <= start; next += m_bucketSeconds)
            m_buckets.append({ QDateTime::fromSecsSinceEpoch(next, Qt::UTC), 0, 0 });
    }
    // Events arrive in order; a late one (clock step) lands in the newest slice at or before it.
    auto it = std::upper_bound(m_buckets.begin(), m_buckets.end(), secs,
        [](qint64 t, const QuotaBucket &b) { return t < b.start.toSecsSinceEpoch(); });
    QuotaBucket &bucket = it == m_buckets.begin() ? m_buckets.first() : *(it - 1);
    if (attempt) {
        ++bucket.attempts;
        ++m_totalAttempts;
    } else {
        ++bucket.refusals;
        ++m_totalRefusals;
        if (event.code == QLatin1StringView("create.429.capacity")
            && event.details.contains(QLatin1StringView("activeJobs")))
            m_refusedAt = event.details.value(QLatin1StringView("activeJobs")).toInt();
    }
    while (m_buckets.size() > m_bucketLimit)
        mergeBuckets();
    emit changed();
}

void RunHistory::mergeBuckets()
{
    // Double the width: slices are re-aligned to the new width so the timeline stays regular.
    m_bucketSeconds *= 2;
    QList<QuotaBucket> merged;
    for (const QuotaBucket &b : std::as_const(m_buckets)) {
        const qint64 secs = b.start.toSecsSinceEpoch();
        const qint64 start = secs - secs % m_bucketSeconds;
        if (merged.isEmpty() || merged.last().start.toSecsSinceEpoch() != start)
            merged.append({ QDateTime::fromSecsSinceEpoch(start, Qt::UTC), 0, 0 });
        merged.last().attempts += b.attempts;
        merged.last().refusals += b.refusals;
    }
    m_buckets = merged;
}

QDateTime RunHistory::estimatedCompletion() const
{
    if (m_samples.size() < 2)
        return {};
    const RunSample &last = m_samples.last();
    const qint64 remaining = last.requestsTotal - last.requestsDone;
    if (remaining <= 0 || last.requestsDone <= 0)
        return {};
    // The pace of the last quarter of the history (at least its last two samples).
    // When that window stood still (a quota wall), the pace of the whole history.
    const qsizetype recent = std::min(m_samples.size() - 2, m_samples.size() * 3 / 4);
    qint64 ms = 0;
    qint64 done = 0;
    for (qsizetype from : { recent, qsizetype(0) }) {
        const RunSample &first = m_samples[from];
        ms = first.at.msecsTo(last.at);
        done = last.requestsDone - first.requestsDone;
        if (ms > 0 && done > 0)
            break;
    }
    if (ms <= 0 || done <= 0)
        return {};
    const double msPerRequest = double(ms) / double(done);
    return last.at.addMSecs(qint64(msPerRequest * double(remaining)));
}

} // namespace bb
