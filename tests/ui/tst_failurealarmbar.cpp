#include "failurealarmbar.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace bb;

// The red bar above the table while a job's failed lines hold new creates: hidden without an
// alarm, the engine's sentence when there is one, and "Continue anyway". Saved as a PNG to look at.
class TestFailureAlarmBar final : public QObject
{
    Q_OBJECT

private slots:
    void showsTheAlarmAndContinues()
    {
        QWidget window;
        window.resize(1100, 80);
        FailureAlarmBar bar(&window);
        bar.resize(1100, 70);
        window.show();
        QVERIFY(bar.isHidden());
        const QString alarm = QStringLiteral(
            "batch_011_proper: 1 of 1 lines failed (Request contains an invalid argument.; Unsupported MIME "
            "type: text/plain); new jobs wait until you continue anyway");
        bar.setAlarm(alarm);
        QVERIFY(bar.isVisible());
        QCOMPARE(bar.text(), QStringLiteral("New jobs paused. ") + alarm);
        QSignalSpy clicked(&bar, &FailureAlarmBar::continueClicked);
        QPushButton *button = nullptr;
        for (QPushButton *b : bar.findChildren<QPushButton *>())
            button = b->text() == bar.buttonText() ? b : button;
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(clicked.count(), 1);
        QVERIFY(QDir().mkpath(QStringLiteral(BB_SCREENSHOT_DIR)));
        QVERIFY(bar.grab().save(QStringLiteral(BB_SCREENSHOT_DIR "/failure-alarm-bar.png")));
        bar.setAlarm({});
        QVERIFY(bar.isHidden());
    }

    void aModelStopTakesPrecedenceAndAsksForAModel()
    {
        QWidget window;
        window.resize(1100, 80);
        FailureAlarmBar bar(&window);
        bar.resize(1100, 70);
        window.show();
        bar.setAlarm(
            QStringLiteral("batch_001: 5 of 5 lines failed (x); new jobs wait until you continue anyway"));
        const QString stop = QStringLiteral(
            "the model gemini-2.5-flash is not available to this key (This model models/gemini-2.5-flash is "
            "no "
            "longer available to new users.); needs your attention: choose another model in Settings › Work");
        bar.setCreateStop(stop, false, {});
        QVERIFY(bar.isVisible());
        QCOMPARE(bar.text(), QStringLiteral("New jobs stopped: ") + stop);
        QCOMPARE(bar.buttonText(), QStringLiteral("Choose a &model…"));
        QSignalSpy choose(&bar, &FailureAlarmBar::chooseModelClicked);
        QSignalSpy carryOn(&bar, &FailureAlarmBar::continueClicked);
        for (QPushButton *b : bar.findChildren<QPushButton *>()) {
            if (b->isVisible())
                QTest::mouseClick(b, Qt::LeftButton);
        }
        QCOMPARE(choose.count(), 1);
        QCOMPARE(carryOn.count(), 0); // "Continue anyway" is not offered while creates are stopped
        QVERIFY(QDir().mkpath(QStringLiteral(BB_SCREENSHOT_DIR)));
        QApplication::processEvents(); // the layout takes the new button text, as it would on screen
        QVERIFY(bar.grab().save(QStringLiteral(BB_SCREENSHOT_DIR "/create-stop-model-bar.png")));

        bar.setCreateStop(
            QStringLiteral("creating jobs stopped by billing (Your prepayment credits are depleted.); "
                           "waiting will not help."),
            true, QUrl(QStringLiteral("https://ai.studio/projects")));
        QCOMPARE(bar.buttonText(), QStringLiteral("Open the &billing page"));
        bar.setCreateStop({}, false, {});
        QCOMPARE(bar.buttonText(), QStringLiteral("&Continue anyway")); // back to the alarm underneath
        QVERIFY(bar.isVisible());
        bar.setAlarm({});
        QVERIFY(bar.isHidden());
    }
};

QTEST_MAIN(TestFailureAlarmBar)
#include "tst_failurealarmbar.moc"
