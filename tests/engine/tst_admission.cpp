#include "admission.h"

#include <QTest>

using namespace bb;

namespace {

const QDateTime now(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);

BatchRecord record(qint64 id, BatchState state, qint64 expiresInSeconds = 0)
{
    BatchRecord r;
    r.id = id;
    r.batchNumber = int(id);
    r.displayName = QStringLiteral("batch-%1").arg(id);
    r.sizeBytes = 1000;
    r.tokenEstimate = 250;
    r.state = state;
    if (expiresInSeconds != 0) {
        r.remoteFileName = QStringLiteral("files/f%1").arg(id);
        r.remoteFileExpiresAt = now.addSecs(expiresInSeconds);
    }
    if (occupiesJobSlot(state))
        r.jobName = QStringLiteral("batches/b%1").arg(id);
    return r;
}

} // namespace

class TestAdmission final : public QObject
{
    Q_OBJECT

private slots:
    void usageCountsOnlyWhatOccupiesQuota()
    {
        const QList<BatchRecord> records {
            record(1, BatchState::JobRunning, 40 * 3600),
            record(2, BatchState::JobPending, 40 * 3600),
            record(3, BatchState::Uploaded, 30 * 3600),
            record(4, BatchState::Uploaded, -10),
            record(5, BatchState::Uploading),
            record(6, BatchState::Downloaded),
        };
        const QuotaUsage usage = QuotaUsage::of(records, now);
        QCOMPARE(usage.activeJobs, 2);
        QCOMPARE(usage.enqueuedTokens, 500);
        QCOMPARE(usage.storedBytes, 4000); // 1, 2, 3 live, 5 reserved; 4 expired
        QCOMPARE(usage.uploading, 1);
        QCOMPARE(usage.uploadedWaiting, 1);
    }

    void createsClosestToExpiryFirstAndSkipsTheMargin()
    {
        AdmissionControl control;
        const QList<BatchRecord> records {
            record(1, BatchState::Uploaded, 40 * 3600),
            record(2, BatchState::Uploaded, 7 * 3600),
            record(3, BatchState::Uploaded, 5 * 3600),
            record(4, BatchState::Uploaded, 20 * 3600),
            record(5, BatchState::JobRunning, 3600),
        };
        QCOMPARE(control.createOrder(records, now), (QList<qint64> { 2, 4, 1 }));
        QVERIFY(control.needsUpload(records[2], now)); // inside the 6 h margin: upload afresh
        QVERIFY(!control.needsUpload(records[1], now));
    }

    void learnsTheConcurrencyLimitFromA429()
    {
        AdmissionControl control;
        QuotaUsage usage;
        usage.activeJobs = 35;
        const BatchRecord candidate = record(36, BatchState::Uploaded, 40 * 3600);
        QVERIFY(control.canCreate(candidate, usage).allowed);
        control.noteCapacityRefusal(35, 35 * 250);
        QCOMPARE(control.learnedConcurrency(), 35);
        const Admission refused = control.canCreate(candidate, usage);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.reason, WaitReason::BatchCapacity);
        usage.activeJobs = 34; // a job finished: a slot is free
        QVERIFY(control.canCreate(candidate, usage).allowed);
        control.noteCreated(36); // the server let us past the learned limit: it was something else
        QVERIFY(!control.learnedConcurrency());
    }

    // Refused with none of our jobs running (another tool's jobs, no batch quota, billing): the
    // wall is at 0, so nothing but the lane's probe may go until a create gets through.
    void aRefusalWithNoJobOfOursRunningAdmitsNothing()
    {
        AdmissionControl control;
        QuotaUsage usage;
        const BatchRecord candidate = record(1, BatchState::Uploaded, 40 * 3600);
        control.noteCapacityRefusal(0, 0);
        QCOMPARE(control.learnedConcurrency(), 0);
        const Admission refused = control.canCreate(candidate, usage);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.reason, WaitReason::BatchCapacity);
        QCOMPARE(control.effectiveConcurrency(), 0);
        control.noteCreated(1); // the probe got through
        QVERIFY(!control.learnedConcurrency());
        QVERIFY(control.canCreate(candidate, usage).allowed);
    }

    void respectsConfiguredLimits()
    {
        AdmissionControl control;
        QuotaLimits limits;
        limits.concurrentBatches = 2;
        limits.enqueuedTokens = 600;
        limits.storageBytes = 2500;
        control.setLimits(limits);
        const BatchRecord candidate = record(9, BatchState::Uploaded, 40 * 3600);
        QuotaUsage usage;
        usage.activeJobs = 1;
        usage.enqueuedTokens = 400;
        QCOMPARE(control.canCreate(candidate, usage).reason, WaitReason::EnqueuedTokens);
        usage.enqueuedTokens = 250;
        QVERIFY(control.canCreate(candidate, usage).allowed);
        usage.activeJobs = 2;
        QCOMPARE(control.canCreate(candidate, usage).reason, WaitReason::ConcurrentBatches);

        usage.storedBytes = 2000;
        QCOMPARE(control.canUpload(record(10, BatchState::NotUploaded), usage).reason, WaitReason::Storage);
        usage.storedBytes = 1000;
        usage.uploading = 2;
        QCOMPARE(
            control.canUpload(record(10, BatchState::NotUploaded), usage).reason, WaitReason::UploadSlots);
    }

    void uploadsRunOnlyALittleAheadOfFreeSlots()
    {
        AdmissionControl control;
        control.noteCapacityRefusal(35, 0);
        QList<BatchRecord> records;
        for (int i = 1; i <= 35; ++i)
            records.append(record(i, BatchState::JobRunning, 40 * 3600));
        for (int i = 36; i <= 50; ++i)
            records.append(record(i, BatchState::Uploaded, 30 * 3600));
        for (int i = 51; i <= 204; ++i)
            records.append(record(i, BatchState::NotUploaded));
        records.append(record(205, BatchState::Uploaded, 3 * 3600)); // stale: replaced regardless
        // The user's story: 35 jobs at the wall, 15 uploaded waiting: nothing new goes up.
        QuotaUsage usage = QuotaUsage::of(records, now);
        QCOMPARE(control.uploadOrder(records, now, usage), (QList<qint64> { 205 }));
        // Ten jobs end: ten free slots + four ahead is still fewer than the uploads waiting.
        for (int i = 0; i < 10; ++i)
            records[i].state = BatchState::Downloaded;
        usage = QuotaUsage::of(records, now);
        QCOMPARE(control.uploadOrder(records, now, usage).size(), 1);
        for (int i = 0; i < 25; ++i)
            records[i].state = BatchState::Downloaded;
        usage = QuotaUsage::of(records, now);
        QCOMPARE(control.uploadOrder(records, now, usage).first(), 51);
        // 25 free slots + 4 ahead - 16 live uploads waiting (the stale one included) = 13 new, + the stale
        // one.
        QCOMPARE(control.uploadOrder(records, now, usage).size(), 25 + 4 - 16 + 1);
    }
};

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"
