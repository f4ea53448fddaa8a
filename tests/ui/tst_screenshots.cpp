#include "uitestenv.h"

#include "apptranslator.h"
#include "batchactions.h"
#include "batchtableview.h"
#include "chartpanel.h"
#include "credentialstore.h"
#include "detailpanel.h"
#include "emulatorserver.h"
#include "filtersidebar.h"
#include "importcontroller.h"
#include "sandboxbanner.h"
#include "settingsdialog.h"
#include "submissionengine.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTabWidget>
#include <QToolBar>

#include <functional>

using namespace bb;

// A Sandbox run of the real shape (194 files × 100 requests, a quota wall at 35 active jobs) at a
// fast emulator clock, photographed mid-run and at the end, plus the charts, the detail panel,
// the activity log and the settings dialog. PNGs go to <build>/screenshots/.
class tst_Screenshots final : public QObject
{
    Q_OBJECT

private:
    // BB_SCREENSHOT_LANGUAGE=de (ja, ...) shoots the same pictures translated, into screenshots/de/.
    const QString m_language = qEnvironmentVariable("BB_SCREENSHOT_LANGUAGE", QStringLiteral("en"));
    QDir m_out { QStringLiteral(BB_SCREENSHOT_DIR)
        + (m_language == QLatin1StringView("en") ? QString() : QString(u'/' + m_language)) };

    void save(QWidget *widget, const QString &name)
    {
        QApplication::processEvents();
        const QString path = m_out.filePath(name + QStringLiteral(".png"));
        QVERIFY2(widget->grab().save(path), qPrintable(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

    // Waits for `done`, logging the run's progress every few seconds so a slow run shows where it is.
    static bool waitLogging(test::UiEnv &env, const std::function<bool()> &done, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        qint64 nextLog = 0;
        while (!done()) {
            if (timer.elapsed() > timeoutMs)
                return false;
            if (timer.elapsed() >= nextLog) {
                const EngineStatus s = env.session->status();
                qInfo("%3lld s: %d/%d downloaded, %d active, %d waiting for quota, in flight %d, running %d, "
                      "%s",
                    timer.elapsed() / 1000, s.downloaded, s.batches, s.activeJobs, s.waitingForQuota,
                    s.inFlight, int(s.running), qPrintable(env.window->statusSummary()));
                nextLog += 5000;
            }
            QTest::qWait(100);
        }
        return true;
    }

    static QDockWidget *dock(MainWindow *window, const QString &name)
    {
        return window->findChild<QDockWidget *>(name);
    }

    void saveCharts(MainWindow *window, const QString &suffix)
    {
        dock(window, QStringLiteral("chartsDock"))->raise();
        ChartPanel *charts = window->charts();
        for (int page = 0; page < charts->pageCount(); ++page) {
            charts->showPage(page);
            QTest::qWait(50);
            save(charts,
                QStringLiteral("charts-%1-%2")
                    .arg(page == 0 ? QStringLiteral("progress") : QStringLiteral("quota"), suffix));
        }
        charts->showPage(0);
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BatchboardTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_screenshots"));
        QVERIFY(m_out.mkpath(QStringLiteral(".")));
        installTranslators(m_language); // as the app does (English: the plural forms)
    }

    void sandboxRun194()
    {
        test::UiEnv env;
        // The Sandbox mode's own shape (a wall at 35 active jobs), with jobs that take about ten
        // real seconds: long enough for uploads to reach the wall, short enough for a quick test.
        SandboxController::Pace pace;
        pace.speed = 100;
        pace.pendingSeconds = 100;
        pace.runningSeconds = 900;
        const QString error = env.start(pace);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        env.window->banner()->showSandbox(env.sandbox->baseUrl(), pace.speed, pace.concurrentBatches);
        env.window->resize(1500, 940);
        save(env.window.get(), QStringLiteral("sandbox-empty"));

        const QString folder = env.dir.filePath(QStringLiteral("sample-batches"));
        QSignalSpy ready(env.sandbox.get(), &SandboxController::samplesReady);
        QVERIFY(env.sandbox->createSamples(folder, 194, 100));
        QVERIFY(ready.wait(120'000));
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY(env.window->importer()->importPaths({ folder }));
        QVERIFY(imported.wait(120'000));
        QTRY_COMPARE_WITH_TIMEOUT(env.window->table()->model()->rowCount(), 194, 30'000);
        env.window->banner()->showSamplesReady(194);
        QTest::qWait(1200); // a status sample and a chart redraw
        save(env.window.get(), QStringLiteral("sandbox-194-imported"));

        QElapsedTimer clock;
        clock.start();
        env.window->actions()->resume->trigger();
        env.window->banner()->showSandbox(env.sandbox->baseUrl(), pace.speed, pace.concurrentBatches);
        // Mid-run: some done, and the quota wall reached. Whether uploads outrun the jobs' ten real
        // seconds depends on the machine, so once the canary is through the emulated clock stops:
        // no job ends until 35 are active and the next create is refused, then the run goes on.
        QVERIFY(waitLogging(
            env, [&] { return env.rowsIn(BatchState::Downloaded) >= 1; }, 600'000));
        QVERIFY(env.sandbox->server()->mergeConfig({ { QStringLiteral("speed"), 1e-9 } }));
        QVERIFY(waitLogging(
            env, [&] { return env.session->status().waitingForQuota > 0; }, 600'000));
        QVERIFY(env.sandbox->server()->mergeConfig({ { QStringLiteral("speed"), pace.speed } }));
        QVERIFY(waitLogging(
            env, [&] { return env.rowsIn(BatchState::Downloaded) >= 60; }, 600'000));
        env.window->table()->selectId(env.session->batchModel()->recordAt(70)->id);
        QTest::qWait(600);
        save(env.window.get(), QStringLiteral("sandbox-194-midrun"));
        saveCharts(env.window.get(), QStringLiteral("midrun"));

        QVERIFY(waitLogging(
            env, [&] { return env.session->status().allDone(); }, 900'000));
        qInfo("194 batches done in %lld s real time", clock.elapsed() / 1000);
        QTest::qWait(1200); // one more sample for the charts
        env.window->table()->clearSelection();
        save(env.window.get(), QStringLiteral("sandbox-194-finished"));
        saveCharts(env.window.get(), QStringLiteral("finished"));

        env.window->table()->selectId(env.session->batchModel()->recordAt(5)->id);
        dock(env.window.get(), QStringLiteral("detailsDock"))->raise();
        QTest::qWait(300);
        save(env.window->details(), QStringLiteral("details-panel"));
        dock(env.window.get(), QStringLiteral("activityDock"))->raise();
        QTest::qWait(300);
        save(dock(env.window.get(), QStringLiteral("activityDock")), QStringLiteral("activity-log"));

        // The same window in a dark palette.
        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Button, QColor(0x33, 0x35, 0x3a));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
        dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
        dark.setColor(QPalette::ToolTipBase, QColor(0x33, 0x35, 0x3a));
        dark.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
        for (QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
            dark.setColor(QPalette::Disabled, role, QColor(0x7a, 0x7d, 0x83));
        QApplication::setPalette(dark);
        dock(env.window.get(), QStringLiteral("chartsDock"))->raise();
        env.window->table()->selectId(env.session->batchModel()->recordAt(3)->id);
        QTest::qWait(300);
        save(env.window.get(), QStringLiteral("sandbox-194-finished-dark"));
        QApplication::setPalette(light);
    }

    void settingsDialog()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        CredentialStore credentials;
        SettingsDialog dialog(&settings, &credentials);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isKeyLoaded(), 20'000);
        for (int tab = 0; tab < dialog.tabs()->count(); ++tab) {
            dialog.tabs()->setCurrentIndex(tab);
            static const char *names[] = { "settings-connection", "settings-work", "settings-desktop" };
            save(&dialog, QString::fromLatin1(names[tab]));
        }
    }
};

QTEST_MAIN(tst_Screenshots)
#include "tst_screenshots.moc"
