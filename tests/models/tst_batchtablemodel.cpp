#include "batchfilterproxy.h"
#include "batchtablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace bb;

namespace {

const QDateTime now = QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);

BatchRecord batch(qint64 id, BatchState state = BatchState::NotUploaded)
{
    BatchRecord r;
    r.id = id;
    r.batchNumber = int(id) + 10;
    r.displayName = QStringLiteral("batch-%1").arg(id + 10, 3, 10, QLatin1Char('0'));
    r.localPath = QStringLiteral("/data/batch_%1.jsonl").arg(id + 10, 3, 10, QLatin1Char('0'));
    r.sizeBytes = 50'000 + id;
    r.requestCount = 100;
    r.state = state;
    return r;
}

QList<BatchRecord> batches(int n)
{
    QList<BatchRecord> list;
    for (int i = 1; i <= n; ++i)
        list.append(batch(i));
    return list;
}

} // namespace

class TestBatchTableModel final : public QObject
{
    Q_OBJECT

private slots:
    void passesModelTesterThroughEveryMutation()
    {
        BatchTableModel model;
        BatchFilterProxy proxy(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNow(now);
        model.resetBatches(batches(20));
        proxy.sort(BatchTableModel::Size, Qt::DescendingOrder);
        BatchRecord r = batch(3, BatchState::JobRunning);
        r.succeededCount = 40;
        model.upsert(r);
        model.upsert(batch(21, BatchState::Uploading));
        model.setUploadProgress(21, 10, 100);
        model.flush();
        proxy.setCategory(BatchFilter::Running);
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setSearchText(QStringLiteral("batch_013"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setSearchText(QStringLiteral("nothing like this"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setCategory(BatchFilter::All);
        proxy.setSearchText({});
        QCOMPARE(proxy.rowCount(), 21);
        model.setNow(now.addSecs(60));
        model.resetBatches({});
        QCOMPARE(proxy.rowCount(), 0);
    }

    void coalescesBurstsIntoFewSignals()
    {
        BatchTableModel model;
        model.setCoalesceInterval(50);
        model.resetBatches(batches(10'000));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        // 1,000 updates to 1,000 scattered rows, several per row, plus two new rows.
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 1000; ++i) {
                BatchRecord r = batch(1 + (i * 7) % 10'000, BatchState::JobRunning);
                r.succeededCount = round;
                model.upsert(r);
            }
        }
        model.upsert(batch(10'001));
        model.upsert(batch(10'002));
        QCOMPARE(changed.size(), 0); // nothing before the coalescing timer fires
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 30'000);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 10'002);
        QVERIFY2(changed.size() <= 1000, qPrintable(QString::number(changed.size())));
        QCOMPARE(model.recordAt(model.rowOf(8))->succeededCount, 2);
        QCOMPARE(model.filterCount(BatchFilter::Running), 1000);

        // Unchanged records cost nothing.
        changed.clear();
        model.upsert(*model.recordAt(0));
        model.flush();
        QCOMPARE(changed.size(), 0);

        // Most rows changed: one whole-table signal.
        for (int i = 1; i <= 10'002; ++i)
            model.upsert(batch(i, BatchState::Downloaded));
        model.flush();
        QCOMPARE(changed.size(), 1);
    }

    void stateTextCarriesTheReason()
    {
        BatchTableModel model;
        model.setNow(now);
        BatchRecord r = batch(1, BatchState::Uploaded);
        r.waitReason = WaitReason::BatchCapacity;
        r.nextAttemptAt = now.addSecs(5 * 60).toLocalTime();
        model.resetBatches({ r });
        const QString text = model.index(0, BatchTableModel::State).data().toString();
        QVERIFY2(text.startsWith(QStringLiteral("Waiting: batch capacity, next try ")), qPrintable(text));
        QVERIFY2(
            text.endsWith(QLocale().toString(r.nextAttemptAt.toLocalTime().time(), QLocale::ShortFormat)),
            qPrintable(text));
        QCOMPARE(model.filterCount(BatchFilter::WaitingForQuota), 1);

        r.state = BatchState::Downloaded; // a finished batch waits for nothing
        model.upsert(r);
        model.flush();
        QCOMPARE(model.index(0, BatchTableModel::State).data().toString(), QStringLiteral("Done"));
        QCOMPARE(model.filterCount(BatchFilter::WaitingForQuota), 0);
    }

    void expiryCountdownTurnsAmberThenRed()
    {
        BatchTableModel model;
        model.setNow(now);
        BatchRecord r = batch(1, BatchState::Uploaded);
        r.remoteFileName = QStringLiteral("files/abc");
        r.remoteFileExpiresAt = now.addSecs(7 * 3600);
        model.resetBatches({ r });
        const QModelIndex expires = model.index(0, BatchTableModel::ExpiresIn);
        QCOMPARE(expires.data().toString(), QStringLiteral("7 h 0 min"));
        QCOMPARE(expires.data(BatchTableModel::UrgencyRole).toInt(), 0);
        QCOMPARE(model.filterCount(BatchFilter::ExpiringSoon), 0);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setNow(now.addSecs(2 * 3600));
        QVERIFY(!changed.isEmpty());
        QCOMPARE(expires.data(BatchTableModel::UrgencyRole).toInt(), 1);
        QCOMPARE(model.filterCount(BatchFilter::ExpiringSoon), 1);
        model.setNow(now.addSecs(6 * 3600 + 1800));
        QCOMPARE(expires.data().toString(), QStringLiteral("30 min"));
        QCOMPARE(expires.data(BatchTableModel::UrgencyRole).toInt(), 2);
        model.setNow(now.addSecs(8 * 3600));
        QCOMPARE(expires.data().toString(), QStringLiteral("expired"));
        QCOMPARE(model.filterCount(BatchFilter::FileExpired), 1);
        QCOMPARE(model.filterCount(BatchFilter::ExpiringSoon), 0);
    }

    void sortsBatchNumbersNumerically()
    {
        BatchTableModel model;
        BatchFilterProxy proxy(&model);
        QList<BatchRecord> list;
        for (int id : { 95, 2, 190, 11 }) // batch-105, batch-012, batch-200, batch-021
            list.append(batch(id));
        model.resetBatches(list);
        proxy.sort(BatchTableModel::Batch, Qt::AscendingOrder);
        QStringList order;
        for (int row = 0; row < proxy.rowCount(); ++row)
            order.append(proxy.index(row, BatchTableModel::Batch).data().toString());
        QCOMPARE(order,
            (QStringList { QStringLiteral("batch-012"), QStringLiteral("batch-021"),
                QStringLiteral("batch-105"), QStringLiteral("batch-200") }));
    }

    void uploadProgressIsPainted()
    {
        BatchTableModel model;
        model.resetBatches({ batch(1, BatchState::Uploading) });
        model.setUploadProgress(1, 25'000, 50'001);
        model.flush();
        const auto progress = model.index(0, BatchTableModel::Progress)
                                  .data(BatchTableModel::ProgressRole)
                                  .value<BatchProgress>();
        QVERIFY(progress.uploading);
        QVERIFY(qAbs(progress.uploadFraction - 0.5) < 0.01);
        QCOMPARE(model.index(0, BatchTableModel::Progress).data().toString(), QStringLiteral("49%"));
    }
};

QTEST_GUILESS_MAIN(TestBatchTableModel)
#include "tst_batchtablemodel.moc"
