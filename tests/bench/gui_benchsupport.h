#pragma once

// Shared pieces of the GUI benchmarks (issue 8, #5 and #6): an event-loop stall probe, memory
// readings from /proc/self/status, generators for a large project and a large JSONL folder, and
// the result table/JSON every benchmark prints.

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

namespace bb::bench {

// Measures how late a fine-grained timer fires: every lateness beyond the interval is time the
// event loop could not run (a stall). The worst lateness is the number the target is about.
class StallProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StallProbe)

public:
    explicit StallProbe(int intervalMs = 5, QObject *parent = nullptr);

    void start();
    void stop();
    double worstMs() const;
    double percentileMs(double p) const;
    int countOver(double ms) const;
    int samples() const { return int(m_latenessUs.size()); }
    double worstAtMs() const { return double(m_worstAtNs) / 1e6; } // since start()
    QJsonObject toJson() const;

private:
    void fired();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_worstNs = -1;
    qint64 m_worstAtNs = 0;
    int m_intervalMs;
    std::vector<qint64> m_latenessUs;
};

// KiB values of /proc/self/status fields ("VmRSS", "VmHWM"); -1 when unreadable.
qint64 statusKiB(const char *field);
// Resets VmHWM to the current RSS (Linux: "5" into /proc/self/clear_refs); false if refused.
bool resetPeak();

struct ProjectShape
{
    int batches = 10000;
    int eventsPerBatch = 12; // a realistic lifecycle: import, upload, create (with refusals), job, download
    int keysPerBatch = 100;
};
// Writes a project through the store API: finished, running, waiting and fresh batches with
// their event history and request ledger. Returns an error text, empty on success.
QString makeProject(const QString &path, const ProjectShape &shape);

// Writes QA-style JSONL files (~lineBytes per request, fileBytes per file) until totalBytes.
// Returns the number of files, or -1 on an I/O error.
int makeJsonlFolder(const QString &folder, qint64 totalBytes, qint64 fileBytes, int lineBytes);

// Runs this executable again with `arguments` (for setup steps whose memory must not count).
// Returns an error text, empty on success.
QString runSelf(const QStringList &arguments);

// One line of a benchmark's result: ours against a peer; ratio = ours / peer unless stated.
struct Row
{
    QString name;
    double ours = 0;
    double peer = 0;
    double ratio = 0;
    QString target; // "<= 50 ms", "<= 1.5x"
    bool pass = false;
    QString unit;
};

// Prints the table and writes {"benchmark", "results": [{name, ours, peer, ratio, target, pass,
// unit}], "details"}. Returns false when the JSON file cannot be written.
bool report(
    const QString &benchmark, const QList<Row> &rows, const QJsonObject &details, const QString &jsonPath);

} // namespace bb::bench
