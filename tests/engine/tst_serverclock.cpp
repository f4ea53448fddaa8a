#include "serverclock.h"

#include <QTest>

using namespace bb;

class TestServerClock final : public QObject
{
    Q_OBJECT

private slots:
    void followsAnAcceleratedServer()
    {
        qint64 real = 0;
        ServerClock clock([&real] { return real; });
        const QDateTime start(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        clock.observe(start);
        QCOMPARE(clock.now(), start);
        // The server runs 60× faster; its Date header only has whole seconds.
        for (real = 250; real <= 10'000; real += 250)
            clock.observe(start.addSecs(real * 60 / 1000));
        QVERIFY2(qAbs(clock.rate() - 60.0) < 1.0, qPrintable(QString::number(clock.rate())));
        real += 1000;
        QVERIFY(qAbs(clock.now().toMSecsSinceEpoch() - start.addSecs(675).toMSecsSinceEpoch())
            < 2000); // 11.25 real s × 60
        QVERIFY(qAbs(clock.realMsFor(60'000) - 1000) < 20); // a server minute is a real second
        QCOMPARE(clock.realMsFor(0), 20);
    }

    void reanchorsWhenTheClockIsAdvanced()
    {
        qint64 real = 0;
        ServerClock clock([&real] { return real; });
        const QDateTime start(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        for (real = 0; real <= 5000; real += 500)
            clock.observe(start.addMSecs(real - real % 1000));
        QVERIFY(qAbs(clock.rate() - 1.0) < 0.3);
        const QDateTime jumped = start.addSecs(48 * 3600);
        real += 100;
        clock.observe(jumped);
        QCOMPARE(clock.now(), jumped);
        QVERIFY(qAbs(clock.rate() - 1.0) < 0.3); // the jump is not mistaken for speed
        real += 4000;
        clock.observe(jumped.addSecs(4));
        QVERIFY(qAbs(clock.rate() - 1.0) < 0.3);
    }

    // Date headers have one-second resolution: over 3 s they can make real time look like a
    // pace of 1.67. The clock reads it as exactly real time, so no back-off opens early.
    void aRealTimeServerSeenThroughWholeSecondsIsRealTime()
    {
        qint64 real = 0;
        ServerClock clock([&real] { return real; });
        // Server time 09:00:00.999 to 09:00:03.999 in 3 real seconds, read as 09:00:00 (its
        // Date header truncated) and, for the last reply, 09:00:04 (sent a moment later).
        const QDate day(2026, 12, 3);
        clock.observe(QDateTime(day, QTime(9, 0, 0), Qt::UTC));
        real = 1500;
        clock.observe(QDateTime(day, QTime(9, 0, 2), Qt::UTC));
        real = 3000;
        clock.observe(QDateTime(day, QTime(9, 0, 4), Qt::UTC));
        QVERIFY(clock.isCalibrated());
        QCOMPARE(clock.rate(), 1.0);
        QCOMPARE(clock.realMsFor(15'000, 20), 15'000);
    }

    void learnsAFastServerWithinAFewReplies()
    {
        qint64 real = 0;
        ServerClock clock([&real] { return real; });
        const QDateTime start(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        for (real = 0; real <= 100; real += 20) // 600× for 100 ms: 60 server seconds
            clock.observe(start.addSecs(real * 600 / 1000));
        QVERIFY2(qAbs(clock.rate() - 600.0) < 60.0, qPrintable(QString::number(clock.rate())));
    }

    void oneJumpIsNotASpeed()
    {
        qint64 real = 0;
        ServerClock clock([&real] { return real; });
        const QDateTime start(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        clock.observe(start);
        real = 10;
        clock.observe(start.addSecs(48 * 3600)); // advanced through the control API
        real = 20;
        clock.observe(start.addSecs(48 * 3600));
        real = 30;
        clock.observe(start.addSecs(48 * 3600));
        QCOMPARE(clock.rate(), 1.0);
    }

    void unsyncedIsWallTime()
    {
        ServerClock clock;
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const QDateTime now = clock.now();
        QVERIFY2(before <= now && now <= QDateTime::currentDateTimeUtc(),
            qPrintable(now.toString(Qt::ISODateWithMs)));
        QCOMPARE(clock.rate(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestServerClock)
#include "tst_serverclock.moc"
