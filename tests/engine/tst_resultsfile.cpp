#include "resultsfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <array>

using namespace bb;

namespace {

// Kept outside the test class (moc misreads a backslash-quote inside a raw string literal).
std::array<QByteArray, 5> sampleLines()
{
    const QByteArray ok
        = R"({"response":{"candidates":[{"content":{"parts":[{"text":"101."}]}}],"usageMetadata":{"promptTokenCount":8}},"key":"q-001"})";
    const QByteArray failed
        = R"({"error":{"code":13,"message":"An internal error has occurred."},"key":"q-002"})";
    const QByteArray blocked = R"({"key":"q-003","response":{"promptFeedback":{"blockReason":"SAFETY"}}})";
    const QByteArray status = R"({"key":"q-004","status":{"code":3,"message":"bad \"request\""}})";
    const QByteArray escaped = "{\"key\":\"q-\\u00e9\\\"5\",\"response\":{\"candidates\":[{}]}}";
    return { ok, failed, blocked, status, escaped };
}

} // namespace

class TestResultsFile final : public QObject
{
    Q_OBJECT

private:
    QString write(const QByteArray &content)
    {
        const QString path = m_dir.filePath(QStringLiteral("r%1.jsonl").arg(++m_n));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return path;
    }

    QTemporaryDir m_dir;
    int m_n = 0;

private slots:
    void classifiesEveryKindOfLine()
    {
        const auto [ok, failed, blocked, status, escaped] = sampleLines();
        const QByteArray content
            = ok + "\n" + failed + "\r\n" + blocked + "\n\n" + status + "\n" + escaped; // no final newline
        const ResultsScan scan = scanResultsFile(write(content));
        QVERIFY(scan.ioError.isEmpty());
        QVERIFY2(scan.problems.isEmpty(), qPrintable(scan.problems.join(u'\n')));
        QCOMPARE(scan.lines.size(), 5);
        QCOMPARE(scan.lines[0].key, QStringLiteral("q-001"));
        QCOMPARE(scan.lines[0].outcome, KeyOutcome::Succeeded);
        QCOMPARE(scan.lines[0].offset, 0);
        QCOMPARE(scan.lines[0].length, ok.size());
        QCOMPARE(scan.lines[1].outcome, KeyOutcome::Failed);
        QCOMPARE(scan.lines[1].errorCode, 13);
        QCOMPARE(scan.lines[1].errorMessage, QStringLiteral("An internal error has occurred."));
        QCOMPARE(scan.lines[1].offset, ok.size() + 1);
        QCOMPARE(scan.lines[1].length, failed.size()); // without the \r
        QCOMPARE(scan.lines[2].outcome, KeyOutcome::Blocked);
        QCOMPARE(scan.lines[3].errorMessage, QStringLiteral("bad \"request\""));
        QCOMPARE(scan.lines[4].key, QStringLiteral("q-\u00e9\"5"));
        QCOMPARE(scan.lines[4].offset, content.size() - escaped.size());
    }

    void reportsBrokenLinesAndKeepsGoing()
    {
        const QByteArray content
            = "{\"key\":\"a\",\"response\":{\"candidates\":[{}]}}\nnot json\n{\"response\":{}}\n"
              "{\"key\":\"b\"}\n[1]\n{\"key\":\"c\",\"response\":{\"candidates\":[{}]}}\n";
        const ResultsScan scan = scanResultsFile(write(content));
        QCOMPARE(scan.lines.size(), 3);
        QVERIFY(scan.lines[1].key.isEmpty()); // the answer to a request sent without a key
        QCOMPARE(scan.problems.size(), 3);
        QVERIFY(scan.problems[0].startsWith(QStringLiteral("line 2: ")));
        QCOMPARE(scan.problems[1], QStringLiteral("line 4: neither \"response\" nor \"error\""));
        QVERIFY(scan.problems[2].startsWith(QStringLiteral("line 5: ")));
    }

    // Requests sent without a key: their answers carry none either. One such request is matched
    // exactly; several are matched by position, and marked so (the service promises no order).
    void keylessRequestsMatchedByPosition()
    {
        const QByteArray ok = "{\"response\":{\"candidates\":[{}]}}";
        const QByteArray failed = "{\"error\":{\"code\":13,\"message\":\"boom\"}}";
        const ResultsScan one = scanResultsFile(write(ok));
        QStringList problems;
        QList<KeyResult> r = matchResults(
            QList<ExpectedRequest> { { QStringLiteral("batch_011_proper#line1"), true } }, 7, one, &problems);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r[0].outcome, KeyOutcome::Succeeded);
        QCOMPARE(r[0].match, KeyResult::Match::OnlyRequest);
        QVERIFY(r[0].keyless);
        QCOMPARE(r[0].resultBatchId, 7);
        QVERIFY(problems.isEmpty());

        // Mixed: a keyed line anywhere, key-less ones in order; one answer missing.
        const ResultsScan mixed = scanResultsFile(
            write(failed + "\n{\"key\":\"k\",\"response\":{\"candidates\":[{}]}}\n" + ok + "\n"));
        const QList<ExpectedRequest> expected { { QStringLiteral("b#line1"), true },
            { QStringLiteral("k"), false }, { QStringLiteral("b#line3"), true },
            { QStringLiteral("b#line4"), true } };
        r = matchResults(expected, 1, mixed, &problems);
        QCOMPARE(r.size(), 4);
        QCOMPARE(r[0].outcome, KeyOutcome::Failed);
        QCOMPARE(r[0].match, KeyResult::Match::ByPosition);
        QCOMPARE(r[1].outcome, KeyOutcome::Succeeded);
        QCOMPARE(r[1].match, KeyResult::Match::ByKey);
        QCOMPARE(r[2].outcome, KeyOutcome::Succeeded);
        QCOMPARE(r[2].match, KeyResult::Match::ByPosition);
        QCOMPARE(r[3].outcome, KeyOutcome::Missing);
        QVERIFY(problems.isEmpty());

        // A keyed copy was sent: its answers name the implicit keys, whatever their order.
        const ResultsScan copy
            = scanResultsFile(write("{\"key\":\"b#line3\",\"response\":{\"candidates\":[{}]}}\n"
                                    "{\"key\":\"b#line1\",\"error\":{\"code\":4}}\n"));
        r = matchResults(QList<ExpectedRequest> { { QStringLiteral("b#line1"), true },
                             { QStringLiteral("b#line3"), true } },
            1, copy, &problems);
        QCOMPARE(r[0].outcome, KeyOutcome::Failed);
        QCOMPARE(r[0].match, KeyResult::Match::ByKey);
        QCOMPARE(r[1].outcome, KeyOutcome::Succeeded);
        QCOMPARE(r[1].match, KeyResult::Match::ByKey);

        // More key-less answers than key-less requests: reported, not invented.
        problems.clear();
        r = matchResults(QStringList { QStringLiteral("k") }, 1, mixed, &problems);
        QCOMPARE(r[0].outcome, KeyOutcome::Succeeded);
        QCOMPARE(problems,
            QStringList { QStringLiteral("2 result line(s) without a key answer no request without one") });
    }

    void linesSpanningReadBlocks()
    {
        QByteArray content;
        QStringList keys;
        const QByteArray filler(3000, 'x');
        for (int i = 0; i < 3000; ++i) { // ~9 MB: crosses the 4 MiB read blocks
            const QByteArray key = "k" + QByteArray::number(i);
            keys.append(QString::fromLatin1(key));
            content
                += "{\"key\":\"" + key + "\",\"response\":{\"candidates\":[{\"t\":\"" + filler + "\"}]}}\n";
        }
        const QString path = write(content);
        const ResultsScan scan = scanResultsFile(path);
        QVERIFY(scan.problems.isEmpty());
        QCOMPARE(scan.lines.size(), 3000);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (int i : { 0, 1397, 1398, 2999 }) {
            file.seek(scan.lines[i].offset);
            const QByteArray line = file.read(scan.lines[i].length);
            QVERIFY(line.startsWith(QByteArray("{\"key\":\"k" + QByteArray::number(i) + "\"")));
            QVERIFY(line.endsWith("}}"));
        }
    }

    void matchesEveryKeyExactlyOnce()
    {
        const QByteArray content = "{\"key\":\"b\",\"response\":{\"candidates\":[{}]}}\n"
                                   "{\"key\":\"a\",\"error\":{\"code\":13,\"message\":\"x\"}}\n"
                                   "{\"key\":\"b\",\"error\":{\"code\":13}}\n"
                                   "{\"key\":\"zz\",\"response\":{\"candidates\":[{}]}}\n";
        const ResultsScan scan = scanResultsFile(write(content));
        QStringList problems;
        const QList<KeyResult> results = matchResults(
            { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }, 7, scan, &problems);
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[0].key, QStringLiteral("a"));
        QCOMPARE(results[0].outcome, KeyOutcome::Failed);
        QCOMPARE(results[0].resultBatchId, 7);
        QCOMPARE(results[1].outcome, KeyOutcome::Succeeded); // first answer counts
        QCOMPARE(results[2].outcome, KeyOutcome::Missing);
        QCOMPARE(results[2].resultOffset, -1);
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems.contains(QStringLiteral("key \"b\" came back more than once")));
        QVERIFY(problems.contains(QStringLiteral("key \"zz\" was not in the input")));
    }

    void unreadableFile()
    {
        const ResultsScan scan = scanResultsFile(m_dir.filePath(QStringLiteral("does-not-exist.jsonl")));
        QVERIFY(!scan.ioError.isEmpty());
        QVERIFY(scan.lines.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestResultsFile)
#include "tst_resultsfile.moc"
