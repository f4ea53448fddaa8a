#include "adoption.h"
#include "projectstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

class TestAdoption final : public QObject
{
    Q_OBJECT

private:
    static QByteArray fixture(const char *name)
    {
        QFile file(QStringLiteral(BB_HANDOVER_FIXTURES "/") + QString::fromLatin1(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static void addBatches(ProjectStore &store, int from, int to)
    {
        for (int n = from; n <= to; ++n) {
            BatchRecord b;
            b.batchNumber = n;
            b.displayName = QStringLiteral("batch-%1").arg(n, 3, 10, QLatin1Char('0'));
            b.localPath = QStringLiteral("/data/batch_%1.jsonl").arg(n, 3, 10, QLatin1Char('0'));
            QVERIFY(!store.insertBatch(b));
        }
    }

private slots:
    void adoptsJobsAndUploads_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("markdown") << fixture("submission_report.md");
        QTest::newRow("json") << fixture("progress.json");
    }

    void adoptsJobsAndUploads()
    {
        QFETCH(QByteArray, content);
        QVERIFY(!content.isEmpty());
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));
        addBatches(store, 11, 19);

        const AdoptionSummary summary = adoptHandover(store, parseHandover(content));
        QVERIFY(!summary.error);
        QCOMPARE(summary.jobsAdopted, 3);
        QCOMPARE(summary.filesAdopted, 2);

        const BatchRecord b11 = *store.batchByDisplayName(QStringLiteral("batch-011"));
        QCOMPARE(b11.jobName, QStringLiteral("batches/q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
        QCOMPARE(b11.state, BatchState::JobPending);
        QCOMPARE(b11.remoteFileName, QStringLiteral("files/k3v9q0mz7t2a"));
        const BatchRecord b14 = *store.batchByDisplayName(QStringLiteral("batch-014"));
        QCOMPARE(b14.state, BatchState::Uploaded);
        QCOMPARE(b14.remoteFileName, QStringLiteral("files/a0s9d8f7g6h5"));
        QCOMPARE(b14.remoteFileExpiresAt, QDateTime(QDate(2026, 3, 4), QTime(9, 30, 12), Qt::UTC));
        QCOMPARE(store.batchByDisplayName(QStringLiteral("batch-016"))->state, BatchState::NotUploaded);
        QCOMPARE(store.events().size(), 5);

        // Adopting the same report again changes nothing.
        const AdoptionSummary again = adoptHandover(store, parseHandover(content));
        QCOMPARE(again.jobsAdopted, 0);
        QCOMPARE(again.filesAdopted, 0);
        QCOMPARE(again.alreadyKnown, 5);
        QCOMPARE(store.events().size(), 5);
    }

    void reportsBatchesItCannotPlace()
    {
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));
        addBatches(store, 11, 11);
        const AdoptionSummary summary = adoptHandover(store, parseHandover(fixture("submission_report.md")));
        QCOMPARE(summary.jobsAdopted, 1);
        QCOMPARE(summary.remembered, 4); // batches 12-15: not in the project yet
        for (const QString &problem : summary.problems)
            QVERIFY2(!problem.contains(QStringLiteral("batch 12")), qPrintable(problem));

        // A second report naming another job for batch 11 is refused, not applied.
        const Handover other = parseMarkdownReport("|Batch|Job|\n|---|---|\n|11|batches/other|\n");
        const AdoptionSummary conflict = adoptHandover(store, other);
        QCOMPARE(conflict.jobsAdopted, 0);
        QCOMPARE(conflict.problems.size(), 1);
        QVERIFY(conflict.problems.first().contains(QStringLiteral("already has job")));
        QCOMPARE(store.batchByDisplayName(QStringLiteral("batch-011"))->jobName,
            QStringLiteral("batches/q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
    }

    // A report read before the folder: what it says is applied when the batches arrive.
    void orderDoesNotMatter()
    {
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));
        const AdoptionSummary early = adoptHandover(store, parseHandover(fixture("submission_report.md")),
            QStringLiteral("/reports/submission_report.md"));
        QCOMPARE(early.jobsAdopted + early.filesAdopted, 0);
        QCOMPARE(early.remembered, 5);
        QCOMPARE(early.notes.size(), 1);

        addBatches(store, 11, 13);
        AdoptionSummary later = adoptRememberedClaims(store);
        QVERIFY(!later.error);
        QCOMPARE(later.jobsAdopted, 3);
        QCOMPARE(store.batchByDisplayName(QStringLiteral("batch-012"))->jobName,
            QStringLiteral("batches/a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8"));
        QCOMPARE(store.handoverClaims().size(), 2); // 14 and 15 still wait for their files
        addBatches(store, 14, 15);
        later = adoptRememberedClaims(store);
        QCOMPARE(later.filesAdopted, 2);
        QCOMPARE(store.handoverClaims().size(), 0);
        QCOMPARE(store.batchByDisplayName(QStringLiteral("batch-014"))->state, BatchState::Uploaded);
        QCOMPARE(adoptRememberedClaims(store).jobsAdopted, 0); // applied once
    }

    // Two local files with the same number (batch_011_proper and batch_011_content): a report that
    // names batch 11 by number alone cannot say which, so nothing is guessed.
    void sharedNumberIsNotGuessed()
    {
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));
        for (const char *stem : { "batch_011_proper", "batch_011_content" }) {
            BatchRecord b;
            b.batchNumber = 11;
            b.displayName = QString::fromLatin1(stem);
            b.localPath = QStringLiteral("/data/%1.jsonl").arg(QString::fromLatin1(stem));
            QVERIFY(!store.insertBatch(b));
        }
        const AdoptionSummary summary
            = adoptHandover(store, parseMarkdownReport("|Batch|Job|\n|---|---|\n|11|batches/abc|\n"));
        QCOMPARE(summary.jobsAdopted, 0);
        QCOMPARE(summary.problems,
            QStringList {
                QStringLiteral("line 3: batch 11: 2 local files have this number (batch_011_content.jsonl, "
                               "batch_011_proper.jsonl); not adopted, so nothing is guessed") });
    }
};

QTEST_GUILESS_MAIN(TestAdoption)
#include "tst_adoption.moc"
