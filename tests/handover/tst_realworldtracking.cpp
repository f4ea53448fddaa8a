// The first user's tracking files (../shared/real-world-inputs.md §3), every shape, read and
// adopted into a project of their 204 batches.
#include "adoption.h"
#include "handoverreport.h"
#include "projectstore.h"
#include "realworld.h"

#include <QTemporaryDir>
#include <QTest>

using namespace bb;
namespace rw = bb::test::realworld;

namespace {

int jobs(const Handover &h)
{
    return int(std::count_if(
        h.entries.cbegin(), h.entries.cend(), [](const HandoverEntry &e) { return !e.jobName.isEmpty(); }));
}

int uploadsOnly(const Handover &h)
{
    return int(std::count_if(h.entries.cbegin(), h.entries.cend(),
        [](const HandoverEntry &e) { return e.jobName.isEmpty() && !e.fileName.isEmpty(); }));
}

QStringList reasons(const Handover &h)
{
    QStringList out;
    for (const HandoverWarning &w : h.warnings)
        out.append(w.reason);
    return out;
}

} // namespace

class TestRealWorldTracking final : public QObject
{
    Q_OBJECT

private slots:
    void everyShapeReads_data()
    {
        const rw::ServerWorld world = rw::inventedWorld();
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("jobs");
        QTest::addColumn<int>("uploads");
        QTest::addColumn<int>("pending");
        QTest::addColumn<int>("failed");
        QTest::addColumn<int>("firstNumber");
        QTest::newRow("batch_submission_progress.json")
            << rw::submissionProgressJson(world) << 25 << 15 << 154 << 0 << 11;
        QTest::newRow("BATCH_JOBS_COMPLETE_LIST.json")
            << rw::completeListJson(world) << 21 << 9 << 89 << 0 << 51;
        QTest::newRow("BATCHES_170_204_SUBMISSION_SUMMARY.json")
            << rw::summary170Json(world) << 35 << 0 << 0 << 0 << 170;
        QTest::newRow("ALL_SUBMITTED_BATCHES.json") << rw::allSubmittedJson(world) << 10 << 0 << 0 << 0 << 1;
        QTest::newRow("earlier failures") << rw::earlierFailuresJson() << 0 << 0 << 0 << 35 << -1;
        QTest::newRow("BATCH_SUBMISSION_REPORT.md")
            << rw::submissionReportMarkdown(world) << 25 << 15 << 154 << 0 << 11;
    }

    void everyShapeReads()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, jobs);
        QFETCH(int, uploads);
        QFETCH(int, pending);
        QFETCH(int, failed);
        QFETCH(int, firstNumber);
        const rw::ServerWorld world = rw::inventedWorld();
        const Handover h = parseHandover(content);
        QCOMPARE(::jobs(h), jobs);
        QCOMPARE(uploadsOnly(h), uploads);
        QCOMPARE(h.pendingBatchNumbers.size(), pending);
        QCOMPARE(h.failedBatchNumbers.size(), failed);
        for (const HandoverEntry &e : h.entries) {
            const rw::ServerBatch *b = world.find(e.batchNumber);
            QVERIFY2(b, qPrintable(QString::number(e.batchNumber)));
            if (!e.jobName.isEmpty())
                QCOMPARE(e.jobName, b->jobName);
            if (!e.fileName.isEmpty())
                QCOMPARE(e.fileName, b->fileName); // bare ids and full URIs alike
        }
        if (firstNumber > 0)
            QCOMPARE(h.entries.first().batchNumber, firstNumber);
        // Only the markdown summary contradicts its rows; nothing else is worth a warning.
        if (h.format == Handover::Format::Markdown)
            QCOMPARE(reasons(h),
                QStringList { QStringLiteral("the summary says 35 batches were created, but the tables list "
                                             "25 jobs; the rows are used") });
        else
            QVERIFY2(h.warnings.isEmpty(), qPrintable(reasons(h).join(u'\n')));
    }

    void localManifestsAdoptNothingQuietly()
    {
        for (const QByteArray &content : { rw::batchTrackingManifest(), rw::instructionsJson() }) {
            const Handover h = parseHandover(content);
            QVERIFY(h.describesLocalFilesOnly());
            QCOMPARE(h.localPaths.size(), rw::kFiles);
            QVERIFY2(h.warnings.isEmpty(), qPrintable(reasons(h).join(u'\n')));
        }
        QCOMPARE(parseHandover(rw::instructionsJson()).localPaths.at(1),
            QStringLiteral(
                "c:\\Users\\NAME\\project\\gemini_batch_submissions_proper\\batch_002_proper.jsonl"));
    }

    void rangeCountThatContradictsIsReported()
    {
        const Handover h
            = parseHandover(R"({"not_yet_processed": {"start_batch": 81, "end_batch": 169, "count": 90}})");
        QCOMPARE(h.pendingBatchNumbers.size(), 89);
        QCOMPARE(reasons(h),
            QStringList {
                QStringLiteral("not_yet_processed: says 90 batches, but 81-169 is 89; the range is used") });
    }

    // All six files into the user's project: 91 jobs and 24 uploads, each exactly once.
    void allOfThemAdoptTheWholeDay()
    {
        const rw::ServerWorld world = rw::inventedWorld();
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));
        for (int n = 1; n <= rw::kFiles; ++n) {
            BatchRecord b;
            b.batchNumber = n;
            b.displayName = QStringLiteral("batch_%1_proper").arg(n, 3, 10, QLatin1Char('0'));
            b.localPath = dir.filePath(b.displayName + QStringLiteral(".jsonl"));
            QVERIFY(!store.insertBatch(b));
        }
        // The earlier failures file last: it must not undo the later summary's 35 jobs.
        const QList<QByteArray> files { rw::submissionReportMarkdown(world),
            rw::submissionProgressJson(world), rw::completeListJson(world), rw::summary170Json(world),
            rw::allSubmittedJson(world), rw::earlierFailuresJson() };
        int adoptedJobs = 0;
        int adoptedFiles = 0;
        for (const QByteArray &content : files) {
            const AdoptionSummary s = adoptHandover(store, parseHandover(content));
            QVERIFY(!s.error);
            adoptedJobs += s.jobsAdopted;
            adoptedFiles += s.filesAdopted;
        }
        QCOMPARE(adoptedJobs, 91);
        QCOMPARE(adoptedFiles, 24);
        int withJob = 0;
        int uploaded = 0;
        for (const BatchRecord &b : store.batches()) {
            const rw::ServerBatch *expected = world.find(*b.batchNumber);
            QCOMPARE(b.jobName, expected ? expected->jobName : QString());
            withJob += b.hasJob() ? 1 : 0;
            uploaded += !b.hasJob() && b.hasRemoteFile() ? 1 : 0;
        }
        QCOMPARE(withJob, 91);
        QCOMPARE(uploaded, 24);
    }
};

QTEST_GUILESS_MAIN(TestRealWorldTracking)
#include "tst_realworldtracking.moc"
