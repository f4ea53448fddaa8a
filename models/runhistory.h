#pragma once

#include "batchrecord.h"
#include "eventrecord.h"

#include <QDateTime>
#include <QList>
#include <QObject>

#include <array>

namespace bb {

// The groups the progress chart stacks, bottom to top.
enum class ProgressBand
{
    Done,
    Finishing,
    Running,
    Pending,
    Uploaded,
    Uploading,
    NotUploaded,
    Failed
};
constexpr int progressBandCount = int(ProgressBand::Failed) + 1;

ProgressBand progressBandOf(const BatchRecord &record);
QString progressBandName(ProgressBand band); // translated

// One moment of a run, as the charts plot it. Times are wall-clock (what the user lives in).
struct RunSample
{
    QDateTime at;
    std::array<int, progressBandCount> bands {};
    qint64 requestsTotal = 0;
    qint64 requestsDone = 0; // succeeded + failed over all batches
    int activeJobs = 0;
    qint64 storedBytes = 0;
    qint64 enqueuedTokens = 0;

    int batches() const;
    // Bands and request counts of `records`; the quota fields are left for the caller.
    static RunSample of(const QList<BatchRecord> &records, const QDateTime &at);
};

// Create attempts and 429 refusals within one slice of time.
struct QuotaBucket
{
    QDateTime start;
    int attempts = 0;
    int refusals = 0;
};

// The chart series feeder: a bounded, progressively thinned history of run samples, and create
// attempts / 429s binned on one timeline, with a completion estimate. QtCore only, so any chart
// backend (Qt Charts today) can draw it.
class RunHistory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunHistory)

public:
    explicit RunHistory(QObject *parent = nullptr);

    void setCapacity(int samples); // at least 16
    void setMinimumInterval(qint64 ms); // samples closer than this replace the latest one
    void setBucketLimit(int buckets); // at least 8
    void clear();

    void append(const RunSample &sample);
    // Create attempts ("create.attempt") and refusals ("create.429.*") from the event log.
    void noteEvent(const EventRecord &event);

    const QList<RunSample> &samples() const { return m_samples; }
    RunSample latest() const { return m_samples.isEmpty() ? RunSample {} : m_samples.last(); }
    const QList<QuotaBucket> &quotaBuckets() const { return m_buckets; }
    qint64 bucketSeconds() const { return m_bucketSeconds; }
    int totalAttempts() const { return m_totalAttempts; }
    int totalRefusals() const { return m_totalRefusals; }
    // Active jobs when the server last refused a create for capacity (0 = never): the real limit.
    int refusedAtActiveJobs() const { return m_refusedAt; }

    // When every request should be done at the pace of the recent past; invalid when nothing
    // has moved yet or everything is done.
    QDateTime estimatedCompletion() const;

signals:
    void changed();

private:
    void thin();
    void mergeBuckets();

    QList<RunSample> m_samples;
    int m_capacity = 720;
    qint64 m_minIntervalMs = 1000;
    qint64 m_intervalMs = 1000; // grows as the history is thinned
    QList<QuotaBucket> m_buckets;
    qint64 m_bucketSeconds = 10;
    int m_bucketLimit = 120;
    int m_totalAttempts = 0;
    int m_totalRefusals = 0;
    int m_refusedAt = 0;
};

} // namespace bb

Q_DECLARE_METATYPE(bb::RunSample)
