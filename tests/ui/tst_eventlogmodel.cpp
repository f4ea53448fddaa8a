#include "eventlogfilterproxy.h"
#include "eventlogmodel.h"
#include "eventtext.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace bb;

class tst_EventLogModel final : public QObject
{
    Q_OBJECT

private:
    static EventRecord event(qint64 id, qint64 batch, Severity severity, const QString &code,
        const QJsonObject &details = {}, const QString &message = {})
    {
        EventRecord e;
        e.id = id;
        e.at = QDateTime::currentDateTimeUtc().addSecs(id);
        e.batchId = batch;
        e.kind = code.section(u'.', 0, 0);
        e.severity = severity;
        e.code = code;
        e.details = details;
        e.message = message;
        return e;
    }

private slots:
    void appendsAreCoalescedAndTested()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 1; i <= 50; ++i)
            model.append(event(i, i % 5, Severity::Info, QStringLiteral("upload.start"),
                { { QStringLiteral("bytes"), 1024 } }));
        QCOMPARE(model.rowCount(), 0); // nothing until the flush
        model.flush();
        QCOMPARE(model.rowCount(), 50);
        QCOMPARE(inserted.size(), 1); // one insert for the whole burst
    }

    void flushesByItself()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCoalesceInterval(10);
        model.append(event(1, 0, Severity::Info, QStringLiteral("engine.resume")));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 30'000);
        QCOMPARE(model.index(0, EventLogModel::Message).data().toString(), QStringLiteral("Resumed"));
        QCOMPARE(model.index(0, EventLogModel::Batch).data().toString(), QStringLiteral("Project"));
    }

    void trimsTheOldest()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaximumEvents(10);
        for (int i = 1; i <= 25; ++i)
            model.append(event(i, 1, Severity::Info, QStringLiteral("poll.failed")));
        model.flush();
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.eventAt(0)->id, 16);
        QCOMPARE(model.eventAt(9)->id, 25);
        model.resetEvents({ event(1, 1, Severity::Info, QStringLiteral("x.y")) });
        QCOMPARE(model.rowCount(), 1);
    }

    void batchNamesUpdateTheColumn()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.resetEvents({ event(1, 7, Severity::Info, QStringLiteral("create.attempt"),
            { { QStringLiteral("activeJobs"), 34 } }) });
        QCOMPARE(model.index(0, EventLogModel::Batch).data().toString(), QStringLiteral("#7"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setBatchName(7, QStringLiteral("batch-007"));
        model.flush();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, EventLogModel::Batch).data().toString(), QStringLiteral("batch-007"));
        QCOMPARE(model.index(0, EventLogModel::Message).data().toString(),
            QStringLiteral("Creating a job (34 jobs active)"));
        model.setBatchName(7, QStringLiteral("batch-007"));
        model.flush();
        QCOMPARE(changed.size(), 1); // no change, no signal
    }

    void everyEngineCodeHasASentence_data()
    {
        QTest::addColumn<QString>("code");
        for (const char *code : { "upload.start", "upload.resume", "upload.done", "upload.failed",
                 "upload.hash_mismatch", "upload.local_file", "create.attempt", "create.done",
                 "create.ambiguous", "create.429.rate", "create.429.daily", "create.429.capacity",
                 "create.file_gone", "create.refused", "job.cancel", "job.cancel_failed", "job.retired",
                 "job.stuck", "job.vanished", "poll.failed", "download.start", "download.failed",
                 "download.done", "file.deleted", "resubmit.queued", "resubmit.failed", "reconcile.failed",
                 "reconcile.file_gone", "reconcile.adopted_file", "reconcile.adopted_job",
                 "reconcile.duplicates", "reconcile.no_job", "import.added", "import.changed_after_upload",
                 "adopted", "user.retry", "engine.resume", "engine.pause", "engine.fatal" })
            QTest::newRow(code) << QString::fromLatin1(code);
    }

    void everyEngineCodeHasASentence()
    {
        QFETCH(QString, code);
        const QString text = eventText(event(1, 1, Severity::Info, code));
        QVERIFY2(!text.contains(code), qPrintable(text)); // not the "kind: code" fallback
        QVERIFY(!text.isEmpty());
    }

    void capacityRefusalNamesTheJobs()
    {
        const QString text = eventText(event(1, 1, Severity::Warning, QStringLiteral("create.429.capacity"),
            { { QStringLiteral("activeJobs"), 35 },
                { QStringLiteral("probeAt"), QStringLiteral("2026-11-28T14:32:00Z") } }));
        QVERIFY2(text.contains(QStringLiteral("35 active jobs")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("429")), qPrintable(text));
    }

    void unknownCodesFallBack()
    {
        const QString text = eventText(event(
            1, 1, Severity::Info, QStringLiteral("future.thing"), {}, QStringLiteral("server said hi")));
        QCOMPARE(text, QStringLiteral("future: future.thing: server said hi"));
    }

    void proxyFiltersByBatchSeverityAndText()
    {
        EventLogModel model;
        EventLogFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBatchName(1, QStringLiteral("batch-001"));
        model.setBatchName(2, QStringLiteral("batch-002"));
        model.append(event(1, 0, Severity::Info, QStringLiteral("engine.resume")));
        model.append(event(2, 1, Severity::Debug, QStringLiteral("upload.start")));
        model.append(event(
            3, 1, Severity::Warning, QStringLiteral("create.429.rate"), {}, QStringLiteral("slow down")));
        model.append(event(
            4, 2, Severity::Error, QStringLiteral("create.refused"), {}, QStringLiteral("bad request")));
        model.append(event(5, 2, Severity::Info, QStringLiteral("create.done"),
            { { QStringLiteral("job"), QStringLiteral("batches/x") } }));
        model.flush();
        QCOMPARE(proxy.rowCount(), 4); // Info and above by default: the Debug line is hidden
        QCOMPARE(proxy.index(0, 0).data(EventLogModel::EventIdRole).toLongLong(), 5); // newest first
        proxy.setMinimumSeverity(Severity::Debug);
        QCOMPARE(proxy.rowCount(), 5);
        proxy.setBatchId(1);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setBatchId(0);
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setBatchId(EventLogFilterProxy::AllBatches);
        proxy.setMinimumSeverity(Severity::Warning);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setMinimumSeverity(Severity::Debug);
        proxy.setSearchText(QStringLiteral("batch-002"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setSearchText(QStringLiteral("slow down"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setSearchText({});
        // Live: a new event appears in the filtered view.
        proxy.setBatchId(2);
        model.append(event(6, 2, Severity::Info, QStringLiteral("download.start")));
        model.flush();
        QCOMPARE(proxy.rowCount(), 3);
    }
};

QTEST_MAIN(tst_EventLogModel)
#include "tst_eventlogmodel.moc"
