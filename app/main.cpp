// Batchboard desktop app: the window, the engine and — without an API key — the built-in
// Gemini emulator (Sandbox mode), all in this process.

#include "appcontroller.h"
#include "appsettings.h"
#include "apptranslator.h"

#include "batchtableview.h"
#include "mainwindow.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace {

// Milliseconds since this process was created (from /proc/self/stat, 10 ms resolution), or -1.
qint64 msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const qint64 startTicks = fields.value(19).toLongLong(); // field 22 of the whole line
    timespec now {};
    if (startTicks <= 0 || clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return -1;
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000 - startTicks * 1000 / sysconf(_SC_CLK_TCK);
}

// `--bench-exit-after-first-paint`: once the batch table's viewport has painted with a project
// loaded, prints "first-paint-ms process=P main=M rows=R" on stdout and quits (cold-start benchmark).
class FirstPaintProbe final : public QObject
{
public:
    FirstPaintProbe(bb::MainWindow *window, const QElapsedTimer &sinceMain)
        : QObject(window)
        , m_window(window)
        , m_sinceMain(sinceMain)
    {
        window->table()->viewport()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_done && m_window->session() && m_window->table()->model()) {
            m_done = true;
            QTimer::singleShot(0, this, [this] { // after this paint has been drawn
                std::printf("first-paint-ms process=%lld main=%lld rows=%d\n", msSinceProcessStart(),
                    m_sinceMain.elapsed(), m_window->table()->model()->rowCount());
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bb::MainWindow *m_window;
    QElapsedTimer m_sinceMain;
    bool m_done = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Batchboard"));
    QApplication::setApplicationName(QStringLiteral("Batchboard"));
    QApplication::setApplicationVersion(QStringLiteral(BB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.batchboard.Batchboard"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/batchboard.svg")));

    bb::AppSettings settings;
    bb::installTranslators(settings.language());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Takes a folder of Gemini Batch API JSONL files to every result downloaded."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
        QCoreApplication::translate("main", "Run against the built-in emulator this time."));
    parser.addOption(sandbox);
    const QCommandLineOption firstPaint(QStringLiteral("bench-exit-after-first-paint"),
        QCoreApplication::translate("main",
            "Benchmark: open the project offline (built-in emulator, nothing submitted), print the "
            "milliseconds to the first painted batch table and quit."));
    parser.addOption(firstPaint);
    parser.addPositionalArgument(QStringLiteral("project"),
        QCoreApplication::translate("main", "Project file to open (created if missing)."),
        QStringLiteral("[project]"));
    parser.process(app);

    bb::AppController controller(&settings);
    if (parser.isSet(firstPaint)) {
        new FirstPaintProbe(controller.window(), sinceMain); // owned by the window
        controller.startForBenchmark(parser.positionalArguments().value(0));
    } else {
        controller.start(parser.positionalArguments().value(0), parser.isSet(sandbox));
    }
    return app.exec();
}
