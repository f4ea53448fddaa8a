#include "exporter.h"
#include "projectstore.h"
#include "resubmission.h"
#include "resultsfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    return path;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray ok(const char *key)
{
    return QByteArray(R"({"response":{"candidates":[{"n":1}]},"key":")") + key + "\"}";
}
QByteArray failed(const char *key)
{
    return QByteArray(R"({"error":{"code":13,"message":"internal"},"key":")") + key + "\"}";
}

} // namespace

class TestExporter final : public QObject
{
    Q_OBJECT

private slots:
    void mergesResubmissionsBackInInputOrder()
    {
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));

        // Two input batches given out of order; batch 12 has three keys, batch 11 two.
        const QString input12 = writeFile(dir, QStringLiteral("batch_012.jsonl"),
            "{\"key\":\"c\",\"request\":{}}\n\n{\"key\":\"d\",\"request\":{}}\n"
            "{\"key\":\"e\",\"request\":{}}\n");
        BatchRecord b12;
        b12.batchNumber = 12;
        b12.displayName = QStringLiteral("batch-012");
        b12.localPath = input12;
        b12.state = BatchState::Downloaded;
        b12.resultsPath = writeFile(dir, QStringLiteral("r12.jsonl"), ok("e") + "\n" + failed("c") + "\n");
        QVERIFY(!store.insertBatch(b12));
        BatchRecord b11;
        b11.batchNumber = 11;
        b11.displayName = QStringLiteral("batch-011");
        b11.state = BatchState::JobRunning;
        QVERIFY(!store.insertBatch(b11));
        QVERIFY(!store.insertRequestKeys(
            b12.id, { QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e") }));
        QVERIFY(!store.insertRequestKeys(b11.id, { QStringLiteral("a"), QStringLiteral("b") }));

        const QStringList keys12 { QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e") };
        QVERIFY(
            !store.recordKeyResults(matchResults(keys12, b12.id, scanResultsFile(b12.resultsPath), nullptr)));

        // Resubmit what failed or went missing in batch 12: c and d, lines 1 and 2.
        const QString retryInput = dir.filePath(QStringLiteral("batch-012-r1.jsonl"));
        QCOMPARE(writeRequestSubset(input12, { 1, 2 }, retryInput), QString());
        QCOMPARE(readFile(retryInput),
            QByteArray("{\"key\":\"c\",\"request\":{}}\n{\"key\":\"d\",\"request\":{}}\n"));
        BatchRecord retry;
        retry.displayName = resubmissionName(b12.displayName, store.batches());
        QCOMPARE(retry.displayName, QStringLiteral("batch-012-r1"));
        retry.parentId = b12.id;
        retry.state = BatchState::Downloaded;
        retry.resultsPath = writeFile(dir, QStringLiteral("r12r1.jsonl"), ok("c") + "\n");
        QVERIFY(!store.insertBatch(retry));
        QCOMPARE(resubmissionName(b12.displayName, store.batches()), QStringLiteral("batch-012-r2"));
        QList<KeyResult> better
            = matchResults({ QStringLiteral("c") }, retry.id, scanResultsFile(retry.resultsPath), nullptr);
        QVERIFY(!store.recordKeyResults(better));

        const QString out = dir.filePath(QStringLiteral("export.jsonl"));
        const ExportSummary summary = exportResults(store, out);
        QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
        QCOMPARE(summary.lines, 5);
        QCOMPARE(summary.succeeded, 2);
        QCOMPARE(summary.missing, 3); // a, b not finished; d never came back
        const QList<QByteArray> lines = readFile(out).split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(lines[0].contains("\"key\":\"a\"") && lines[0].contains("UNAVAILABLE"));
        QVERIFY(lines[1].contains("\"key\":\"b\""));
        QCOMPARE(lines[2], ok("c")); // from the resubmission, verbatim
        QVERIFY(lines[3].contains("\"key\":\"d\"") && lines[3].contains("NOT_FOUND"));
        QCOMPARE(lines[4], ok("e"));
        QCOMPARE(lines[5], QByteArray());
    }

    void failedExportLeavesTheDestinationAlone()
    {
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));
        BatchRecord b;
        b.batchNumber = 1;
        b.displayName = QStringLiteral("batch-001");
        b.state = BatchState::Downloaded;
        b.resultsPath = dir.filePath(QStringLiteral("gone.jsonl"));
        QVERIFY(!store.insertBatch(b));
        QVERIFY(!store.insertRequestKeys(b.id, { QStringLiteral("k") }));
        QVERIFY(!store.recordKeyResults(
            { KeyResult { QStringLiteral("k"), KeyOutcome::Succeeded, b.id, 0, {}, 0, 10 } }));
        const QString out = writeFile(dir, QStringLiteral("export.jsonl"), "previous export\n");
        const ExportSummary summary = exportResults(store, out);
        QVERIFY(summary.error.contains(QStringLiteral("gone.jsonl")));
        QCOMPARE(readFile(out), QByteArray("previous export\n"));
    }
};

QTEST_GUILESS_MAIN(TestExporter)
#include "tst_exporter.moc"
