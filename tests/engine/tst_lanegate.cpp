#include "lanegate.h"

#include <QTest>

using namespace bb;

namespace {

const QDateTime t0(QDate(2026, 12, 3), QTime(9, 0), Qt::UTC);

// Jitter pinned to its lowest draw: every wait is exactly half its ceiling.
RetryPolicy lowestJitter(RetryPolicy::Settings settings = {})
{
    return RetryPolicy(settings, [] { return 0.0; });
}

RetryPolicy::Settings noWaitsAtAll()
{
    RetryPolicy::Settings s;
    s.capacityBaseMs = s.capacityMaxMs = 0;
    s.transientBaseMs = s.transientMaxMs = 0;
    s.minRateLimitDelayMs = s.rateWindowMs = 0;
    return s;
}

} // namespace

class TestLaneGate final : public QObject
{
    Q_OBJECT

private slots:
    void openUntilRefused()
    {
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        QVERIFY(gate.isOpen(t0));
        QVERIFY(!gate.opensAt().isValid());
        QCOMPARE(gate.reason(), WaitReason::None);
    }

    void eachRefusalWaitsItsClassifiedTime_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("tooMany");
        QTest::addColumn<qint64>("retryDelayMs");
        QTest::addColumn<qint64>("expectedWaitMs");
        QTest::addColumn<int>("reason");
        QTest::addRow("capacity 429") << int(FailureKind::BatchCapacity) << true << qint64(-1)
                                      << qint64(15'000) << int(WaitReason::BatchCapacity);
        QTest::addRow("rate limit with RetryInfo") << int(FailureKind::RateLimited) << true << qint64(37'000)
                                                   << qint64(37'000) << int(WaitReason::RateLimit);
        QTest::addRow("rate limit without a delay: its minute")
            << int(FailureKind::RateLimited) << true << qint64(-1) << qint64(60'000)
            << int(WaitReason::RateLimit);
        QTest::addRow("503") << int(FailureKind::Transient) << false << qint64(-1) << qint64(500)
                             << int(WaitReason::Backoff);
        // 402 "prepayment credits are depleted" is classified as an invalid request, but it refuses
        // the project: it waits like capacity.
        QTest::addRow("402 RESOURCE_EXHAUSTED") << int(FailureKind::Invalid) << true << qint64(-1)
                                                << qint64(15'000) << int(WaitReason::BatchCapacity);
    }

    void eachRefusalWaitsItsClassifiedTime()
    {
        QFETCH(int, kind);
        QFETCH(bool, tooMany);
        QFETCH(qint64, retryDelayMs);
        QFETCH(qint64, expectedWaitMs);
        QFETCH(int, reason);
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        gate.refused(FailureKind(kind), tooMany, t0, retryDelayMs);
        QCOMPARE(t0.msecsTo(gate.opensAt()), expectedWaitMs);
        QCOMPARE(gate.reason(), WaitReason(reason));
        QVERIFY(!gate.isOpen(t0.addMSecs(expectedWaitMs - 1)));
        QVERIFY(gate.isOpen(t0.addMSecs(expectedWaitMs)));
    }

    void perDayQuotaWaitsForPacificMidnight()
    {
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        gate.refused(FailureKind::DailyQuota, true, t0, 23'000);
        QCOMPARE(gate.opensAt(), nextPacificMidnight(t0));
        QCOMPARE(gate.reason(), WaitReason::DailyQuota);
    }

    void failuresAboutTheRequestItselfLeaveTheGateOpen()
    {
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        gate.refused(FailureKind::Invalid, false, t0);
        gate.refused(FailureKind::FileGone, false, t0);
        QVERIFY(gate.isOpen(t0));
        QCOMPARE(gate.streak(), 0);
    }

    void consecutiveRefusalsGrowTheWait()
    {
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        QDateTime now = t0;
        const QList<qint64> expected { 500, 1000, 2000, 4000, 8000, 16'000, 30'000, 30'000 };
        for (qint64 waitMs : expected) {
            gate.refused(FailureKind::Transient, false, now);
            QCOMPARE(now.msecsTo(gate.opensAt()), waitMs);
            now = gate.opensAt();
        }
        QCOMPARE(gate.streak(), expected.size());
    }

    void capacityRefusalsDoubleAndTheGuardAddsToThem()
    {
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        gate.refused(FailureKind::BatchCapacity, true, t0);
        QCOMPARE(gate.opensAt(), t0.addSecs(15));
        gate.refused(FailureKind::BatchCapacity, true, t0.addSecs(15));
        // 30 s of back-off, but two 429s within a minute: the guard holds until t0 + 60 s.
        QCOMPARE(gate.opensAt(), t0.addSecs(60));
        gate.refused(FailureKind::BatchCapacity, true, t0.addSecs(60));
        QCOMPARE(gate.opensAt(), t0.addSecs(120)); // 60 s of back-off; the guard until 75 s
    }

    void aShorterLaterRefusalDoesNotShortenTheWait()
    {
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        gate.refused(FailureKind::RateLimited, true, t0, 37'000);
        gate.refused(FailureKind::Transient, false, t0.addSecs(1)); // a parallel request's 503
        QCOMPARE(gate.opensAt(), t0.addMSecs(37'000));
        QCOMPARE(gate.reason(), WaitReason::RateLimit);
    }

    void acceptedOpensTheGateAndEndsTheStreak()
    {
        const RetryPolicy policy = lowestJitter();
        LaneGate gate(policy);
        gate.refused(FailureKind::BatchCapacity, true, t0);
        gate.refused(FailureKind::BatchCapacity, true, t0.addSecs(20));
        gate.accepted();
        QVERIFY(gate.isOpen(t0.addSecs(21)));
        QCOMPARE(gate.streak(), 0);
        gate.refused(FailureKind::BatchCapacity, true, t0.addSecs(30));
        QCOMPARE(t0.addSecs(30).msecsTo(gate.opensAt()), 15'000); // the back-off starts again
    }

    // What a classification bug could do: every wait 0. The guard still allows only
    // StormAttemptsPerMinute attempts in any minute after a 429, and a 429 never means "retry now".
    void stormGuardHoldsWhenEveryWaitIsZero()
    {
        const RetryPolicy policy = lowestJitter(noWaitsAtAll());
        LaneGate gate(policy);
        QDateTime now = t0;
        QList<QDateTime> sent;
        for (int i = 0; i < 20; ++i) {
            if (!gate.isOpen(now))
                now = gate.opensAt();
            sent.append(now);
            gate.refused(FailureKind::BatchCapacity, true, now);
        }
        for (qsizetype i = LaneGate::StormAttemptsPerMinute; i < sent.size(); ++i)
            QVERIFY2(sent[i - LaneGate::StormAttemptsPerMinute].secsTo(sent[i]) >= 60,
                qPrintable(QStringLiteral("attempt %1 at %2").arg(i).arg(sent[i].toString(Qt::ISODate))));
        QVERIFY(t0.secsTo(sent.last()) >= 60 * (20 / LaneGate::StormAttemptsPerMinute - 1));
    }

    void guardAppliesOnlyWhileTheLastAnswerWasA429()
    {
        const RetryPolicy policy = lowestJitter(noWaitsAtAll());
        LaneGate gate(policy);
        gate.refused(FailureKind::BatchCapacity, true, t0);
        gate.refused(FailureKind::BatchCapacity, true, t0);
        QVERIFY(!gate.isOpen(t0.addSecs(59)));
        gate.refused(FailureKind::Transient, false, t0.addSecs(1)); // the last answer was a 503
        QVERIFY(gate.isOpen(t0.addSecs(2)));
    }
};

QTEST_GUILESS_MAIN(TestLaneGate)
#include "tst_lanegate.moc"
