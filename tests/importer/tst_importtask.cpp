#include "folderscanner.h"
#include "importfixtures.h"
#include "importtask.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <numeric>

using namespace bb;
using namespace bb::test;

namespace {

QStringList pathsOf(const FolderScan &scan)
{
    QStringList paths;
    for (const ScannedFile &f : scan.files)
        paths.append(f.path);
    return paths;
}

} // namespace

class TestImportTask final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resultsArriveInOrderOnTheCallersThread()
    {
        QTemporaryDir dir;
        for (int n = 11; n <= 40; ++n)
            writeFile(dir, QStringLiteral("batch_%1.jsonl").arg(n, 3, 10, QLatin1Char('0')),
                requestLines("batch-" + QByteArray::number(n), 100, 500));
        writeFile(dir, QStringLiteral("batch_041.jsonl"), requestLines("batch-11", 1) + "oops\n");
        const FolderScan scan = FolderScanner::scan({ dir.path() });
        QCOMPARE(scan.files.size(), 31);

        ImportTask task;
        task.setOptions({ .validator = {}, .parallelFiles = 3 });
        QList<qsizetype> order;
        bool onMyThread = true;
        connect(&task, &ImportTask::fileValidated, this, [&](qsizetype index, const ValidationResult &) {
            order.append(index);
            onMyThread = onMyThread && QThread::currentThread() == thread();
        });
        QSignalSpy progress(&task, &ImportTask::progress);
        QSignalSpy finished(&task, &ImportTask::finished);
        QVERIFY(task.start(pathsOf(scan)));
        QVERIFY(task.isRunning());
        QVERIFY(!task.start(pathsOf(scan)));
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(onMyThread);
        QList<qsizetype> expected(31);
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(order, expected);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), scan.totalBytes());
        QCOMPARE(progress.last().at(1).toLongLong(), scan.totalBytes());

        const QList<ValidationResult> results = task.results();
        QCOMPARE(results.size(), 31);
        for (int i = 0; i < 30; ++i)
            QVERIFY(results.at(i).ok());
        const QString last = scan.files.last().path;
        QCOMPARE(results.last().messages(),
            (QStringList { last + QStringLiteral(":1: duplicate key \"batch-11-0001\" (also in ")
                    + scan.files.first().path + QStringLiteral(":1)"),
                last
                    + QStringLiteral(":2: not JSON: The JSON document has an improper structure: missing or "
                                     "superfluous commas, braces, missing keys, etc.") }));

        // The blocking variant gives the same results.
        const QList<ValidationResult> again = validateFiles(pathsOf(scan));
        QCOMPARE(again.size(), results.size());
        for (int i = 0; i < again.size(); ++i) {
            QCOMPARE(again.at(i).sha256, results.at(i).sha256);
            QCOMPARE(again.at(i).messages(), results.at(i).messages());
        }
    }

    // The desktop app's options: each result is handed over once, in order, and not kept; keys
    // shared with an earlier file are left to the caller (its writer asks the project's ledger).
    void streamingOptionsKeepNothing()
    {
        QTemporaryDir dir;
        for (int n = 1; n <= 12; ++n)
            writeFile(dir, QStringLiteral("batch_%1.jsonl").arg(n, 3, 10, QLatin1Char('0')),
                requestLines("s" + QByteArray::number(n), 200, 300));
        writeFile(dir, QStringLiteral("batch_013.jsonl"), requestLines("s1", 2));
        const FolderScan scan = FolderScanner::scan({ dir.path() });
        QCOMPARE(scan.files.size(), 13);

        ImportTask task;
        task.setOptions({ .validator = {},
            .parallelFiles = 3,
            .crossFileDuplicates = false,
            .keepResults = false,
            .lowPriority = true,
            .maxAhead = 2 });
        QList<qsizetype> order;
        QList<ValidationResult> seen;
        connect(&task, &ImportTask::fileValidated, this, [&](qsizetype index, const ValidationResult &r) {
            order.append(index);
            seen.append(r);
            task.setConsumed(index + 1);
        });
        QSignalSpy finished(&task, &ImportTask::finished);
        QVERIFY(task.start(pathsOf(scan)));
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().first().toBool(), false);
        QList<qsizetype> expected(13);
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(order, expected);
        QVERIFY(task.results().isEmpty());
        for (int i = 0; i < seen.size(); ++i) {
            QCOMPARE(seen.at(i).path, scan.files.at(i).path);
            QVERIFY2(seen.at(i).ok(), qPrintable(seen.at(i).messages().join(u'\n')));
            QVERIFY(seen.at(i).keys);
            // Handed over, not kept by the task: the receiver ends up the only holder (QTRY: a
            // worker may still be unwinding from posting the last result).
            QTRY_COMPARE_WITH_TIMEOUT(seen.at(i).keys.use_count(), 1, 30'000);
        }
        QCOMPARE(seen.last().keys->keyString(0), QStringLiteral("s1-0001"));

        // A consumer that takes nothing holds the validators at maxAhead files; cancel releases them.
        ImportTask held;
        held.setOptions({ .validator = {}, .parallelFiles = 2, .maxAhead = 3 });
        QSignalSpy heldFiles(&held, &ImportTask::fileValidated);
        QSignalSpy heldDone(&held, &ImportTask::finished);
        QVERIFY(held.start(pathsOf(scan)));
        QTRY_COMPARE_WITH_TIMEOUT(heldFiles.size(), 3, 30'000);
        QTest::qWait(300);
        QCOMPARE(heldFiles.size(), 3);
        held.cancel();
        QVERIFY(heldDone.wait(30'000));
        QCOMPARE(heldDone.first().first().toBool(), true);
        QCOMPARE(heldFiles.size(), 13);

        // The default options still find the key the last file shares with the first.
        ImportTask checking;
        QSignalSpy checked(&checking, &ImportTask::finished);
        QVERIFY(checking.start(pathsOf(scan)));
        QVERIFY(checked.wait(30'000));
        QVERIFY(!checking.results().last().ok());
        QVERIFY(checking.results().last().messages().first().contains(QStringLiteral("duplicate key")));
    }

    void emptyListFinishes()
    {
        ImportTask task;
        QSignalSpy finished(&task, &ImportTask::finished);
        QVERIFY(task.start({}));
        QVERIFY(finished.wait(30'000));
        QVERIFY(task.results().isEmpty());
        QVERIFY(!task.isRunning());
    }

    void cancelStopsEarly()
    {
        QTemporaryDir dir;
        QStringList paths;
        for (int n = 1; n <= 6; ++n)
            paths.append(writeFile(dir, QStringLiteral("batch_%1.jsonl").arg(n),
                requestLines("c" + QByteArray::number(n), 20'000, 400)));
        ImportTask task;
        task.setOptions({ .validator = { .blockBytes = 256 * 1024 }, .parallelFiles = 1 });
        QSignalSpy finished(&task, &ImportTask::finished);
        QSignalSpy validated(&task, &ImportTask::fileValidated);
        QVERIFY(task.start(paths));
        task.cancel(); // the worker stops at its next block; later files are not even opened
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(validated.size(), 6);
        const QList<ValidationResult> results = task.results();
        QCOMPARE(results.size(), 6);
        QVERIFY(results.last().cancelled);
        QVERIFY(!results.last().ok());
        QCOMPARE(results.last().path, paths.last());
        // How far the first file got before the cancel depends on the machine's pace. What holds:
        // one file at a time, so once a file saw the cancel every later one did too.
        bool seenCancelled = false;
        for (const ValidationResult &r : results) {
            QVERIFY2(!seenCancelled || r.cancelled, qPrintable(r.path));
            seenCancelled = seenCancelled || r.cancelled;
            QVERIFY(!r.cancelled || r.sha256.isEmpty());
        }

        // Cancelling from a progress report (the GUI's Cancel button) ends the run just as cleanly.
        QSignalSpy finishedAgain(&task, &ImportTask::finished);
        connect(&task, &ImportTask::progress, &task, &ImportTask::cancel);
        QVERIFY(task.start(paths));
        QVERIFY(finishedAgain.wait(30'000));
        QCOMPARE(task.results().size(), 6);
        QVERIFY(!task.isRunning());
    }

    void destroyWhileRunning()
    {
        QTemporaryDir dir;
        QStringList paths;
        for (int n = 1; n <= 4; ++n)
            paths.append(
                writeFile(dir, QStringLiteral("batch_%1.jsonl").arg(n), requestLines("d", 20'000, 400)));
        auto task = std::make_unique<ImportTask>();
        QVERIFY(task->start(paths));
        QTest::qWait(5);
        task.reset(); // must cancel, wait for the current blocks, and drop queued results safely
        QTest::qWait(50);
    }
};

QTEST_GUILESS_MAIN(TestImportTask)
#include "tst_importtask.moc"
