// The desktop app's cost surfaces in a Sandbox run (in-process emulator over 127.0.0.1): the Cost
// column, the status bar, the spend chart and Settings → Cost; a cap set there holds creates and
// lifting it releases them without a restart. Screenshots go to <build>/screenshots/cost-*.png.
#include "apptranslator.h"
#include "batchactions.h"
#include "batchtableview.h"
#include "chartpanel.h"
#include "costsettingspage.h"
#include "credentialstore.h"
#include "importcontroller.h"
#include "settingsdialog.h"
#include "uitestenv.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>

using namespace bb;

namespace {
// Waits for asynchronous engine and GUI work: generous, so that only a real hang exceeds them on a
// loaded machine (or under the sanitizers).
constexpr int kAsyncMs = 30'000;
constexpr int kWholeRunMs = 300'000;
} // namespace

class TestCostUi final : public QObject
{
    Q_OBJECT

private:
    QDir m_out { QStringLiteral(BB_SCREENSHOT_DIR) };

    void save(QWidget *widget, const QString &name)
    {
        QApplication::processEvents();
        const QString path = m_out.filePath(name + QStringLiteral(".png"));
        QVERIFY2(widget->grab().save(path), qPrintable(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

    static QString costText(MainWindow *window)
    {
        const QLabel *label = window->findChild<QLabel *>(QStringLiteral("costStatus"));
        return label ? label->text() : QString();
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BatchboardTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_costui"));
        QVERIFY(m_out.mkpath(QStringLiteral(".")));
        installTranslators(QStringLiteral("en"));
    }

    void costShowsAndTheCapHoldsUntilLifted()
    {
        test::UiEnv env;
        SandboxController::Pace pace;
        pace.speed = 600;
        pace.pendingSeconds = 30;
        pace.runningSeconds = 120;
        const QString error = env.start(pace);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        env.window->resize(1500, 940);

        const QString folder = env.dir.filePath(QStringLiteral("samples"));
        QSignalSpy ready(env.sandbox.get(), &SandboxController::samplesReady);
        QVERIFY(env.sandbox->createSamples(folder, 8, 40));
        QVERIFY(ready.wait(60'000));
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY(env.window->importer()->importPaths({ folder }));
        QVERIFY(imported.wait(60'000));
        QTRY_COMPARE_WITH_TIMEOUT(env.window->table()->model()->rowCount(), 8, kAsyncMs);

        BatchTableModel *model = env.session->batchModel();
        const QModelIndex first = model->index(0, BatchTableModel::Cost);
        QTRY_VERIFY_WITH_TIMEOUT(first.data().toString().startsWith(QStringLiteral("≈")), kAsyncMs);
        QVERIFY(first.data(Qt::ToolTipRole).toString().contains(QStringLiteral("non-batch")));
        QTRY_VERIFY2_WITH_TIMEOUT(costText(env.window.get()).contains(QStringLiteral("Cost ≈")),
            qPrintable(costText(env.window.get())), kAsyncMs);

        // A cap below one batch, set the way Settings → Cost sets it.
        CostSettings cost = env.session->costSettings();
        cost.spendCapUsd = 0.000001;
        QVERIFY(!env.session->applyCostSettings(cost));
        env.window->actions()->resume->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(env.session->status().waitingForSpendCap, 8, 60'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            model->index(0, BatchTableModel::State).data().toString().contains(QStringLiteral("spend cap")),
            kAsyncMs);
        QTRY_VERIFY2_WITH_TIMEOUT(
            costText(env.window.get()).contains(QStringLiteral("the run would pass it")),
            qPrintable(costText(env.window.get())), kAsyncMs);
        save(env.window.get(), QStringLiteral("cost-capped"));

        // Settings → Cost shows the project's prices with their date; lifting the cap there
        // releases the batches in the running engine.
        CredentialStore credentials; // without a keychain the dialog says so; the Cost page does not care
        SettingsDialog dialog(env.settings.get(), &credentials, env.window.get());
        dialog.addCostPage(env.session->costSettings());
        QVERIFY(dialog.costPage());
        dialog.tabs()->setCurrentWidget(dialog.costPage());
        dialog.resize(900, 640);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.costPage()->isVisible(), kAsyncMs);
        QVERIFY(dialog.costPage()->priceTable()->rowCount() >= 4);
        save(&dialog, QStringLiteral("cost-settings"));
        CostSettings lifted = dialog.costPage()->settings();
        QCOMPARE(lifted.prices, env.session->costSettings().prices);
        QCOMPARE(*lifted.spendCapUsd, 0.0); // the spin box shows cents; the cap stays tiny
        lifted.spendCapUsd.reset();
        dialog.close();
        QVERIFY(!env.session->applyCostSettings(lifted));

        QTRY_VERIFY_WITH_TIMEOUT(env.session->status().allDone(), kWholeRunMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            !model->index(0, BatchTableModel::Cost).data().toString().startsWith(QStringLiteral("≈")),
            kAsyncMs);
        QTRY_VERIFY_WITH_TIMEOUT(costText(env.window.get()).contains(QStringLiteral("spent $")), kAsyncMs);
        const CostTotals totals = model->costTotals();
        QVERIFY(totals.actual.batch > 0);
        QVERIFY(totals.actual.standard > totals.actual.batch);
        QVERIFY(!costText(env.window.get()).contains(QStringLiteral("spent $0.00 ")));
        QTest::qWait(600);
        save(env.window.get(), QStringLiteral("cost-done"));

        ChartPanel *charts = env.window->charts();
        if (auto *dock = env.window->findChild<QDockWidget *>(QStringLiteral("chartsDock")))
            dock->raise();
        charts->showPage(charts->pageCount() - 1);
        QTest::qWait(300);
        save(charts, QStringLiteral("cost-chart"));
        qInfo("status bar: %s", qPrintable(costText(env.window.get())));
    }
};

QTEST_MAIN(TestCostUi)
#include "tst_costui.moc"
