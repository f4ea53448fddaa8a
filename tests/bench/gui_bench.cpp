// Benchmark 5 of issue 8: the real main window under load, measured with an event-loop stall probe
// (a 5 ms precise timer; its lateness is the time the GUI thread could not react) and VmHWM.
//
//   gui_bench stall  [--batches 10000] [--rate 1000] [--seconds 20] [--json FILE]
//       A project of N batches (with event history and request ledger) in the real MainWindow
//       (BatchTableModel, filter proxy, delegates, sidebar counts, charts, activity log, status
//       summary), receiving `rate` batch changes per second through the engine's own commit path
//       (EngineState::commitAll → store → signals → models).
//   gui_bench import [--mib 4096] [--file-mib 2] [--json FILE]
//       Drops a generated QA-style JSONL folder of that size on the window of an empty project:
//       scan, validate and write every batch and key into the project, as the app does.
//
// Peers: the 16 ms frame budget for the stall (target: worst stall <= 50 ms) and the memory of the
// empty main window (target: <= 60 MiB above it). Setup steps run as child processes so their
// memory does not count. Run offscreen (default) or under Xvfb (QT_QPA_PLATFORM=xcb).

#include "appsettings.h"
#include "batchtablemodel.h"
#include "batchtableview.h"
#include "enginestate.h"
#include "gui_benchsupport.h"
#include "importcontroller.h"
#include "mainwindow.h"
#include "projectsession.h"
#include "projectstore.h"
#include "submissionengine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

using namespace bb;
using namespace bb::bench;

namespace {

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

class PaintCounter final : public QObject
{
public:
    using QObject::QObject;
    int paints = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

// Moves batches through their lifecycle at a fixed rate, committing like the engine's lanes do.
class ChangeDriver final : public QObject
{
public:
    ChangeDriver(ProjectSession *session, int rate, QObject *parent)
        : QObject(parent)
        , m_session(session)
        , m_rate(rate)
    {
        m_ids = session->engine()->state()->batches().keys();
        std::sort(m_ids.begin(), m_ids.end());
        // A random walk over the table, so changes land on visible and hidden rows alike.
        for (qsizetype i = m_ids.size() - 1; i > 0; --i)
            std::swap(m_ids[i], m_ids[QRandomGenerator::global()->bounded(i + 1)]);
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, &ChangeDriver::tick);
    }
    void start()
    {
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 changes = 0;
    qint64 events = 0;

private:
    void tick()
    {
        const qint64 due = m_clock.elapsed() * m_rate / 1000 - changes;
        if (due <= 0 || m_ids.isEmpty())
            return;
        EngineState *state = m_session->engine()->state();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<BatchRecord> records;
        QList<EventRecord> log;
        for (qint64 n = 0; n < due; ++n) {
            const qint64 id = m_ids[m_next++ % m_ids.size()];
            const BatchRecord *current = state->find(id);
            if (!current)
                continue;
            BatchRecord r = *current;
            if (advance(r, now))
                log.append(EngineState::event(r.id, QStringLiteral("job"), QStringLiteral("job.state"),
                    Severity::Info, {}, { { QStringLiteral("state"), int(r.state) } }));
            records.append(r);
        }
        if (state->commitAll(records, log)) {
            changes += due;
            events += log.size();
        }
    }

    // One observed change; true when it is a state transition (which the engine logs).
    static bool advance(BatchRecord &r, const QDateTime &now)
    {
        r.stateChangedAt = now;
        if (r.state == BatchState::JobRunning && r.succeededCount + r.failedCount < r.requestCount) {
            r.succeededCount = std::min(r.requestCount - r.failedCount, r.succeededCount + 1 + r.id % 7);
            r.pendingCount = r.requestCount - r.succeededCount - r.failedCount;
            return false;
        }
        switch (r.state) {
        case BatchState::NotUploaded:
            r.state = BatchState::Uploading;
            break;
        case BatchState::Uploading:
            r.state = BatchState::Uploaded;
            r.remoteFileName = QStringLiteral("files/bench%1").arg(r.id);
            r.remoteFileExpiresAt = now.addSecs(47 * 3600);
            r.uploadConfirmedBytes = r.sizeBytes;
            break;
        case BatchState::Uploaded:
            r.state = BatchState::Creating;
            r.waitReason = WaitReason::None;
            break;
        case BatchState::Creating:
            r.state = BatchState::JobPending;
            r.jobName = QStringLiteral("batches/bench%1").arg(r.id);
            r.jobCreatedAt = now;
            r.jobEndedAt = {};
            r.succeededCount = r.failedCount = 0;
            r.pendingCount = r.requestCount;
            break;
        case BatchState::JobPending:
            r.state = BatchState::JobRunning;
            break;
        case BatchState::JobRunning:
            r.state = BatchState::JobSucceeded;
            r.jobEndedAt = now;
            break;
        case BatchState::JobSucceeded:
            r.state = BatchState::Downloading;
            break;
        case BatchState::Downloading:
            r.state = BatchState::Downloaded;
            break;
        default: // finished: the next round of the walk starts this batch over
            r.state = BatchState::NotUploaded;
            r.jobName.clear();
            r.remoteFileName.clear();
            r.remoteFileExpiresAt = {};
            r.lastError.clear();
            break;
        }
        return true;
    }

    ProjectSession *m_session;
    int m_rate;
    QList<qint64> m_ids;
    qsizetype m_next = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
};

struct Window
{
    std::unique_ptr<AppSettings> settings;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<ProjectSession> session;
    qint64 emptyKiB = 0;
    bool peakReset = false;

    // The empty main window, shown and painted: the memory baseline.
    void showEmpty(const QTemporaryDir &dir)
    {
        settings = std::make_unique<AppSettings>(dir.filePath(QStringLiteral("settings.ini")));
        window = std::make_unique<MainWindow>(settings.get());
        window->resize(1400, 880);
        window->show();
        spin(1500);
        emptyKiB = statusKiB("VmRSS");
        peakReset = resetPeak();
    }
    QString open(const QString &project)
    {
        session = std::make_unique<ProjectSession>();
        if (const StoreError e = session->open(project))
            return describeStoreError(e, project);
        EngineSettings engine;
        settings->fillEngineSettings(engine, session->model());
        session->applySettings(engine);
        window->setSession(session.get());
        return {};
    }
    ~Window()
    {
        if (window)
            window->setSession(nullptr);
        session.reset();
        window.reset();
    }
};

QList<Row> memoryAndStallRows(const QString &what, const StallProbe &probe, const Window &w)
{
    const double worst = probe.worstMs();
    const double emptyMiB = double(w.emptyKiB) / 1024.0;
    const double aboveMiB = double(statusKiB("VmHWM") - w.emptyKiB) / 1024.0;
    return {
        { what + QStringLiteral(": worst event-loop stall"), worst, 16.0, worst / 16.0,
            QStringLiteral("<= 50 ms"), worst <= 50.0, QStringLiteral("ms") },
        { what + QStringLiteral(": peak memory above empty window"), aboveMiB, emptyMiB, aboveMiB / emptyMiB,
            QStringLiteral("<= 60 MiB"), aboveMiB <= 60.0, QStringLiteral("MiB") },
    };
}

int runStall(const QCommandLineParser &args)
{
    const int batches = args.value(QStringLiteral("batches")).toInt();
    const int rate = args.value(QStringLiteral("rate")).toInt();
    const int seconds = args.value(QStringLiteral("seconds")).toInt();
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("bench.batchboard"));
    if (const QString error = runSelf({ QStringLiteral("make-project"), project, QString::number(batches),
            args.value(QStringLiteral("events")), args.value(QStringLiteral("keys")) });
        !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }

    Window w;
    w.showEmpty(dir);
    StallProbe openProbe;
    openProbe.start();
    QElapsedTimer opening;
    opening.start();
    if (const QString error = w.open(project); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const qint64 openMs = opening.elapsed();
    spin(1500);
    openProbe.stop();
    const int rows = w.session->batchModel()->rowCount();
    auto *table = w.window->table();
    table->selectRow(0); // the details panel follows a batch, as it does for a user
    PaintCounter paints;
    table->viewport()->installEventFilter(&paints);

    StallProbe probe;
    ChangeDriver driver(w.session.get(), rate, nullptr);
    probe.start();
    driver.start();
    spin(seconds * 1000);
    driver.stop();
    spin(300); // the last coalesced flush
    probe.stop();

    QList<Row> result
        = memoryAndStallRows(QStringLiteral("%1 batches, %2 changes/s").arg(batches).arg(rate), probe, w);
    const QJsonObject details { { QStringLiteral("batches"), batches }, { QStringLiteral("rowsShown"), rows },
        { QStringLiteral("ratePerSecond"), rate }, { QStringLiteral("seconds"), seconds },
        { QStringLiteral("changes"), double(driver.changes) },
        { QStringLiteral("eventsLogged"), double(driver.events) },
        { QStringLiteral("achievedRate"), double(driver.changes) / seconds },
        { QStringLiteral("tablePaints"), paints.paints }, { QStringLiteral("probe"), probe.toJson() },
        { QStringLiteral("openProjectMs"), double(openMs) },
        { QStringLiteral("openProbe"), openProbe.toJson() },
        { QStringLiteral("emptyWindowRssKiB"), double(w.emptyKiB) },
        { QStringLiteral("peakRssKiB"), double(statusKiB("VmHWM")) },
        { QStringLiteral("peakResetOk"), w.peakReset },
        { QStringLiteral("platform"), QGuiApplication::platformName() } };
    std::printf(
        "changes %lld (%.0f/s), table paints %d, p99 stall %.1f ms, %d stalls > 16 ms; opening took %lld ms "
        "(worst stall %.0f ms)\n",
        driver.changes, double(driver.changes) / seconds, paints.paints, probe.percentileMs(99),
        probe.countOver(16), openMs, openProbe.worstMs());
    if (rows != batches || driver.changes < qint64(rate) * seconds * 9 / 10) {
        std::fprintf(
            stderr, "the benchmark did not do its work: %d rows, %lld changes\n", rows, driver.changes);
        report(QStringLiteral("gui_stall"), result, details, args.value(QStringLiteral("json")));
        return 1;
    }
    return report(QStringLiteral("gui_stall"), result, details, args.value(QStringLiteral("json"))) ? 0 : 1;
}

int runImport(const QCommandLineParser &args)
{
    const qint64 mib = args.value(QStringLiteral("mib")).toLongLong();
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("qa"));
    if (const QString error = runSelf({ QStringLiteral("make-folder"), folder, QString::number(mib),
            args.value(QStringLiteral("file-mib")) });
        !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const int files = int(QDir(folder).entryList({ QStringLiteral("*.jsonl") }, QDir::Files).size());

    Window w;
    w.showEmpty(dir);
    if (const QString error = w.open(dir.filePath(QStringLiteral("import.batchboard"))); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    spin(500);
    ImportController *importer = w.window->importer();
    importer->setShowDialogs(false);
    bool done = false;
    QString summary;
    QObject::connect(importer, &ImportController::finished, importer, [&](const QString &text) {
        done = true;
        summary = text;
    });
    StallProbe probe;
    probe.start();
    QElapsedTimer timer;
    timer.start();
    if (!importer->importPaths({ folder })) {
        std::fprintf(stderr, "the import did not start\n");
        return 2;
    }
    while (!done)
        spin(50);
    const qint64 importMs = timer.elapsed();
    spin(1000); // the table and the activity log take the new rows in
    probe.stop();

    const int rows = w.session->batchModel()->rowCount();
    QList<Row> result = memoryAndStallRows(QStringLiteral("import %1 MiB folder").arg(mib), probe, w);
    const QJsonObject details { { QStringLiteral("mib"), double(mib) }, { QStringLiteral("files"), files },
        { QStringLiteral("rowsShown"), rows }, { QStringLiteral("added"), importer->lastAdded() },
        { QStringLiteral("summary"), summary }, { QStringLiteral("importMs"), double(importMs) },
        { QStringLiteral("probe"), probe.toJson() },
        { QStringLiteral("emptyWindowRssKiB"), double(w.emptyKiB) },
        { QStringLiteral("peakRssKiB"), double(statusKiB("VmHWM")) },
        { QStringLiteral("peakResetOk"), w.peakReset },
        { QStringLiteral("platform"), QGuiApplication::platformName() } };
    std::printf("%d files imported in %lld ms (%s); worst stall %.0f ms at %.0f ms, p99 %.1f ms\n", rows,
        importMs, qPrintable(summary), probe.worstMs(), probe.worstAtMs(), probe.percentileMs(99));
    const bool ok = rows == files && importer->lastAdded() == files;
    if (!ok)
        std::fprintf(stderr, "the import did not take every file: %d of %d\n", rows, files);
    const bool written
        = report(QStringLiteral("gui_import"), result, details, args.value(QStringLiteral("json")));
    return ok && written ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qputenv("QT_LOGGING_RULES", "qt.qpa.*=false");
    QApplication app(argc, argv);
    QCommandLineParser args;
    args.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("stall | import"));
    args.addOptions({
        { QStringLiteral("batches"), QStringLiteral("Batches in the project."), QStringLiteral("n"),
            QStringLiteral("10000") },
        { QStringLiteral("events"), QStringLiteral("Events per batch in its history."), QStringLiteral("n"),
            QStringLiteral("12") },
        { QStringLiteral("keys"), QStringLiteral("Request keys per batch."), QStringLiteral("n"),
            QStringLiteral("100") },
        { QStringLiteral("rate"), QStringLiteral("Batch changes per second."), QStringLiteral("n"),
            QStringLiteral("1000") },
        { QStringLiteral("seconds"), QStringLiteral("How long the changes run."), QStringLiteral("s"),
            QStringLiteral("20") },
        { QStringLiteral("mib"), QStringLiteral("Size of the imported folder."), QStringLiteral("MiB"),
            QStringLiteral("4096") },
        { QStringLiteral("file-mib"), QStringLiteral("Size of each imported file."), QStringLiteral("MiB"),
            QStringLiteral("2") },
        { QStringLiteral("json"), QStringLiteral("Where to write the JSON result."), QStringLiteral("file") },
    });
    args.addHelpOption();
    args.process(app);
    const QStringList positional = args.positionalArguments();
    const QString mode = positional.value(0);
    if (mode == QLatin1StringView("make-project") && positional.size() == 5) {
        ProjectShape shape { positional[2].toInt(), positional[3].toInt(), positional[4].toInt() };
        const QString error = makeProject(positional[1], shape);
        if (!error.isEmpty())
            std::fprintf(stderr, "%s\n", qPrintable(error));
        return error.isEmpty() ? 0 : 1;
    }
    if (mode == QLatin1StringView("make-folder") && positional.size() == 4) {
        const double fileMiB = positional[3].toDouble();
        return makeJsonlFolder(
                   positional[1], positional[2].toLongLong() << 20, qint64(fileMiB * 1048576), 2000)
                > 0
            ? 0
            : 1;
    }
    if (mode == QLatin1StringView("stall"))
        return runStall(args);
    if (mode == QLatin1StringView("import"))
        return runImport(args);
    args.showHelp(2);
}
