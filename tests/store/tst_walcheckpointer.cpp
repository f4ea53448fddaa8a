// The project's WAL is checkpointed by a worker thread while the store stays open: the writing
// connection has auto-checkpoint off, yet the committed rows reach the database file itself
// (a copy of the file without its -wal sees them).
#include "projectstore.h"
#include "storetesthelpers.h"
#include "walcheckpointer.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;
using bb::test::sampleBatch;

namespace {

// Batches in a copy of the database file alone (no -wal beside it): what was checkpointed.
int batchesInMainFile(const QString &path, const QString &copyPath)
{
    QFile::remove(copyPath);
    if (!QFile::copy(path, copyPath))
        return -1;
    int count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("copy"));
        db.setDatabaseName(copyPath);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM batches")) && q.next())
                count = q.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("copy"));
    return count;
}

} // namespace

class TestWalCheckpointer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void committedRowsReachTheFileWhileOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.batchboard"));
        ProjectStore store;
        QVERIFY(!store.open(path));
        QCOMPARE(store.findChildren<WalCheckpointer *>().size(), 1);
        // Not even the schema is in the file yet: it is still in the log.
        QVERIFY(batchesInMainFile(path, dir.filePath(QStringLiteral("copy0"))) <= 0);

        // Enough pages that SQLite's default auto-checkpoint (1000 pages) would have run inside a commit.
        for (int chunk = 0; chunk < 20; ++chunk) {
            QVERIFY(!store.transaction([&] {
                for (int i = 0; i < 250; ++i) {
                    BatchRecord record = sampleBatch(chunk * 250 + i + 1);
                    record.localPath += QString(400, QLatin1Char('x'));
                    if (const StoreError error = store.insertBatch(record))
                        return error;
                }
                return StoreError::none();
            }));
        }
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 0);
        // The worker checkpoints within about a second; give it what only a hang exceeds.
        QTRY_COMPARE_WITH_TIMEOUT(
            batchesInMainFile(path, dir.filePath(QStringLiteral("copy1"))), 5000, 60'000);
        QVERIFY(store.isOpen());
        store.close();
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
    }

    void stopsPromptlyAndTwice()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.batchboard"));
        {
            ProjectStore store;
            QVERIFY(!store.open(path));
        }
        WalCheckpointer checkpointer(path, 10);
        QSignalSpy failures(&checkpointer, &WalCheckpointer::failed);
        QTest::qWait(100);
        checkpointer.stop();
        checkpointer.stop();
        QCOMPARE(failures.count(), 0);
    }

    void readOnlyProjectsHaveNoWorker()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.batchboard"));
        {
            ProjectStore writer;
            QVERIFY(!writer.open(path));
        }
        ProjectStore reader;
        QVERIFY(!reader.open(path, ProjectStore::Mode::ReadOnly));
        QVERIFY(reader.findChildren<WalCheckpointer *>().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "tst_walcheckpointer.moc"
