#include "batchnaming.h"
#include "folderscanner.h"
#include "importfixtures.h"
#include "naturalorder.h"

#include <QDir>
#include <QTest>

#include <algorithm>

using namespace bb;
using namespace bb::test;

class TestFolderScanner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchNumber_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("number"); // -1 = none
        QTest::newRow("underscore") << QStringLiteral("batch_011.jsonl") << 11;
        QTest::newRow("dash") << QStringLiteral("batch-11.jsonl") << 11;
        QTest::newRow("part") << QStringLiteral("part011.jsonl") << 11;
        QTest::newRow("bare") << QStringLiteral("011.jsonl") << 11;
        QTest::newRow("upper") << QStringLiteral("BATCH_204.JSONL") << 204;
        QTest::newRow("word glued") << QStringLiteral("batch7.jsonl") << 7;
        QTest::newRow("dated") << QStringLiteral("2024-05-01_batch_012.jsonl") << 12;
        QTest::newRow("split part") << QStringLiteral("batch_011.part2.jsonl") << 11;
        QTest::newRow("zero") << QStringLiteral("batch_000.jsonl") << 0;
        QTest::newRow("none") << QStringLiteral("questions.jsonl") << -1;
        QTest::newRow("version") << QStringLiteral("data_v2.jsonl") << 2;
        QTest::newRow("glued year") << QStringLiteral("run2024.jsonl") << 2024;
        // The first user's three schemes and others: the one digit run, or the last one.
        QTest::newRow("proper") << QStringLiteral("batch_011_proper.jsonl") << 11;
        QTest::newRow("refinement") << QStringLiteral("refinement_batch_011.jsonl") << 11;
        QTest::newRow("qa part") << QStringLiteral("qa-part-11.jsonl") << 11;
        QTest::newRow("crypto display name") << QStringLiteral("batch-170-crypto-qa") << 170;
        QTest::newRow("display name with extension") << QStringLiteral("batch_072_proper.jsonl") << 72;
        QTest::newRow("last of several") << QStringLiteral("2026_run3_batch_007_v2.jsonl") << 2;
        QTest::newRow("proper split part") << QStringLiteral("batch_011_proper.part3.jsonl") << 11;
        QTest::newRow("too long") << QStringLiteral("batch_12345678901.jsonl") << -1;
        QTest::newRow("leading zeros long") << QStringLiteral("batch_0000000000042.jsonl") << 42;
    }

    void batchNumber()
    {
        QFETCH(QString, name);
        QFETCH(int, number);
        const std::optional<int> got = batchNumberInName(name);
        QCOMPARE(got.value_or(-1), number);
        QCOMPARE(got.has_value(), number >= 0);
    }

    void partNumber()
    {
        QCOMPARE(partNumberFromFileName(u"batch_011.part2.jsonl"), 2);
        QCOMPARE(partNumberFromFileName(u"batch_011.PART12.jsonl"), 12);
        QCOMPARE(partNumberFromFileName(u"batch_011.jsonl"), 0);
        QCOMPARE(partNumberFromFileName(u"part3.jsonl"), 0);
    }

    void naturalOrder()
    {
        QVERIFY(naturalLess(u"batch_2.jsonl", u"batch_10.jsonl"));
        QVERIFY(!naturalLess(u"batch_10.jsonl", u"batch_2.jsonl"));
        QVERIFY(naturalLess(u"batch_011.jsonl", u"batch_12.jsonl"));
        QVERIFY(naturalLess(u"Batch_1.jsonl", u"batch_2.jsonl"));
        QVERIFY(naturalLess(u"a99999999999999999999999.jsonl", u"a100000000000000000000000.jsonl"));
        QVERIFY(naturalLess(u"batch.jsonl", u"batch_1.jsonl"));
        // Ties on value are broken deterministically, and the order is a strict weak order.
        QVERIFY(naturalCompare(u"batch_011", u"batch_11") != 0);
        QCOMPARE(naturalCompare(u"batch_011", u"batch_11"), -naturalCompare(u"batch_11", u"batch_011"));
        QCOMPARE(naturalCompare(u"x", u"x"), 0);

        QStringList names;
        for (int n = 204; n >= 11; --n)
            names.append(QStringLiteral("batch_%1.jsonl").arg(n));
        names.append(QStringLiteral("batch_2.jsonl"));
        std::sort(
            names.begin(), names.end(), [](const QString &a, const QString &b) { return naturalLess(a, b); });
        QCOMPARE(names.first(), QStringLiteral("batch_2.jsonl"));
        QCOMPARE(names.at(1), QStringLiteral("batch_11.jsonl"));
        QCOMPARE(names.last(), QStringLiteral("batch_204.jsonl"));
    }

    void scanFolderInNaturalOrder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // 194 files batch_011 … batch_204 written in a scrambled order, plus batch_2 and batch_10.
        QList<int> numbers;
        for (int n = 11; n <= 204; ++n)
            numbers.append(n);
        std::reverse(numbers.begin(), numbers.begin() + 97);
        for (const int n : std::as_const(numbers))
            QVERIFY(!writeFile(dir, QStringLiteral("batch_%1.jsonl").arg(n, 3, 10, QLatin1Char('0')), "{}\n")
                         .isEmpty());
        QVERIFY(!writeFile(dir, QStringLiteral("batch_2.jsonl"), "{}\n").isEmpty());
        QVERIFY(!writeFile(dir, QStringLiteral("batch_10.jsonl"), "{}\n").isEmpty());

        const FolderScan scan = FolderScanner::scan({ dir.path() });
        QCOMPARE(scan.files.size(), 196);
        QCOMPARE(scan.files.at(0).batchNumber, std::optional<int>(2));
        QCOMPARE(scan.files.at(1).batchNumber, std::optional<int>(10));
        for (int i = 2; i < scan.files.size(); ++i) {
            QCOMPARE(scan.files.at(i).batchNumber, std::optional<int>(i + 9));
            QCOMPARE(scan.files.at(i).path,
                dir.path() + QStringLiteral("/batch_%1.jsonl").arg(i + 9, 3, 10, QLatin1Char('0')));
        }
        QCOMPARE(scan.files.at(0).size, 3);
        QVERIFY(scan.files.at(0).lastModified.isValid());
        QCOMPARE(scan.totalBytes(), 196 * 3);
        QVERIFY(scan.ignored.isEmpty());
    }

    void relativeFolderArgument()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("work/in/sub")));
        QVERIFY(!writeFile(dir, QStringLiteral("work/in/batch_001.jsonl"), "{}\n").isEmpty());
        QVERIFY(!writeFile(dir, QStringLiteral("work/in/sub/batch_002.jsonl"), "{}\n").isEmpty());
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        const FolderScan scan = FolderScanner::scan({ QStringLiteral("work/in") }, { true });
        QVERIFY(QDir::setCurrent(previous));
        QCOMPARE(scan.files.size(), 2);
        QCOMPARE(scan.files.at(0).path, QStringLiteral("work/in/batch_001.jsonl"));
        QCOMPARE(scan.files.at(1).path, QStringLiteral("work/in/sub/batch_002.jsonl"));
    }

    void ignoredAndRecursive()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("sub/deeper")));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral(".git")));
        writeFile(dir, QStringLiteral("batch_1.jsonl"), "{}\n");
        writeFile(dir, QStringLiteral("README.md"), "hi\n");
        writeFile(dir, QStringLiteral("notes.json"), "{}\n");
        writeFile(dir, QStringLiteral("._batch_1.jsonl"), "junk");
        writeFile(dir, QStringLiteral("sub/batch_3.jsonl"), "{}\n");
        writeFile(dir, QStringLiteral("sub/deeper/batch_2.jsonl"), "{}\n");
        writeFile(dir, QStringLiteral(".git/batch_9.jsonl"), "{}\n");

        const FolderScan flat = FolderScanner::scan({ dir.path() });
        QCOMPARE(flat.files.size(), 1);
        QCOMPARE(flat.files.at(0).path, dir.filePath(QStringLiteral("batch_1.jsonl")));
        QStringList ignored;
        for (const IgnoredPath &i : flat.ignored)
            ignored.append(QDir(dir.path()).relativeFilePath(i.path) + QStringLiteral(": ") + i.reason);
        ignored.sort();
        QCOMPARE(ignored,
            (QStringList { QStringLiteral("._batch_1.jsonl: hidden file"),
                QStringLiteral("README.md: not a .jsonl file"),
                QStringLiteral("notes.json: not a .jsonl file"),
                QStringLiteral("sub: folder (not scanned without recursive)") }));

        const FolderScan deep = FolderScanner::scan({ dir.path() }, { .recursive = true });
        QStringList found;
        for (const ScannedFile &f : deep.files)
            found.append(QDir(dir.path()).relativeFilePath(f.path));
        QCOMPARE(found,
            (QStringList { QStringLiteral("batch_1.jsonl"), QStringLiteral("sub/batch_3.jsonl"),
                QStringLiteral("sub/deeper/batch_2.jsonl") }));
    }

    void explicitFilesAndMissing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString a = writeFile(dir, QStringLiteral("batch_10.jsonl"), "{}\n");
        const QString b = writeFile(dir, QStringLiteral("batch_9.jsonl"), "{}\n");
        const QString readme = writeFile(dir, QStringLiteral("README.md"), "x");
        const QString missing = dir.filePath(QStringLiteral("nope.jsonl"));

        // Explicit files keep the order given; a file named twice (also via its folder) is listed once.
        const FolderScan scan = FolderScanner::scan({ a, b, readme, missing, a, dir.path() });
        QCOMPARE(scan.files.size(), 2);
        QCOMPARE(scan.files.at(0).path, a);
        QCOMPARE(scan.files.at(1).path, b);
        QCOMPARE(scan.ignored.size(), 3); // README.md twice (argument, folder) and the missing file
        QCOMPARE(scan.ignored.at(0).path, readme);
        QCOMPARE(scan.ignored.at(0).reason, QStringLiteral("not a .jsonl file"));
        QCOMPARE(scan.ignored.at(1).path, missing);
        QCOMPARE(scan.ignored.at(1).reason, QStringLiteral("no such file or folder"));
    }
};

QTEST_GUILESS_MAIN(TestFolderScanner)
#include "tst_folderscanner.moc"
