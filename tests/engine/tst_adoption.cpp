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
        QVERIFY(summary.problems.contains(
            QStringLiteral("line 18: batch 12 is not in the project; import its file first")));

        // A second report naming another job for batch 11 is refused, not applied.
        const Handover other = parseMarkdownReport("|Batch|Job|\n|---|---|\n|11|batches/other|\n");
        const AdoptionSummary conflict = adoptHandover(store, other);
        QCOMPARE(conflict.jobsAdopted, 0);
        QCOMPARE(conflict.problems.size(), 1);
        QVERIFY(conflict.problems.first().contains(QStringLiteral("already has job")));
        QCOMPARE(store.batchByDisplayName(QStringLiteral("batch-011"))->jobName,
            QStringLiteral("batches/q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
    }
};

QTEST_GUILESS_MAIN(TestAdoption)
#include "tst_adoption.moc"
