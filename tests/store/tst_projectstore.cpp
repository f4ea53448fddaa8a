#include "projectstore.h"
#include "storetesthelpers.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace bb;
using bb::test::sampleBatch;

namespace {

// Runs one statement on the file behind the store's back, as another program would.
bool rawExec(const QString &path, const QString &statement, QString *error = nullptr)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(statement);
            if (error)
                *error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

} // namespace

class TestProjectStore final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("p%1.batchboard").arg(++m_n));
    }

    void createsAndReopens()
    {
        {
            ProjectStore store;
            QVERIFY(!store.open(m_path));
            BatchRecord r = sampleBatch(11);
            const StoreError inserted = store.insertBatch(r);
            QVERIFY2(!inserted, qPrintable(inserted.detail));
            QVERIFY(r.id > 0);
            r.state = BatchState::JobRunning;
            r.jobName = QStringLiteral("batches/abc");
            r.remoteFileExpiresAt = QDateTime::fromMSecsSinceEpoch(1'700'172'800'000, Qt::UTC);
            r.waitReason = WaitReason::BatchCapacity;
            QVERIFY(!store.updateBatch(r));
            QVERIFY(!store.setSetting(QStringLiteral("model"), QStringLiteral("models/gemini-2.5-flash")));
        }
        ProjectStore store;
        QVERIFY(!store.open(m_path));
        const QList<BatchRecord> all = store.batches();
        QCOMPARE(all.size(), 1);
        BatchRecord expected = sampleBatch(11);
        expected.id = all.first().id;
        expected.state = BatchState::JobRunning;
        expected.jobName = QStringLiteral("batches/abc");
        expected.remoteFileExpiresAt = QDateTime::fromMSecsSinceEpoch(1'700'172'800'000, Qt::UTC);
        expected.waitReason = WaitReason::BatchCapacity;
        QCOMPARE(all.first(), expected);
        QCOMPARE(store.batchByDisplayName(QStringLiteral("batch-011"))->id, expected.id);
        QCOMPARE(store.setting(QStringLiteral("model")), QStringLiteral("models/gemini-2.5-flash"));
        QVERIFY(!store.integrityCheck());
    }

    void secondWriterIsRefusedWithHolderName()
    {
        ProjectStore first;
        QVERIFY(!first.open(m_path));
        ProjectStore second;
        const StoreError error = second.open(m_path);
        QCOMPARE(error.code, StoreError::Code::Locked);
        QVERIFY2(error.detail.contains(QString::number(QCoreApplication::applicationPid())),
            qPrintable(error.detail));
        ProjectStore reader;
        QVERIFY(!reader.open(m_path, ProjectStore::Mode::ReadOnly));
        QVERIFY(!reader.isWritable());
        first.close();
        QVERIFY(!second.open(m_path));
    }

    void refusesNewerSchema()
    {
        {
            ProjectStore store;
            QVERIFY(!store.open(m_path));
        }
        QVERIFY(rawExec(m_path, QStringLiteral("PRAGMA user_version = 99")));
        ProjectStore store;
        const StoreError error = store.open(m_path);
        QCOMPARE(error.code, StoreError::Code::NewerSchema);
        QCOMPARE(error.detail, QStringLiteral("99"));
    }

    void refusesForeignFiles()
    {
        QFile garbage(m_path);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        ProjectStore store;
        QCOMPARE(store.open(m_path).code, StoreError::Code::NotAProject);
        QCOMPARE(garbage.size(), 4096); // untouched

        const QString other = m_path + QStringLiteral(".other");
        QVERIFY(rawExec(other, QStringLiteral("CREATE TABLE t (x)")));
        QCOMPARE(store.open(other).code, StoreError::Code::NotAProject);
    }

    void uniqueDisplayNameAndJobName()
    {
        ProjectStore store;
        QVERIFY(!store.open(m_path));
        BatchRecord a = sampleBatch(1);
        BatchRecord b = sampleBatch(1);
        QVERIFY(!store.insertBatch(a));
        QCOMPARE(store.insertBatch(b).code, StoreError::Code::Constraint);
        BatchRecord c = sampleBatch(2);
        QVERIFY(!store.insertBatch(c));
        a.jobName = c.jobName = QStringLiteral("batches/same");
        QVERIFY(!store.updateBatch(a));
        QCOMPARE(store.updateBatch(c).code, StoreError::Code::Constraint);
    }

    void signalsOnlyAfterCommit()
    {
        ProjectStore store;
        QVERIFY(!store.open(m_path));
        QSignalSpy added(&store, &ProjectStore::batchAdded);
        const StoreError error = store.transaction([&] {
            BatchRecord r = sampleBatch(5);
            if (StoreError e = store.insertBatch(r))
                return e;
            return StoreError { StoreError::Code::Io, QStringLiteral("simulated failure") };
        });
        QCOMPARE(error.code, StoreError::Code::Io);
        QCOMPARE(added.size(), 0);
        QVERIFY(store.batches().isEmpty());

        QVERIFY(!store.transaction([&] {
            BatchRecord r = sampleBatch(6);
            const StoreError e = store.insertBatch(r);
            [&] { QCOMPARE(added.size(), 0); }();
            return e;
        }));
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().first().value<BatchRecord>().displayName, QStringLiteral("batch-006"));
    }

    void existingKeysAcrossStatements()
    {
        ProjectStore store;
        QVERIFY(!store.open(m_path));
        QStringList found;
        // Past one statement's worth (the prepared full-size lookup, twice, then a shorter tail).
        BatchRecord big = sampleBatch(8);
        QVERIFY(!store.insertBatch(big));
        QStringList many;
        for (int i = 0; i < 450; ++i)
            many.append(QStringLiteral("m-%1").arg(i));
        QVERIFY(!store.insertRequestKeys(big.id, many));
        QStringList asked { QStringLiteral("new-0") };
        for (int i = 449; i >= 0; i -= 3)
            asked << QStringLiteral("new-%1").arg(i) << QStringLiteral("m-%1").arg(i);
        QVERIFY(!store.existingKeys(asked, &found));
        QCOMPARE(found.size(), 150);
        QCOMPARE(found.first(), QStringLiteral("m-449"));
        QCOMPARE(found.last(), QStringLiteral("m-2"));
        QVERIFY(!store.existingKeys(asked, &found)); // the prepared statement again
        QCOMPARE(found.size(), 150);
    }

    void ledgerKeepsInputOrderAndOutcomes()
    {
        ProjectStore store;
        QVERIFY(!store.open(m_path));
        BatchRecord r = sampleBatch(7);
        QVERIFY(!store.insertBatch(r));
        QVERIFY(!store.insertRequestKeys(
            r.id, { QStringLiteral("q-3"), QStringLiteral("q-1"), QStringLiteral("q-2") }));
        QCOMPARE(store.insertRequestKeys(r.id, { QStringLiteral("q-1") }).code, StoreError::Code::Constraint);
        QStringList found;
        QVERIFY(!store.existingKeys({ QStringLiteral("q-1"), QStringLiteral("zz") }, &found));
        QCOMPARE(found, QStringList { QStringLiteral("q-1") });

        KeyResult failed { QStringLiteral("q-1"), KeyOutcome::Failed, r.id, 13, QStringLiteral("internal"),
            120, 80 };
        KeyResult ok { QStringLiteral("q-3"), KeyOutcome::Succeeded, r.id, 0, {}, 0, 120 };
        QVERIFY(!store.recordKeyResults({ failed, ok }));
        const QList<KeyResult> results = store.keyResults(r.id);
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[0].key, QStringLiteral("q-3"));
        QCOMPARE(results[0].outcome, KeyOutcome::Succeeded);
        QCOMPARE(results[1].key, QStringLiteral("q-1"));
        QCOMPARE(results[1].errorCode, 13);
        QCOMPARE(results[1].resultOffset, 120);
        QCOMPARE(results[2].outcome, KeyOutcome::Pending);
        const auto counts = store.outcomeCounts();
        QCOMPARE(counts.value(KeyOutcome::Pending), 1);
        QCOMPARE(counts.value(KeyOutcome::Failed), 1);
        QCOMPARE(counts.value(KeyOutcome::Succeeded), 1);
    }

    void eventsAreAppendOnly()
    {
        ProjectStore store;
        QVERIFY(!store.open(m_path));
        QSignalSpy appended(&store, &ProjectStore::eventAppended);
        EventRecord e;
        e.kind = QStringLiteral("quota");
        e.severity = Severity::Warning;
        e.code = QStringLiteral("create.429.capacity");
        e.message = QStringLiteral("You exceeded your current quota");
        e.details = { { QStringLiteral("retryInSeconds"), 30 } };
        QVERIFY(!store.appendEvent(e));
        QVERIFY(e.id > 0);
        QCOMPARE(appended.size(), 1);
        const QList<EventRecord> events = store.events();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().details.value(QStringLiteral("retryInSeconds")).toInt(), 30);
        QCOMPARE(events.first().at.toMSecsSinceEpoch(), e.at.toMSecsSinceEpoch());
        store.close();

        QString error;
        QVERIFY(!rawExec(m_path, QStringLiteral("UPDATE events SET code = 'x'"), &error));
        QVERIFY2(error.contains(QStringLiteral("append-only")), qPrintable(error));
        QVERIFY(!rawExec(m_path, QStringLiteral("DELETE FROM events"), &error));
    }

    // Opening a project reads every batch at once (SQLite's API, two threads for a big project);
    // each record must equal what the one-batch QSqlQuery read returns, in id order.
    void bulkReadMatchesRowReads()
    {
        ProjectStore store;
        QVERIFY(!store.open(m_path));
        const int count = 4500; // enough ids for the read in two halves
        const StoreError written = store.transaction([&]() -> StoreError {
            for (int i = 1; i <= count; ++i) {
                BatchRecord r = sampleBatch(i);
                if (i % 7 == 0)
                    r.batchNumber.reset(); // NULL
                if (i % 3 == 0) {
                    r.state = BatchState::Downloaded;
                    r.jobName = QStringLiteral("batches/j%1").arg(i);
                    r.jobCreatedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + i, Qt::UTC);
                    r.model = QStringLiteral("models/gemini-2.5-flash");
                    r.usage.requests = i;
                    r.usage.longPrompt.cached = 7;
                }
                if (i % 5 == 0) {
                    r.waitReason = WaitReason::DailyQuota;
                    r.lastError = QStringLiteral("Über das Kontingent – 配额 %1").arg(i);
                }
                if (StoreError e = store.insertBatch(r))
                    return e;
            }
            return StoreError::none();
        });
        QVERIFY2(!written, qPrintable(written.detail));
        const QList<BatchRecord> all = store.batches();
        QCOMPARE(all.size(), count);
        for (int i = 0; i < all.size(); ++i) {
            if (i > 0)
                QVERIFY(all[i - 1].id < all[i].id);
            const std::optional<BatchRecord> one = store.batch(all[i].id);
            QVERIFY(one.has_value());
            QCOMPARE(all[i], *one);
            QCOMPARE(all[i].lastError.isNull(), one->lastError.isNull());
        }
        // Inside a transaction the read sees the transaction's own rows.
        const StoreError inside = store.transaction([&]() -> StoreError {
            BatchRecord extra = sampleBatch(count + 1);
            if (StoreError e = store.insertBatch(extra))
                return e;
            return store.batches().size() == count + 1
                ? StoreError::none()
                : StoreError { StoreError::Code::Io, QStringLiteral("unseen") };
        });
        QVERIFY2(!inside, qPrintable(inside.detail));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestProjectStore)
#include "tst_projectstore.moc"
