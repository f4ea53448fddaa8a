#include "retrypolicy.h"

#include <QTest>
#include <QTimeZone>

using namespace bb;

class TestRetryPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void capacityBackoffGrowsFrom30sTo30minWithJitter_data()
    {
        QTest::addColumn<double>("jitter");
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow("first, no jitter") << 0.0 << 1 << qint64(15'000);
        QTest::newRow("first, full jitter") << 0.999999 << 1 << qint64(29'999);
        QTest::newRow("second") << 0.0 << 2 << qint64(30'000);
        QTest::newRow("sixth") << 0.0 << 6 << qint64(480'000);
        QTest::newRow("capped") << 0.999999 << 12 << qint64(1'799'999);
        QTest::newRow("absurd attempt") << 0.0 << 1000 << qint64(900'000);
    }

    void capacityBackoffGrowsFrom30sTo30minWithJitter()
    {
        QFETCH(double, jitter);
        QFETCH(int, attempt);
        QFETCH(qint64, expectedMs);
        const RetryPolicy policy({}, [jitter] { return jitter; });
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const RetryPlan plan = policy.plan(FailureKind::BatchCapacity, attempt, now);
        QCOMPARE(now.msecsTo(plan.notBefore), expectedMs);
        QCOMPARE(plan.reason, WaitReason::BatchCapacity);
        QVERIFY(plan.laneWide);
        QVERIFY(plan.probe);
        QVERIFY(!plan.giveUp);
    }

    void rateLimitHonoursFractionalRetryDelay()
    {
        const RetryPolicy policy({}, [] { return 0.0; });
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const RetryPlan plan = policy.plan(FailureKind::RateLimited, 1, now, 45'838);
        QCOMPARE(now.msecsTo(plan.notBefore), 45'838);
        QCOMPARE(plan.reason, WaitReason::RateLimit);
        QVERIFY(plan.laneWide);
    }

    void ambiguousCreateFailureReconcilesFirst()
    {
        const RetryPolicy policy;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(policy.plan(FailureKind::Transient, 1, now, -1, true).reconcileFirst);
        QVERIFY(!policy.plan(FailureKind::Transient, 1, now, -1, false).reconcileFirst);
        QVERIFY(now.msecsTo(policy.plan(FailureKind::Transient, 50, now).notBefore) <= 60'000);
    }

    void badKeyAndInvalidNeedTheUser()
    {
        const RetryPolicy policy;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(policy.plan(FailureKind::BadKey, 1, now).giveUp);
        QVERIFY(policy.plan(FailureKind::BadKey, 1, now).laneWide);
        QVERIFY(policy.plan(FailureKind::Invalid, 1, now).giveUp);
        QVERIFY(!policy.plan(FailureKind::Invalid, 1, now).laneWide);
    }

    void dailyQuotaWaitsForPacificMidnight_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("expected");
        // Winter (PST, UTC-8) and summer (PDT, UTC-7); just before and after local midnight.
        QTest::newRow("winter evening") << QDateTime(QDate(2026, 1, 15), QTime(7, 59), Qt::UTC)
                                        << QDateTime(QDate(2026, 1, 15), QTime(8, 0), Qt::UTC);
        QTest::newRow("winter after midnight") << QDateTime(QDate(2026, 1, 15), QTime(8, 0, 1), Qt::UTC)
                                               << QDateTime(QDate(2026, 1, 16), QTime(8, 0), Qt::UTC);
        QTest::newRow("summer") << QDateTime(QDate(2026, 7, 1), QTime(12, 0), Qt::UTC)
                                << QDateTime(QDate(2026, 7, 2), QTime(7, 0), Qt::UTC);
        QTest::newRow("dst starts overnight") << QDateTime(QDate(2026, 3, 8), QTime(12, 0), Qt::UTC)
                                              << QDateTime(QDate(2026, 3, 9), QTime(7, 0), Qt::UTC);
    }

    void dailyQuotaWaitsForPacificMidnight()
    {
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, expected);
        QCOMPARE(nextPacificMidnight(now), expected);
        const RetryPlan plan = RetryPolicy().plan(FailureKind::DailyQuota, 1, now, 23'000);
        QCOMPARE(plan.notBefore, expected); // the short retryDelay of a PerDay 429 is ignored
        QCOMPARE(plan.reason, WaitReason::DailyQuota);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
