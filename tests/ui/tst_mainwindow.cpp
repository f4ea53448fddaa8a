#include "uitestenv.h"

#include "activitylogview.h"
#include "appcontroller.h"
#include "batchactions.h"
#include "batchfilterproxy.h"
#include "batchtableview.h"
#include "detailpanel.h"
#include "emulatorserver.h"
#include "eventlogmodel.h"
#include "exportcontroller.h"
#include "filtersidebar.h"
#include "importcontroller.h"
#include "problemlistdialog.h"
#include "projectstore.h"
#include "samplebatches.h"
#include "sandboxbanner.h"
#include "traycontroller.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

using namespace bb;

namespace {
// Waits for asynchronous engine and GUI work: generous, so that only a real hang exceeds them on a
// loaded machine (or under the sanitizers).
constexpr int kAsyncMs = 30'000;
constexpr int kWholeRunMs = 300'000;
} // namespace

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private:
    static QString writeFolder(const QString &root, int files, int perFile)
    {
        const QString folder = QDir(root).filePath(QStringLiteral("batches"));
        const SampleBatchesResult r = writeSampleBatches(folder, files, perFile);
        return r.error.isEmpty() ? folder : QString();
    }

    static void pressToolbarButton(MainWindow *window, QAction *action)
    {
        const auto bars = window->findChildren<QToolBar *>();
        for (QToolBar *bar : bars) {
            if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(action))) {
                QTest::mouseClick(button, Qt::LeftButton);
                return;
            }
        }
        QFAIL("the action is not on the toolbar");
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BatchboardTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void dropFolderPressResumeAllDone()
    {
        test::UiEnv env;
        SandboxController::Pace pace;
        pace.speed = 60;
        // The first jobs cannot leave PENDING on their own (20,000 emulated s are 5.5 real minutes;
        // below the engine's 6 h "stuck" mark and the files' expiry margin): the wall at 3 active
        // jobs is met for sure, then the test moves the emulated clock on to let them finish.
        constexpr double kStuckPendingSeconds = 20'000;
        pace.pendingSeconds = kStuckPendingSeconds;
        pace.runningSeconds = 12;
        pace.failedLineRate = 0;
        pace.concurrentBatches = 3; // below the 6 files, so the quota wall is part of the run
        const QString error = env.start(pace);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QAbstractItemModelTester proxyTester(
            env.window->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString folder = writeFolder(env.dir.path(), 6, 5);
        QVERIFY(!folder.isEmpty());

        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY2(env.drop({ folder }), "the window refused the drop");
        QVERIFY(imported.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(env.window->table()->model()->rowCount(), 6, kAsyncMs);
        QCOMPARE(env.window->sidebar()->countOf(BatchFilter::NotUploaded), 6);
        QCOMPARE(env.window->importer()->lastAdded(), 6);
        QVERIFY(env.window->importer()->lastProblems().isEmpty());

        QVERIFY(env.window->actions()->resume->isEnabled());
        QVERIFY(!env.window->actions()->pause->isEnabled());
        QSignalSpy notified(env.window->tray(), &TrayController::notified);
        pressToolbarButton(env.window.get(), env.window->actions()->resume);
        QTRY_VERIFY_WITH_TIMEOUT(env.window->actions()->pause->isEnabled(), kAsyncMs);

        // The wall at 3 active jobs is met: a create is refused with a 429 while they are active.
        EventLogModel *log = env.session->eventModel();
        const auto refused = [log] {
            log->flush();
            for (int row = 0; row < log->rowCount(); ++row) {
                if (log->eventAt(row)->code.startsWith(QLatin1StringView("create.429")))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(refused(), "the emulator's concurrency limit was never hit", kWholeRunMs);
        QCOMPARE(env.rowsIn(BatchState::Downloaded), 0);
        // Later jobs run at the normal pace; the clock jumps past the first ones' schedule.
        QString configError;
        QVERIFY2(
            env.sandbox->server()->mergeConfig({ { QStringLiteral("pendingSeconds"), 4 } }, &configError),
            qPrintable(configError));
        env.sandbox->server()->advanceClock(kStuckPendingSeconds + pace.runningSeconds);
        QTRY_VERIFY_WITH_TIMEOUT(env.rowsIn(BatchState::Downloaded) == 6, kWholeRunMs);

        // Everything the window shows agrees.
        QTRY_COMPARE_WITH_TIMEOUT(env.window->sidebar()->countOf(BatchFilter::Succeeded), 6, kAsyncMs);
        QTRY_VERIFY2_WITH_TIMEOUT(env.window->statusSummary().startsWith(QStringLiteral("6/6 done")),
            qPrintable(env.window->statusSummary()), kAsyncMs);
        BatchTableModel *model = env.session->batchModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            QCOMPARE(model->index(row, BatchTableModel::State).data().toString(), QStringLiteral("Done"));
            const auto progress = model->index(row, BatchTableModel::Progress)
                                      .data(BatchTableModel::ProgressRole)
                                      .value<BatchProgress>();
            QCOMPARE(progress.succeeded + progress.failed, 5);
        }
        // The wall was waited out: the 429 is still in the log.
        QVERIFY(refused());
        QVERIFY(env.window->activityLog()->visibleRows() > 10);

        // Details and the per-row commands follow the selection.
        env.window->table()->selectId(model->recordAt(0)->id);
        QCOMPARE(env.window->details()->batchId(), model->recordAt(0)->id);
        BatchActions *actions = env.window->actions();
        QVERIFY(actions->copyJobName->isEnabled());
        QVERIFY(!actions->uploadNow->isEnabled());
        QVERIFY(!actions->cancelSelected->isEnabled());
        actions->copyJobName->trigger();
        QVERIFY2(QApplication::clipboard()->text().startsWith(QStringLiteral("batches/")),
            qPrintable(QApplication::clipboard()->text()));
        env.window->activityLog()->setScope(ActivityLogView::SelectedBatch);
        QTRY_VERIFY_WITH_TIMEOUT(
            env.window->activityLog()->visibleRows() >= 4, kAsyncMs); // upload, create, download at least

        // The tray told the user once that everything is done.
        QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), kAsyncMs);
        QCOMPARE(notified.last().first().toString(), QStringLiteral("All batches are done"));
        QCOMPARE(env.window->tray()->state(), TrayController::State::Done);

        // Export writes one line per request, in input order, off the GUI thread.
        ExportController exporter;
        QSignalSpy exported(&exporter, &ExportController::finished);
        const QString out = env.dir.filePath(QStringLiteral("export.jsonl"));
        QVERIFY(exporter.start(env.session->projectPath(), out));
        QVERIFY(exported.wait(30'000));
        QVERIFY2(exported.first().first().toBool(), qPrintable(exported.first().last().toString()));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 30);
        QVERIFY(lines.first().contains("b001-q001"));
        QVERIFY(lines.last().contains("b006-q005"));
    }

    void cancelHoldsAndRetryReleases()
    {
        test::UiEnv env;
        QVERIFY(env.start({}).isEmpty());
        env.window->importer()->setShowDialogs(false);
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY(env.drop({ writeFolder(env.dir.path(), 3, 2) }));
        QVERIFY(imported.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(env.window->table()->model()->rowCount(), 3, kAsyncMs);
        BatchTableView *table = env.window->table();
        table->selectAll();
        BatchActions *actions = env.window->actions();
        QCOMPARE(actions->selection().size(), 3);
        QVERIFY(actions->cancelSelected->isEnabled()); // no job yet: cancelling holds them
        QVERIFY(actions->uploadNow->isEnabled());
        QVERIFY(!actions->retry->isEnabled());
        QVERIFY(!actions->copyJobName->isEnabled());
        QVERIFY(!actions->resubmitFailed->isEnabled());
        actions->cancelSelected->trigger();
        for (const BatchRecord &r : env.session->batches())
            QCOMPARE(r.waitReason, WaitReason::Held);
        QTRY_VERIFY_WITH_TIMEOUT(actions->retry->isEnabled(), kAsyncMs);
        QVERIFY(!actions->cancelSelected->isEnabled());
        actions->retry->trigger();
        for (const BatchRecord &r : env.session->batches())
            QCOMPARE(r.waitReason, WaitReason::None);
        // The search narrows the table; the sidebar counts stay those of the whole project.
        env.window->searchField()->setText(QStringLiteral("batch_002"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, kAsyncMs);
        QCOMPARE(env.window->sidebar()->countOf(BatchFilter::All), 3);
        env.window->searchField()->clear();
        env.window->sidebar()->setCategory(BatchFilter::Running);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 0, kAsyncMs);
    }

    void invalidFilesAreExplained()
    {
        test::UiEnv env;
        const QString error = env.start({});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        env.window->importer()->setShowDialogs(false);
        const QString folder = writeFolder(env.dir.path(), 2, 3);
        QFile bad(QDir(folder).filePath(QStringLiteral("batch_003.jsonl")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"key\":\"a\",\"request\":{}}\nnot json\n{\"key\":\"a\",\"request\":{}}\n");
        bad.close();
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY(env.drop({ folder }));
        QVERIFY(imported.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(env.window->table()->model()->rowCount(), 2, kAsyncMs);
        const QStringList problems = env.window->importer()->lastProblems();
        QVERIFY2(problems.size() >= 2, qPrintable(problems.join(u'\n')));
        QVERIFY2(problems.first().startsWith(bad.fileName() + QStringLiteral(":2: ")),
            qPrintable(problems.first()));
        QVERIFY(problems.join(u'\n').contains(bad.fileName() + QStringLiteral(":3: ")));
        QVERIFY2(imported.first().first().toString().startsWith(QStringLiteral("2 file")),
            qPrintable(imported.first().first().toString()));

        // With dialogs on, the same list appears in one.
        env.window->importer()->setShowDialogs(true);
        QVERIFY(env.drop({ bad.fileName() }));
        QVERIFY(imported.wait(30'000));
        ProblemListDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (dialog = env.window->findChild<ProblemListDialog *>()) != nullptr, kAsyncMs);
        QVERIFY(dialog->problems().join(u'\n').contains(bad.fileName() + QStringLiteral(":2: ")));
        dialog->close();
    }

    // Files are written as they are validated; a key that an earlier file of the same drop holds is
    // refused by the writer (against the project's ledger), and that file is left out whole.
    void keySharedAcrossFilesOfOneDropIsRefused()
    {
        test::UiEnv env;
        QVERIFY(env.start({}).isEmpty());
        env.window->importer()->setShowDialogs(false);
        const QString folder = writeFolder(env.dir.path(), 3, 4);
        QVERIFY(!folder.isEmpty());
        QFile first(QDir(folder).filePath(QStringLiteral("batch_001.jsonl")));
        QVERIFY(first.open(QIODevice::ReadOnly));
        const QByteArray firstLine = first.readLine();
        first.close();
        QFile copy(QDir(folder).filePath(QStringLiteral("batch_004.jsonl")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(firstLine);
        copy.close();
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY(env.drop({ folder }));
        QVERIFY(imported.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(env.window->table()->model()->rowCount(), 3, kAsyncMs);
        QCOMPARE(env.window->importer()->lastAdded(), 3);
        const QStringList problems = env.window->importer()->lastProblems();
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(
                     copy.fileName() + QStringLiteral(": 1 key(s) already in the project")),
            qPrintable(problems.first()));
        QVERIFY2(imported.first().first().toString().contains(QStringLiteral("1 not imported")),
            qPrintable(imported.first().first().toString()));
    }

    void cancelStopsAnImportCleanly()
    {
        test::UiEnv env;
        QVERIFY(env.start({}).isEmpty());
        env.window->importer()->setShowDialogs(false);
        const QString folder = writeFolder(env.dir.path(), 40, 200);
        QVERIFY(!folder.isEmpty());
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        // Cancelled once the first file is in the project, while later ones are still validated.
        const QMetaObject::Connection cancelling = connect(env.session->store(), &ProjectStore::batchAdded,
            env.window->importer(), &ImportController::cancel);
        QVERIFY(env.drop({ folder }));
        QVERIFY(imported.wait(30'000));
        disconnect(cancelling);
        QVERIFY(!env.session->batches().isEmpty());
        QVERIFY(!env.window->importer()->isBusy());
        QVERIFY2(imported.first().first().toString().contains(QStringLiteral("cancelled")),
            qPrintable(imported.first().first().toString()));
        // Whatever was written before the cancel is whole: every batch has all its keys.
        for (const BatchRecord &r : env.session->batches()) {
            QCOMPARE(r.requestCount, 200);
            QVERIFY(r.batchNumber.has_value());
            QStringList keys;
            for (int q = 1; q <= 200; ++q)
                keys.append(QStringLiteral("b%1-q%2")
                                .arg(*r.batchNumber, 3, 10, QLatin1Char('0'))
                                .arg(q, 3, 10, QLatin1Char('0')));
            QStringList inLedger;
            QVERIFY(!env.session->store()->existingKeys(keys, &inLedger));
            QCOMPARE(inLedger.size(), 200);
        }
        // And the next drop works.
        QVERIFY(env.drop({ folder }));
        QVERIFY(imported.wait(60'000));
        QTRY_COMPARE_WITH_TIMEOUT(env.window->table()->model()->rowCount(), 40, kAsyncMs);
    }

    void dropIgnoresWhatItCannotTake()
    {
        test::UiEnv env;
        QVERIFY(env.start({}).isEmpty());
        QFile text(env.dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.close();
        QVERIFY(!env.drop({ text.fileName() }));
        QVERIFY(!env.window->importer()->isBusy());
    }

    void handoverReportIsAdopted()
    {
        test::UiEnv env;
        QVERIFY(env.start({}).isEmpty());
        env.window->importer()->setShowDialogs(false);
        const QString folder = writeFolder(env.dir.path(), 3, 2);
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY(env.drop({ folder }));
        QVERIFY(imported.wait(30'000));
        QFile report(env.dir.filePath(QStringLiteral("progress.json")));
        QVERIFY(report.open(QIODevice::WriteOnly));
        report.write(R"({"successful_jobs": [{"batch": "002", "job_name": "batches/abc123",
                       "fileName": "files/f2abc", "status": "JOB_STATE_RUNNING"}]})");
        report.close();
        QVERIFY(env.drop({ report.fileName() }));
        QVERIFY(imported.wait(30'000));
        const QString summary = imported.last().first().toString();
        QVERIFY2(summary.contains(QStringLiteral("1 job(s)")) || summary.contains(QStringLiteral("1 job ")),
            qPrintable(summary + u'\n' + env.window->importer()->lastProblems().join(u'\n')));
        env.session->batchModel()->flush();
        bool adopted = false;
        for (const BatchRecord &r : env.session->batches())
            adopted = adopted || r.jobName == QStringLiteral("batches/abc123");
        QVERIFY(adopted);
    }

    void columnsHideAndLayoutIsRemembered()
    {
        QByteArray header;
        QTemporaryDir dir;
        {
            test::UiEnv env;
            QVERIFY(env.start({}).isEmpty());
            BatchTableView *table = env.window->table();
            table->horizontalHeader()->setSectionHidden(BatchTableModel::Size, true);
            table->sortByColumn(BatchTableModel::State, Qt::DescendingOrder);
            env.window->sidebar()->setCategory(BatchFilter::Running);
            env.window->close(); // saves the layout
            AppSettings reread(env.dir.filePath(QStringLiteral("settings.ini")));
            header = reread.tableHeaderState();
            QVERIFY(!header.isEmpty());
            QCOMPARE(reread.sidebarCategory(), int(BatchFilter::Running));
            QVERIFY(!reread.windowState().isEmpty());
        }
        BatchTableView table;
        BatchTableModel model;
        BatchFilterProxy proxy(&model);
        table.setModel(&proxy);
        QVERIFY(table.restoreHeaderState(header));
        QVERIFY(table.horizontalHeader()->isSectionHidden(BatchTableModel::Size));
        QCOMPARE(table.horizontalHeader()->sortIndicatorSection(), int(BatchTableModel::State));
        table.resetColumns();
        QVERIFY(!table.horizontalHeader()->isSectionHidden(BatchTableModel::Size));
    }

    void secondInstanceIsRefusedClearly()
    {
        test::UiEnv env;
        QVERIFY(env.start({}).isEmpty());
        ProjectSession second;
        const StoreError error = second.open(env.session->projectPath());
        QCOMPARE(error.code, StoreError::Code::Locked);
        const QString message = describeStoreError(error, env.session->projectPath());
        QVERIFY2(message.contains(QStringLiteral("already open")), qPrintable(message));
    }

    void sandboxModeCreatesSampleBatches()
    {
        // The app's own start-up: no key (Sandbox forced), the emulator in-process, a fresh
        // project, and the banner's "Create sample batches" filling it with 194 × 100 requests.
        QStandardPaths::setTestModeEnabled(true);
        QDir(SandboxController::sandboxFolder()).removeRecursively();
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        AppController controller(&settings);
        controller.start({}, true);
        QTRY_VERIFY_WITH_TIMEOUT(controller.session() != nullptr, kAsyncMs);
        ProjectSession *session = controller.session();
        QVERIFY(session->isSandbox());
        QVERIFY(session->projectPath().startsWith(SandboxController::sandboxFolder()));
        QVERIFY(controller.sandbox()->isRunning());
        QCOMPARE(session->baseUrl().host(), QStringLiteral("127.0.0.1"));
        MainWindow *window = controller.window();
        QVERIFY(window->banner()->isVisible());
        QVERIFY(window->banner()->text().contains(QStringLiteral("Sandbox mode")));

        const auto buttons = window->banner()->findChildren<QPushButton *>();
        QPushButton *samples = nullptr;
        for (QPushButton *b : buttons)
            samples = b->text().contains(QStringLiteral("sample")) ? b : samples;
        QVERIFY(samples);
        QSignalSpy imported(window->importer(), &ImportController::finished);
        QTest::mouseClick(samples, Qt::LeftButton);
        QVERIFY(imported.wait(120'000));
        QTRY_COMPARE_WITH_TIMEOUT(window->table()->model()->rowCount(), 194, kAsyncMs);
        QCOMPARE(session->batchModel()->recordAt(0)->requestCount, 100);
        QTRY_VERIFY2_WITH_TIMEOUT(window->banner()->text().contains(QStringLiteral("194 sample")),
            qPrintable(window->banner()->text()), kAsyncMs);
        QCOMPARE(
            QDir(SandboxController::samplesFolder()).entryList({ QStringLiteral("*.jsonl") }).size(), 194);
        window->close();
        QStandardPaths::setTestModeEnabled(false);
    }

    void shortcutsOnEveryToolbarAction()
    {
        test::UiEnv env;
        QVERIFY(env.start({}).isEmpty());
        BatchActions *a = env.window->actions();
        for (QAction *action : { a->addFolder, a->resume, a->pause, a->cancelSelected, a->cancelAll,
                 a->download, a->exportResults, a->settings })
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        // No two commands share a shortcut.
        QSet<QString> seen;
        const QList<QAction *> all
            = a->toolbarActions() + a->batchActions() + QList<QAction *> { a->cancelAll };
        QSet<QAction *> unique;
        for (QAction *action : all) {
            if (!action || unique.contains(action))
                continue;
            unique.insert(action);
            const QString keys = action->shortcut().toString();
            QVERIFY2(!seen.contains(keys), qPrintable(keys));
            seen.insert(keys);
        }
        // Accessible names on the main controls.
        QVERIFY(!env.window->table()->accessibleName().isEmpty());
        QVERIFY(!env.window->sidebar()->accessibleName().isEmpty());
        QVERIFY(!env.window->searchField()->accessibleName().isEmpty());
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
