#include "failurealarmbar.h"

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
        QPushButton *button = bar.findChild<QPushButton *>();
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(clicked.count(), 1);
        QVERIFY(QDir().mkpath(QStringLiteral(BB_SCREENSHOT_DIR)));
        QVERIFY(bar.grab().save(QStringLiteral(BB_SCREENSHOT_DIR "/failure-alarm-bar.png")));
        bar.setAlarm({});
        QVERIFY(bar.isHidden());
    }
};

QTEST_MAIN(TestFailureAlarmBar)
#include "tst_failurealarmbar.moc"
