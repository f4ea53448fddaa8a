#include "filesplitter.h"
#include "importfixtures.h"
#include "jsonlvalidator.h"

#include <QDir>
#include <QTest>

using namespace bb;
using namespace bb::test;

class TestFileSplitter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void partPaths()
    {
        QCOMPARE(FileSplitter::partPath(QStringLiteral("/d/batch_011.jsonl"), 2),
            QStringLiteral("/d/batch_011.part2.jsonl"));
        QCOMPARE(FileSplitter::partPath(QStringLiteral("/d/x.JSONL"), 1, QStringLiteral("/out")),
            QStringLiteral("/out/x.part1.jsonl"));
        QCOMPARE(FileSplitter::partPath(QStringLiteral("/d/data"), 3), QStringLiteral("/d/data.part3.jsonl"));
    }

    void splitRevalidatesAndConcatenates_data()
    {
        QTest::addColumn<bool>("finalNewline");
        QTest::newRow("final newline") << true;
        QTest::newRow("no final newline") << false;
    }

    void splitRevalidatesAndConcatenates()
    {
        QFETCH(bool, finalNewline);
        QTemporaryDir dir;
        QRandomGenerator random(7);
        QByteArray content;
        for (int i = 1; i <= 3000; ++i)
            content += requestLine("s-" + QByteArray::number(i), int(random.bounded(10, 3000))) + '\n';
        if (!finalNewline)
            content.chop(1);
        const QString path = writeFile(dir, QStringLiteral("batch_007.jsonl"), content);
        const qint64 limit = 1'000'000;
        QVERIFY(content.size() > 4 * limit);

        const FileSplitter splitter(limit);
        const SplitPlan plan = splitter.plan(path);
        QVERIFY(plan.error.isEmpty());
        QList<qint64> progress;
        const SplitResult result
            = splitter.split(path, {}, nullptr, [&](qint64 done) { progress.append(done); });
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.parts.size(), plan.partCount());
        QVERIFY(result.parts.size() >= 5);
        QCOMPARE(progress.last(), content.size());

        QByteArray joined;
        qint64 requests = 0;
        qint64 smallest = limit;
        qint64 largest = 0;
        ValidatorOptions options;
        options.maxFileBytes = limit;
        for (int i = 0; i < result.parts.size(); ++i) {
            QCOMPARE(result.parts.at(i), dir.filePath(QStringLiteral("batch_007.part%1.jsonl").arg(i + 1)));
            const ValidationResult r = JsonlValidator(options).validate(result.parts.at(i));
            QVERIFY2(r.ok(), qPrintable(r.messages().join(u'\n')));
            QCOMPARE(r.batchNumber, std::optional<int>(7));
            requests += r.requestCount;
            smallest = std::min(smallest, r.size);
            largest = std::max(largest, r.size);
            const QByteArray bytes = readAll(result.parts.at(i));
            QVERIFY(i + 1 == result.parts.size() || bytes.endsWith('\n'));
            joined += bytes;
        }
        QCOMPARE(joined, content);
        QCOMPARE(requests, 3000);
        QVERIFY(largest <= limit);
        QVERIFY2(smallest > limit / 2, "parts are balanced, not a full part and a crumb");
    }

    void refusals()
    {
        QTemporaryDir dir;
        const QString small = writeFile(dir, QStringLiteral("small.jsonl"), requestLines("a", 3));
        const SplitResult fits = FileSplitter(1'000'000).split(small);
        QVERIFY(fits.error.contains(QStringLiteral("fits in one part")));

        const QByteArray big = requestLine("big", 5000);
        const QString withBig = writeFile(
            dir, QStringLiteral("withbig.jsonl"), requestLines("b", 10) + big + '\n' + requestLines("c", 10));
        const SplitResult tooLong = FileSplitter(2000).split(withBig);
        QCOMPARE(tooLong.error,
            QStringLiteral("line 11 is %1 bytes, more than a part may hold (2000 bytes)")
                .arg(big.size() + 1));
        QVERIFY(tooLong.parts.isEmpty());
        QCOMPARE(QDir(dir.path()).entryList({ QStringLiteral("*.part*") }, QDir::Files), QStringList());

        const SplitResult missing = FileSplitter(10).split(dir.filePath(QStringLiteral("nope.jsonl")));
        QVERIFY(missing.error.startsWith(QStringLiteral("cannot read ")));
    }

    void cancelLeavesNothingBehind()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("c.jsonl"), requestLines("c", 40'000, 100));
        QTemporaryDir out;
        std::atomic_bool cancel = false;
        const SplitResult r = FileSplitter(1'000'000).split(path, out.path(), &cancel, [&](qint64 done) {
            if (done > 3'000'000)
                cancel = true;
        });
        QCOMPARE(r.error, QStringLiteral("cancelled"));
        QVERIFY(r.parts.isEmpty());
        QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestFileSplitter)
#include "tst_filesplitter.moc"
