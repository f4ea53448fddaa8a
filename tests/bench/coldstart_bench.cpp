// Benchmark 6 of issue 8: cold start of the desktop app to its first painted batch table, with a
// large project (N batches with their event history and request ledger, written through the store
// API) against the same binary opening an empty project. Target: <= 1.5x.
//
//   coldstart_bench [--batches 10000] [--events 12] [--keys 100] [--runs 5] [--app PATH] [--json FILE]
//
// Each run starts `batchboard --bench-exit-after-first-paint PROJECT` (offscreen unless
// QT_QPA_PLATFORM says otherwise, with its own settings and data folders) and takes the wall time
// from starting the process to its "first-paint-ms" line. Runs alternate between the projects after
// one unmeasured warm-up each (page cache); the median of each side is compared.

#include "gui_benchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace bb::bench;

namespace {

struct Start
{
    double wallMs = -1; // process start to the first-paint line
    double processMs = -1; // as the app measured it from its own start time
    int rows = -1;
    QString error;
};

Start startOnce(const QString &app, const QString &project, const QProcessEnvironment &env)
{
    Start s;
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer timer;
    timer.start();
    process.start(app, { QStringLiteral("--bench-exit-after-first-paint"), project });
    QByteArray out;
    static const QRegularExpression line(
        QStringLiteral("first-paint-ms process=(-?\\d+) main=(\\d+) rows=(\\d+)"));
    while (process.waitForReadyRead(60'000) || process.bytesAvailable() > 0) {
        out += process.readAllStandardOutput();
        const auto match = line.match(QString::fromUtf8(out));
        if (match.hasMatch()) {
            s.wallMs = double(timer.nsecsElapsed()) / 1e6;
            s.processMs = match.captured(1).toDouble();
            s.rows = match.captured(3).toInt();
            break;
        }
        if (process.state() == QProcess::NotRunning)
            break;
    }
    if (s.wallMs < 0)
        s.error = QStringLiteral("no first-paint line from %1 %2: %3 %4")
                      .arg(app, project, QString::fromUtf8(out),
                          QString::fromUtf8(process.readAllStandardError()));
    if (!process.waitForFinished(60'000))
        process.kill();
    return s;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

QJsonArray toJson(const QList<double> &values)
{
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication core(argc, argv);
    QCommandLineParser args;
    args.addOptions({
        { QStringLiteral("batches"), QStringLiteral("Batches in the large project."), QStringLiteral("n"),
            QStringLiteral("10000") },
        { QStringLiteral("events"), QStringLiteral("Events per batch in its history."), QStringLiteral("n"),
            QStringLiteral("12") },
        { QStringLiteral("keys"), QStringLiteral("Request keys per batch."), QStringLiteral("n"),
            QStringLiteral("100") },
        { QStringLiteral("runs"), QStringLiteral("Measured starts of each project."), QStringLiteral("n"),
            QStringLiteral("5") },
        { QStringLiteral("app"), QStringLiteral("The batchboard executable."), QStringLiteral("path"),
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("batchboard")) },
        { QStringLiteral("json"), QStringLiteral("Where to write the JSON result."), QStringLiteral("file") },
    });
    args.addHelpOption();
    args.process(core);
    const int batches = args.value(QStringLiteral("batches")).toInt();
    const int runs = std::max(1, args.value(QStringLiteral("runs")).toInt());
    const QString app = args.value(QStringLiteral("app"));

    QTemporaryDir dir;
    const QString full = dir.filePath(QStringLiteral("large.batchboard"));
    const QString empty = dir.filePath(QStringLiteral("empty.batchboard"));
    QElapsedTimer setup;
    setup.start();
    for (const auto &[path, shape] :
        { std::pair { full,
              ProjectShape { batches, args.value(QStringLiteral("events")).toInt(),
                  args.value(QStringLiteral("keys")).toInt() } },
            std::pair { empty, ProjectShape { 0, 0, 0 } } }) {
        if (const QString error = makeProject(path, shape); !error.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 2;
        }
    }
    const double setupMs = double(setup.elapsed());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")))
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qt.qpa.*=false"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));

    QList<double> fullMs, emptyMs, fullProcMs, emptyProcMs;
    for (int run = -1; run < runs; ++run) { // run -1 warms the page cache and is not counted
        for (const QString &project : { empty, full }) {
            const Start s = startOnce(app, project, env);
            if (!s.error.isEmpty()) {
                std::fprintf(stderr, "%s\n", qPrintable(s.error));
                return 1;
            }
            const int expected = project == full ? batches : 0;
            if (s.rows != expected) {
                std::fprintf(
                    stderr, "%s showed %d rows, expected %d\n", qPrintable(project), s.rows, expected);
                return 1;
            }
            if (run < 0)
                continue;
            (project == full ? fullMs : emptyMs).append(s.wallMs);
            (project == full ? fullProcMs : emptyProcMs).append(s.processMs);
        }
    }
    const double ours = median(fullMs);
    const double peer = median(emptyMs);
    const double ratio = ours / peer;
    const QList<Row> rows { { QStringLiteral("cold start to first painted table, %1 batches").arg(batches),
        ours, peer, ratio, QStringLiteral("<= 1.5x"), ratio <= 1.5, QStringLiteral("ms") } };
    const QJsonObject details { { QStringLiteral("batches"), batches },
        { QStringLiteral("eventsPerBatch"), args.value(QStringLiteral("events")).toInt() },
        { QStringLiteral("keysPerBatch"), args.value(QStringLiteral("keys")).toInt() },
        { QStringLiteral("runs"), runs }, { QStringLiteral("largeWallMs"), toJson(fullMs) },
        { QStringLiteral("emptyWallMs"), toJson(emptyMs) },
        { QStringLiteral("largeProcessMs"), toJson(fullProcMs) },
        { QStringLiteral("emptyProcessMs"), toJson(emptyProcMs) },
        { QStringLiteral("projectBytes"), double(QFileInfo(full).size()) },
        { QStringLiteral("setupMs"), setupMs },
        { QStringLiteral("platform"), env.value(QStringLiteral("QT_QPA_PLATFORM")) } };
    return report(QStringLiteral("coldstart"), rows, details, args.value(QStringLiteral("json"))) ? 0 : 1;
}
