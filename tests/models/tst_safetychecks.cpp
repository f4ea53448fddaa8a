#include "safetychecks.h"

#include <QTest>

using namespace bb;

namespace {

const QDateTime t0 = QDateTime(QDate(2026, 12, 3), QTime(12, 0), Qt::UTC);

BatchRecord batch(qint64 id, BatchState state, const QDateTime &created = {})
{
    BatchRecord b;
    b.id = id;
    b.state = state;
    if (created.isValid()) {
        b.jobName = QStringLiteral("batches/j%1").arg(id);
        b.jobCreatedAt = created;
    }
    return b;
}

} // namespace

class TestSafetyChecks final : public QObject
{
    Q_OBJECT

private slots:
    void canaryRunsAloneUntilAnsweredOrTimeIsUp()
    {
        const CanarySettings settings; // 30 minutes
        QList<BatchRecord> batches { batch(1, BatchState::Uploaded), batch(2, BatchState::Uploaded) };
        QVERIFY(!canaryHold(batches, settings, t0).holding); // no job yet: the next create is the canary

        batches[0] = batch(1, BatchState::JobPending, t0);
        CanaryHold hold = canaryHold(batches, settings, t0.addSecs(60));
        QVERIFY(hold.holding);
        QCOMPARE(hold.canaryId, 1);
        QCOMPARE(hold.until, t0.addSecs(1800));
        QVERIFY(!canaryHold(batches, settings, t0.addSecs(1800)).holding); // released by time

        // Answered: released at once.
        batches[0].state = BatchState::Downloaded;
        batches[0].succeededCount = 99;
        batches[0].failedCount = 1;
        QVERIFY(!canaryHold(batches, settings, t0.addSecs(60)).holding);
        // Came back mostly failed: released too; the failure alarm holds the rest instead.
        batches[0].succeededCount = 1;
        batches[0].failedCount = 99;
        QVERIFY(!canaryHold(batches, settings, t0.addSecs(60)).holding);
        // A job that failed as a whole has come back as well.
        batches[0] = batch(1, BatchState::JobFailed, t0);
        QVERIFY(!canaryHold(batches, settings, t0.addSecs(60)).holding);

        // The earliest job is the canary, whoever made it; off means off.
        batches = { batch(1, BatchState::JobRunning, t0.addSecs(300)), batch(2, BatchState::JobPending, t0) };
        QCOMPARE(canaryHold(batches, settings, t0).canaryId, 2);
        QVERIFY(!canaryHold(batches, CanarySettings { false, 1800 }, t0).holding);
    }

    void mostLinesFailedIsHalfOrMore()
    {
        BatchRecord b = batch(1, BatchState::Downloaded);
        QVERIFY(!mostLinesFailed(b)); // nothing counted
        b.succeededCount = 51;
        b.failedCount = 49;
        QVERIFY(!mostLinesFailed(b));
        b.succeededCount = 50;
        b.failedCount = 50;
        QVERIFY(mostLinesFailed(b));
        b.state = BatchState::JobSucceeded; // not downloaded yet: not known
        QVERIFY(!mostLinesFailed(b));
    }

    // One failed request among many answered ones does not stop a run; a failed canary does.
    void smallJobsAlarmOnlyWhenTheProjectFails()
    {
        BatchRecord one = batch(9, BatchState::Downloaded);
        one.failedCount = 1;
        QVERIFY(raisesFailureAlarm(one, { one })); // the first result of the project
        QList<BatchRecord> project { one };
        for (qint64 id = 1; id <= 5; ++id) {
            BatchRecord ok = batch(id, BatchState::Downloaded);
            ok.succeededCount = 1;
            project.append(ok);
        }
        QVERIFY(!raisesFailureAlarm(one, project));
        BatchRecord big = batch(20, BatchState::Downloaded);
        big.succeededCount = 5;
        big.failedCount = 5; // ten lines: judged on its own
        QVERIFY(raisesFailureAlarm(big, project));
    }

    void distinctMessagesInOrder()
    {
        QCOMPARE(firstDistinctMessages({ QStringLiteral("a"), QString(), QStringLiteral(" a "),
                     QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") }),
            (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
    }
};

QTEST_GUILESS_MAIN(TestSafetyChecks)
#include "tst_safetychecks.moc"
