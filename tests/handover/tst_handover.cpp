#include "handoverreport.h"

#include <QFile>
#include <QTest>

using namespace bb;

namespace {

QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(BB_FIXTURES "/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return file.readAll();
}

const HandoverEntry *entryFor(const Handover &handover, int batch)
{
    for (const HandoverEntry &e : handover.entries) {
        if (e.batchNumber == batch)
            return &e;
    }
    return nullptr;
}

} // namespace

class TestHandover final : public QObject
{
    Q_OBJECT

private slots:
    void bothFormatsSayTheSame_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("format");
        QTest::newRow("markdown") << fixture("submission_report.md") << int(Handover::Format::Markdown);
        QTest::newRow("json") << fixture("progress.json") << int(Handover::Format::Json);
    }

    void bothFormatsSayTheSame()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, format);
        const Handover h = parseHandover(content);
        QCOMPARE(int(h.format), format);
        QCOMPARE(h.entries.size(), 5);

        const HandoverEntry *b11 = entryFor(h, 11);
        QVERIFY(b11);
        QCOMPARE(b11->jobName, QStringLiteral("batches/q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
        QCOMPARE(b11->fileName, QStringLiteral("files/k3v9q0mz7t2a"));
        QCOMPARE(b11->status, QStringLiteral("JOB_STATE_PENDING"));
        QCOMPARE(entryFor(h, 12)->jobName, QStringLiteral("batches/a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8"));
        QCOMPARE(entryFor(h, 12)->fileName, QStringLiteral("files/p1mds9fl15bs"));
        QCOMPARE(entryFor(h, 13)->jobName, QStringLiteral("batches/zz9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4j3i"));
        QCOMPARE(entryFor(h, 13)->status, QStringLiteral("JOB_STATE_SUCCEEDED"));

        const HandoverEntry *b14 = entryFor(h, 14);
        QVERIFY(b14);
        QVERIFY(b14->jobName.isEmpty());
        QCOMPARE(b14->fileName, QStringLiteral("files/a0s9d8f7g6h5"));
        QCOMPARE(b14->uploadedAt, QDateTime(QDate(2026, 3, 2), QTime(9, 30, 12), Qt::UTC));
        QCOMPARE(entryFor(h, 15)->fileName, QStringLiteral("files/z1x2c3v4b5n6"));

        QCOMPARE(h.pendingBatchNumbers, (QList<int> { 16, 17, 18, 19 }));
    }

    void markdownWarnsAboutUnusableRowsWithLineNumbers()
    {
        const Handover h = parseMarkdownReport(fixture("submission_report.md"));
        // The summary table has no batch numbers; the errors table names neither job nor file.
        QStringList reasons;
        for (const HandoverWarning &w : h.warnings)
            reasons.append(QStringLiteral("%1: %2").arg(w.line).arg(w.reason));
        QVERIFY2(
            reasons.contains(QStringLiteral("11: row has no batch number")), qPrintable(reasons.join(u'\n')));
        QVERIFY2(reasons.contains(QStringLiteral("37: row names neither a batch job nor a file")),
            qPrintable(reasons.join(u'\n')));
    }

    void normalisesIdsStrictly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("job");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("batch");
        QTest::newRow("job") << "batches/abc123"
                             << "batches/abc123"
                             << "" << -1;
        QTest::newRow("job url") << "https://generativelanguage.googleapis.com/v1beta/batches/abc-1"
                                 << "batches/abc-1"
                                 << "" << -1;
        QTest::newRow("file url") << "https://generativelanguage.googleapis.com/v1beta/files/k3v9q0mz7t2a"
                                  << ""
                                  << "files/k3v9q0mz7t2a" << -1;
        QTest::newRow("traversal") << "files/../../etc/passwd"
                                   << ""
                                   << "" << -1;
        QTest::newRow("uppercase") << "files/ABC"
                                   << ""
                                   << "" << -1;
        QTest::newRow("batch file") << "batch_011.jsonl"
                                    << ""
                                    << "" << 11;
        QTest::newRow("batch dash") << "batch-7"
                                    << ""
                                    << "" << 7;
        QTest::newRow("number") << "204"
                                << ""
                                << "" << 204;
        QTest::newRow("text") << "n/a"
                              << ""
                              << "" << -1;
    }

    void normalisesIdsStrictly()
    {
        QFETCH(QString, text);
        QFETCH(QString, job);
        QFETCH(QString, file);
        QFETCH(int, batch);
        QCOMPARE(normalizedJobName(text), job);
        QCOMPARE(normalizedFileName(text, false), file);
        QCOMPARE(batchNumberIn(text), batch);
    }

    void survivesGarbage_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe|||\n|--|\n|\xc3", 12);
        QTest::newRow("broken json") << QByteArray("{\"successful_jobs\": [");
        QTest::newRow("json array") << QByteArray("[1,2,3]");
        QTest::newRow("table without header") << QByteArray("| 11 | batches/abc |\n");
        QTest::newRow("ragged table")
            << QByteArray("|Batch|Job|\n|---|---|\n|11|batches/abc|extra|cells|\n|12|\n");
        QTest::newRow("huge range") << QByteArray("## Pending\n- 0-999999\n");
        QTest::newRow("json wrong types")
            << QByteArray("{\"jobs\": [null, true, 3.5, {\"batch\": -4}, {\"batch\": {}}]}");
    }

    void survivesGarbage()
    {
        QFETCH(QByteArray, content);
        const Handover h = parseHandover(content);
        for (const HandoverEntry &e : h.entries) {
            QVERIFY(e.batchNumber >= 0);
            QVERIFY(e.jobName.isEmpty() || e.jobName.startsWith(QStringLiteral("batches/")));
            QVERIFY(e.fileName.isEmpty() || e.fileName.startsWith(QStringLiteral("files/")));
        }
        QVERIFY(h.pendingBatchNumbers.size() <= 100001);
    }

    void brokenJsonSaysWhere()
    {
        const Handover h = parseJsonProgress("{\n  \"jobs\": [\n    {\"batch\": 1,,}\n  ]\n}");
        QVERIFY(h.entries.isEmpty());
        QCOMPARE(h.warnings.size(), 1);
        QCOMPARE(h.warnings.first().line, 3);
        QVERIFY(h.warnings.first().reason.startsWith(QStringLiteral("not JSON")));
    }

    void contradictionsAreReported()
    {
        const QByteArray md
            = "## Jobs\n|Batch|Job|\n|---|---|\n|11|batches/aaa|\n\n## Retry\n|Batch|Job|\n|---|---|\n"
              "|11|batches/bbb|\n";
        const Handover h = parseMarkdownReport(md);
        QCOMPARE(h.entries.size(), 1);
        QCOMPARE(h.entries.first().jobName, QStringLiteral("batches/aaa"));
        QCOMPARE(h.warnings.size(), 1);
        QCOMPARE(h.warnings.first().line, 9);
    }
};

QTEST_GUILESS_MAIN(TestHandover)
#include "tst_handover.moc"
