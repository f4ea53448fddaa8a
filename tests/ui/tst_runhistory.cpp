#include "runhistory.h"

#include <QSignalSpy>
#include <QTest>

using namespace bb;

class tst_RunHistory final : public QObject
{
    Q_OBJECT

private:
    static RunSample sample(const QDateTime &at, qint64 done, qint64 total = 1000)
    {
        RunSample s;
        s.at = at;
        s.requestsDone = done;
        s.requestsTotal = total;
        s.bands[int(ProgressBand::Running)] = 3;
        return s;
    }

    static EventRecord event(const QDateTime &at, const QString &code)
    {
        EventRecord e;
        e.at = at;
        e.code = code;
        return e;
    }

private slots:
    void bandsFollowStates()
    {
        QList<BatchRecord> records(4);
        records[0].state = BatchState::Downloaded;
        records[0].requestCount = 100;
        records[0].succeededCount = 98;
        records[0].failedCount = 2;
        records[1].state = BatchState::JobRunning;
        records[1].requestCount = 100;
        records[1].succeededCount = 40;
        records[2].state = BatchState::Creating;
        records[2].requestCount = 100;
        records[3].state = BatchState::JobRunning; // a resubmission: its batch counts, its requests do not
        records[3].parentId = 1;
        records[3].requestCount = 2;
        records[3].succeededCount = 1;
        const RunSample s = RunSample::of(records, QDateTime::currentDateTimeUtc());
        QCOMPARE(s.bands[int(ProgressBand::Done)], 1);
        QCOMPARE(s.bands[int(ProgressBand::Running)], 2);
        QCOMPARE(s.bands[int(ProgressBand::Pending)], 1);
        QCOMPARE(s.batches(), 4);
        QCOMPARE(s.requestsTotal, 300);
        QCOMPARE(s.requestsDone, 140);
    }

    void historyIsBoundedAndThinned()
    {
        RunHistory history;
        history.setCapacity(16);
        history.setMinimumInterval(1000);
        const QDateTime start = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 200; ++i)
            history.append(sample(start.addSecs(i), i));
        QVERIFY(history.samples().size() <= 16);
        QVERIFY(history.samples().size() >= 8);
        QCOMPARE(history.samples().first().at, start); // the start is kept
        QCOMPARE(history.samples().last().at, start.addSecs(199)); // the newest is live
        for (qsizetype i = 1; i < history.samples().size(); ++i)
            QVERIFY(history.samples()[i - 1].at < history.samples()[i].at);
    }

    void closeSamplesReplaceTheNewest()
    {
        RunHistory history;
        history.setMinimumInterval(1000);
        const QDateTime start = QDateTime::currentDateTimeUtc();
        history.append(sample(start, 0));
        history.append(sample(start.addMSecs(1500), 1));
        history.append(sample(start.addMSecs(1700), 2));
        history.append(sample(start.addMSecs(1900), 3));
        QCOMPARE(history.samples().size(), 3); // 0, 1.5 s, and the live one
        QCOMPARE(history.latest().requestsDone, 3);
        history.append(sample(start.addMSecs(2400), 4));
        QCOMPARE(history.samples().size(), 3);
        QCOMPARE(history.latest().requestsDone, 4);
        history.append(sample(start.addMSecs(2600), 5)); // 1.1 s after the last kept one: kept
        history.append(sample(start.addMSecs(2700), 6));
        QCOMPARE(history.samples().size(), 4);
        for (qsizetype i = 1; i + 1 < history.samples().size(); ++i)
            QVERIFY(history.samples()[i - 1].at.msecsTo(history.samples()[i].at) >= 1000);
    }

    void etaFromThePace()
    {
        RunHistory history;
        const QDateTime start = QDateTime::currentDateTimeUtc();
        QVERIFY(!history.estimatedCompletion().isValid());
        for (int i = 0; i <= 10; ++i)
            history.append(sample(start.addSecs(i * 10), i * 50)); // 5 requests per second
        // 500 of 1000 done at +100 s: the rest takes another 100 s.
        const QDateTime eta = history.estimatedCompletion();
        QVERIFY(eta.isValid());
        QVERIFY2(qAbs(start.addSecs(200).msecsTo(eta)) < 2000, qPrintable(eta.toString(Qt::ISODateWithMs)));
        // A standstill at the end falls back to the pace of the whole run.
        for (int i = 11; i <= 20; ++i)
            history.append(sample(start.addSecs(i * 10), 500));
        QVERIFY(history.estimatedCompletion().isValid());
        history.append(sample(start.addSecs(300), 1000));
        QVERIFY(!history.estimatedCompletion().isValid()); // all done
    }

    void quotaBucketsCountAttemptsAndRefusals()
    {
        RunHistory history;
        history.setBucketLimit(8);
        QSignalSpy changed(&history, &RunHistory::changed);
        const QDateTime start = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
        for (int i = 0; i < 40; ++i)
            history.noteEvent(event(start.addSecs(i), QStringLiteral("create.attempt")));
        for (int i = 0; i < 5; ++i)
            history.noteEvent(event(start.addSecs(i * 3), QStringLiteral("create.429.capacity")));
        history.noteEvent(event(start, QStringLiteral("upload.start"))); // ignored
        QCOMPARE(history.refusedAtActiveJobs(), 0); // no details: unknown
        EventRecord wall = event(start.addSecs(20), QStringLiteral("create.429.capacity"));
        wall.details.insert(QStringLiteral("activeJobs"), 35);
        history.noteEvent(wall);
        QCOMPARE(history.refusedAtActiveJobs(), 35);
        history.clear();
        QCOMPARE(history.refusedAtActiveJobs(), 0);
        for (int i = 0; i < 40; ++i)
            history.noteEvent(event(start.addSecs(i), QStringLiteral("create.attempt")));
        for (int i = 0; i < 5; ++i)
            history.noteEvent(event(start.addSecs(i * 3), QStringLiteral("create.429.capacity")));
        changed.clear();
        QCOMPARE(history.totalAttempts(), 40);
        QCOMPARE(history.totalRefusals(), 5);
        QCOMPARE(changed.size(), 0);
        int attempts = 0;
        int refusals = 0;
        for (const QuotaBucket &b : history.quotaBuckets()) {
            attempts += b.attempts;
            refusals += b.refusals;
        }
        QCOMPARE(attempts, 40);
        QCOMPARE(refusals, 5);
        // Much later: the timeline keeps a bounded number of slices by widening them.
        history.noteEvent(event(start.addSecs(3600), QStringLiteral("create.attempt")));
        QVERIFY(history.quotaBuckets().size() <= 8);
        QVERIFY(history.bucketSeconds() > 10);
        QCOMPARE(history.totalAttempts(), 41);
    }
};

QTEST_MAIN(tst_RunHistory)
#include "tst_runhistory.moc"
