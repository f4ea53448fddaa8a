#include "gui_benchsupport.h"

#include "projectstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace bb::bench {

StallProbe::StallProbe(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallProbe::fired);
}

void StallProbe::start()
{
    m_latenessUs.clear();
    m_latenessUs.reserve(1 << 16);
    m_clock.start();
    m_lastNs = 0;
    m_worstNs = -1;
    m_worstAtNs = 0;
    m_timer.start();
}

void StallProbe::stop()
{
    m_timer.stop();
}

void StallProbe::fired()
{
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 late = (now - m_lastNs) / 1000 - qint64(m_intervalMs) * 1000;
    m_latenessUs.push_back(std::max<qint64>(0, late));
    if (late > m_worstNs / 1000) {
        m_worstNs = late * 1000;
        m_worstAtNs = m_lastNs; // the stall began right after the previous firing
    }
    m_lastNs = now;
}

double StallProbe::worstMs() const
{
    return m_latenessUs.empty()
        ? 0.0
        : double(*std::max_element(m_latenessUs.cbegin(), m_latenessUs.cend())) / 1000.0;
}

double StallProbe::percentileMs(double p) const
{
    if (m_latenessUs.empty())
        return 0;
    std::vector<qint64> sorted = m_latenessUs;
    std::sort(sorted.begin(), sorted.end());
    const size_t at = std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())));
    return double(sorted[at]) / 1000.0;
}

int StallProbe::countOver(double ms) const
{
    return int(std::count_if(
        m_latenessUs.cbegin(), m_latenessUs.cend(), [ms](qint64 us) { return double(us) / 1000.0 > ms; }));
}

QJsonObject StallProbe::toJson() const
{
    return { { QStringLiteral("probeIntervalMs"), m_intervalMs }, { QStringLiteral("samples"), samples() },
        { QStringLiteral("worstMs"), worstMs() }, { QStringLiteral("worstAtMs"), worstAtMs() },
        { QStringLiteral("p99Ms"), percentileMs(99) }, { QStringLiteral("p999Ms"), percentileMs(99.9) },
        { QStringLiteral("over16Ms"), countOver(16) }, { QStringLiteral("over50Ms"), countOver(50) } };
}

qint64 statusKiB(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

bool resetPeak()
{
    QFile file(QStringLiteral("/proc/self/clear_refs"));
    return file.open(QIODevice::WriteOnly) && file.write("5") == 1;
}

namespace {

struct Lifecycle
{
    BatchState state;
    int stage; // how far the batch got: 1 imported, 2 uploaded, 3 job created, 4 job ended, 5 downloaded
};

Lifecycle lifecycleOf(int i, int batches)
{
    // Most of a long project is done; a band is running; the tail is still local.
    const double at = double(i) / double(std::max(1, batches));
    if (at < 0.60)
        return { (i % 37 == 0) ? BatchState::JobFailed : BatchState::Downloaded, 5 };
    if (at < 0.63)
        return { BatchState::JobSucceeded, 4 };
    if (at < 0.68)
        return { BatchState::JobRunning, 3 };
    if (at < 0.71)
        return { BatchState::JobPending, 3 };
    if (at < 0.85)
        return { BatchState::Uploaded, 2 };
    return { BatchState::NotUploaded, 1 };
}

EventRecord makeEvent(qint64 batchId, const QDateTime &at, const char *kind, const char *code,
    Severity severity, const QJsonObject &details = {})
{
    EventRecord e;
    e.batchId = batchId;
    e.at = at;
    e.kind = QString::fromLatin1(kind);
    e.code = QString::fromLatin1(code);
    e.severity = severity;
    e.details = details;
    return e;
}

} // namespace

QString makeProject(const QString &path, const ProjectShape &shape)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    ProjectStore store;
    if (const StoreError e = store.open(path))
        return QStringLiteral("open %1: %2").arg(path, e.detail);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime begin = now.addDays(-3);
    const qint64 span = begin.secsTo(now) - 3600;
    const int chunk = 250;
    for (int first = 0; first < shape.batches; first += chunk) {
        const StoreError error = store.transaction([&]() -> StoreError {
            for (int i = first; i < std::min(shape.batches, first + chunk); ++i) {
                const Lifecycle life = lifecycleOf(i, shape.batches);
                const QDateTime t0 = begin.addSecs(span * i / std::max(1, shape.batches));
                BatchRecord r;
                r.batchNumber = i + 1;
                r.displayName = QStringLiteral("batch-%1").arg(i + 1, 5, 10, QLatin1Char('0'));
                r.localPath = QStringLiteral("/data/qa/batch_%1.jsonl").arg(i + 1, 5, 10, QLatin1Char('0'));
                r.requestCount = shape.keysPerBatch;
                r.sizeBytes = qint64(shape.keysPerBatch) * 2100;
                r.modifiedAt = begin.addSecs(-600);
                r.sha256Hex = QString::fromLatin1(QByteArray::number(i, 16).rightJustified(64, '0'));
                r.tokenEstimate = qint64(shape.keysPerBatch) * 520;
                r.model = QStringLiteral("models/gemini-2.5-flash");
                r.state = life.state;
                r.stateChangedAt = t0.addSecs(life.stage * 300);
                if (life.stage >= 2) {
                    r.remoteFileName = QStringLiteral("files/bench%1").arg(i);
                    r.remoteFileUri = QStringLiteral("https://example.invalid/v1beta/files/bench%1").arg(i);
                    r.remoteFileExpiresAt = t0.addSecs(48 * 3600);
                    r.uploadConfirmedBytes = r.sizeBytes;
                }
                if (life.stage == 2 && i % 5 == 0) {
                    r.waitReason = WaitReason::ConcurrentBatches;
                    r.nextAttemptAt = now.addSecs(120 + i % 600);
                }
                if (life.stage >= 3) {
                    r.jobName = QStringLiteral("batches/bench%1").arg(i);
                    r.jobCreatedAt = t0.addSecs(900);
                    r.attempts = 1 + i % 3;
                    r.succeededCount = life.stage >= 4 ? shape.keysPerBatch - i % 3 : shape.keysPerBatch / 2;
                    r.failedCount = life.stage >= 4 ? i % 3 : 0;
                    r.pendingCount = shape.keysPerBatch - r.succeededCount - r.failedCount;
                }
                if (life.stage >= 4) {
                    r.jobEndedAt = t0.addSecs(4 * 3600);
                    r.resultsFileName = QStringLiteral("files/batch-results-%1").arg(i);
                }
                if (life.stage >= 5)
                    r.resultsPath = QStringLiteral("/data/qa-results/batch_%1.jsonl").arg(i + 1);
                if (r.state == BatchState::JobFailed)
                    r.lastError = QStringLiteral("The batch job failed: INTERNAL (500)");
                if (StoreError e = store.insertBatch(r))
                    return e;
                QStringList keys;
                keys.reserve(shape.keysPerBatch);
                for (int k = 0; k < shape.keysPerBatch; ++k)
                    keys.append(QStringLiteral("b%1-q%2").arg(i + 1).arg(k));
                if (StoreError e = store.insertRequestKeys(r.id, keys))
                    return e;

                // The history the engine would have written for this batch, oldest first.
                QList<EventRecord> events;
                const QJsonObject sizes { { QStringLiteral("requests"), r.requestCount },
                    { QStringLiteral("bytes"), r.sizeBytes } };
                events << makeEvent(r.id, t0, "import", "import.added", Severity::Info, sizes);
                if (life.stage >= 2) {
                    events << makeEvent(r.id, t0.addSecs(60), "upload", "upload.start", Severity::Info);
                    events << makeEvent(r.id, t0.addSecs(90), "upload", "upload.done", Severity::Info,
                        { { QStringLiteral("file"), r.remoteFileName } });
                }
                if (life.stage >= 3) {
                    for (int a = 0; a < r.attempts; ++a) {
                        events << makeEvent(
                            r.id, t0.addSecs(120 + a * 60), "create", "create.attempt", Severity::Info);
                        if (a + 1 < r.attempts)
                            events << makeEvent(r.id, t0.addSecs(121 + a * 60), "create",
                                "create.429.concurrent", Severity::Warning,
                                { { QStringLiteral("status"), 429 } });
                    }
                    events << makeEvent(r.id, t0.addSecs(900), "create", "create.done", Severity::Info,
                        { { QStringLiteral("job"), r.jobName } });
                }
                if (life.stage >= 4)
                    events << makeEvent(r.id, r.jobEndedAt, "job", "job.state", Severity::Info,
                        { { QStringLiteral("state"), QStringLiteral("JOB_STATE_SUCCEEDED") } });
                if (life.stage >= 5) {
                    events << makeEvent(
                        r.id, r.jobEndedAt.addSecs(30), "download", "download.start", Severity::Info);
                    events << makeEvent(r.id, r.jobEndedAt.addSecs(45), "download", "download.done",
                        Severity::Info, { { QStringLiteral("path"), r.resultsPath } });
                }
                // Pad with poll observations up to the requested history length.
                for (int p = int(events.size()); p < shape.eventsPerBatch; ++p)
                    events << makeEvent(r.id, t0.addSecs(1000 + p * 60), "poll", "poll.progress",
                        Severity::Debug, { { QStringLiteral("succeeded"), p } });
                for (EventRecord &e : events) {
                    if (StoreError err = store.appendEvent(e))
                        return err;
                }
            }
            return StoreError::none();
        });
        if (error)
            return QStringLiteral("write %1: %2").arg(path, error.detail);
    }
    return {};
}

int makeJsonlFolder(const QString &folder, qint64 totalBytes, qint64 fileBytes, int lineBytes)
{
    if (!QDir().mkpath(folder))
        return -1;
    const QByteArray text
        = QByteArray("Refine this question and answer so that it is precise and self-contained. ")
              .repeated(1 + lineBytes / 70);
    const QByteArray body = text.left(std::max(16, lineBytes - 150));
    qint64 written = 0;
    int files = 0;
    while (written < totalBytes) {
        ++files;
        QFile file(
            QDir(folder).filePath(QStringLiteral("batch_%1.jsonl").arg(files, 5, 10, QLatin1Char('0'))));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return -1;
        QByteArray buffer;
        buffer.reserve(int(std::min<qint64>(fileBytes, 8 << 20)) + lineBytes);
        qint64 inFile = 0;
        for (int q = 0; inFile < fileBytes && written + inFile < totalBytes; ++q) {
            const QByteArray line = "{\"key\":\"b" + QByteArray::number(files) + "-q" + QByteArray::number(q)
                + "\",\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\""
                + QByteArray::number(files) + '/' + QByteArray::number(q) + ": " + body
                + "\"}]}],\"generationConfig\":{\"temperature\":0.2}}}\n";
            buffer += line;
            inFile += line.size();
            if (buffer.size() >= (4 << 20)) {
                if (file.write(buffer) != buffer.size())
                    return -1;
                buffer.clear();
            }
        }
        if (file.write(buffer) != buffer.size())
            return -1;
        written += inFile;
    }
    return files;
}

QString runSelf(const QStringList &arguments)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    if (!child.waitForStarted(30'000) || !child.waitForFinished(-1))
        return QStringLiteral("setup step %1 did not run").arg(arguments.join(u' '));
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return QStringLiteral("setup step %1 failed (exit %2)")
            .arg(arguments.join(u' '))
            .arg(child.exitCode());
    return {};
}

bool report(
    const QString &benchmark, const QList<Row> &rows, const QJsonObject &details, const QString &jsonPath)
{
    std::printf(
        "%-64s %10s %10s %8s %11s %5s\n", qPrintable(benchmark), "ours", "peer", "ratio", "target", "pass");
    QJsonArray results;
    for (const Row &row : rows) {
        std::printf("%-64s %10.2f %10.2f %8.3f %11s %5s\n",
            qPrintable(row.name + QStringLiteral(" [") + row.unit + QStringLiteral("]")), row.ours, row.peer,
            row.ratio, qPrintable(row.target), row.pass ? "yes" : "NO");
        results.append(QJsonObject { { QStringLiteral("name"), row.name },
            { QStringLiteral("ours"), row.ours }, { QStringLiteral("peer"), row.peer },
            { QStringLiteral("ratio"), row.ratio }, { QStringLiteral("target"), row.target },
            { QStringLiteral("pass"), row.pass }, { QStringLiteral("unit"), row.unit } });
    }
    std::fflush(stdout);
    if (jsonPath.isEmpty())
        return true;
    const QJsonObject out { { QStringLiteral("benchmark"), benchmark },
        { QStringLiteral("results"), results }, { QStringLiteral("details"), details } };
    QFile file(jsonPath);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(QJsonDocument(out).toJson(QJsonDocument::Indented)) > 0;
}

} // namespace bb::bench
