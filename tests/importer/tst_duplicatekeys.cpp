#include "duplicatekeyindex.h"
#include "importfixtures.h"
#include "importtask.h"
#include "jsonlvalidator.h"
#include "resultsequencer.h"

#include <QTest>

using namespace bb;
using namespace bb::test;

class TestDuplicateKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyListIsExact()
    {
        KeyList keys;
        for (int i = 0; i < 100'000; ++i)
            QCOMPARE(keys.add(std::to_string(i), i + 1), -1);
        QCOMPARE(keys.size(), 100'000);
        QCOMPARE(keys.add("4242", 7), 4242);
        QCOMPARE(keys.line(4242), 4243);
        QCOMPARE(keys.indexOf("99999"), 99'999);
        QCOMPARE(keys.indexOf("100000"), -1);
        QCOMPARE(keys.add("", 1), -1); // the list itself accepts any bytes
        QCOMPARE(keys.key(100'000), std::string_view());
        QVERIFY(keys.memoryBytes() < 100'000 * 64);
        keys.freeze();
        QVERIFY(keys.memoryBytes() < 100'000 * 20); // ~5 bytes of key + 12
        QCOMPARE(keys.indexOf("99999"), 99'999);
        QCOMPARE(keys.indexOf("4242"), 4242);
        QCOMPARE(keys.indexOf("nope"), -1);
        QCOMPARE(displayKey("a\"b\\c\n"), QStringLiteral("\"a\\\"b\\\\c\\u000a\""));
        QCOMPARE(displayKey(std::string(150, 'x')), u'"' + QString(100, u'x') + QStringLiteral("\"…"));
    }

    void indexAcrossFiles()
    {
        auto a = std::make_shared<KeyList>();
        a->add("k1", 1);
        a->add("k2", 2);
        auto b = std::make_shared<KeyList>();
        b->add("k3", 1);
        b->add("k2", 5);
        auto c = std::make_shared<KeyList>();
        c->add("k3", 9);
        c->add("k1", 10);
        c->add("k4", 11);

        DuplicateKeyIndex index;
        QStringList found;
        const auto collect = [&](const KeyList &keys) {
            return [&](qsizetype i, const KeyLocation &earlier) {
                found.append(keys.keyString(i) + u'@' + QString::number(keys.line(i))
                    + QStringLiteral(" also ") + earlier.path + u':' + QString::number(earlier.line));
            };
        };
        index.add(QStringLiteral("a"), a, collect(*a));
        index.add(QStringLiteral("b"), b, collect(*b));
        index.add(QStringLiteral("c"), c, collect(*c));
        QCOMPARE(found,
            (QStringList { QStringLiteral("k2@5 also a:2"), QStringLiteral("k3@9 also b:1"),
                QStringLiteral("k1@10 also a:1") }));
        QCOMPARE(index.keyCount(), 4);
        QCOMPARE(index.find("k4")->path, QStringLiteral("c"));
        QVERIFY(!index.find("k5"));

        // A file whose keys are all known contributes nothing, and lookups still resolve.
        auto d = std::make_shared<KeyList>();
        d->add("k4", 1);
        index.add(QStringLiteral("d"), d);
        auto e = std::make_shared<KeyList>();
        e->add("k5", 3);
        index.add(QStringLiteral("e"), e);
        QCOMPARE(index.find("k4")->path, QStringLiteral("c"));
        QCOMPARE(index.find("k5")->path, QStringLiteral("e"));
        QCOMPARE(index.find("k5")->line, 3);
    }

    void validateFilesReportsCrossFileDuplicates()
    {
        QTemporaryDir dir;
        const QString a = writeFile(dir, QStringLiteral("batch_001.jsonl"), requestLines("x", 3));
        const QString b = writeFile(dir, QStringLiteral("batch_002.jsonl"),
            requestLine("y-1") + '\n' + requestLine("x-0002") + "\n[]\n" + requestLine("y-1") + '\n');
        const QString c = writeFile(
            dir, QStringLiteral("batch_003.jsonl"), requestLine("x-0003") + '\n' + requestLine("y-1") + '\n');
        const QList<ValidationResult> results = validateFiles({ a, b, c });
        QCOMPARE(results.size(), 3);
        QVERIFY(results.at(0).ok());
        QCOMPARE(results.at(1).messages(),
            (QStringList {
                b + QStringLiteral(":2: duplicate key \"x-0002\" (also in ") + a + QStringLiteral(":2)"),
                b + QStringLiteral(":3: not a JSON object (found array)"),
                b + QStringLiteral(":4: duplicate key \"y-1\" (first seen at line 1)") }));
        QCOMPARE(results.at(2).messages(),
            (QStringList {
                c + QStringLiteral(":1: duplicate key \"x-0003\" (also in ") + a + QStringLiteral(":3)"),
                c + QStringLiteral(":2: duplicate key \"y-1\" (also in ") + b + QStringLiteral(":1)") }));
        QCOMPARE(results.at(1).errorCount, 3);
    }

    // Whatever order workers finish in, the earlier file in import order owns the key.
    void sequencerReleasesInOrder()
    {
        QTemporaryDir dir;
        const QString a = writeFile(dir, QStringLiteral("a.jsonl"), requestLines("s", 2));
        const QString b = writeFile(dir, QStringLiteral("b.jsonl"), requestLines("s", 1));
        const QString c = writeFile(dir, QStringLiteral("c.jsonl"), requestLines("t", 1));
        ResultSequencer sequencer(3, kMaxReportedErrors);
        QCOMPARE(sequencer.put(2, JsonlValidator().validate(c)), QList<qsizetype> {});
        QCOMPARE(sequencer.put(1, JsonlValidator().validate(b)), QList<qsizetype> {});
        QVERIFY(sequencer.finalResults().isEmpty());
        QCOMPARE(sequencer.put(0, JsonlValidator().validate(a)), (QList<qsizetype> { 0, 1, 2 }));
        QVERIFY(sequencer.isComplete());
        QVERIFY(sequencer.result(0).ok());
        QCOMPARE(sequencer.result(1).messages(),
            QStringList {
                b + QStringLiteral(":1: duplicate key \"s-0001\" (also in ") + a + QStringLiteral(":1)") });
        QVERIFY(sequencer.result(2).ok());
    }

    void crossFileErrorsRespectTheCap()
    {
        QTemporaryDir dir;
        const QString a = writeFile(dir, QStringLiteral("a.jsonl"), requestLines("z", 50));
        QByteArray second;
        for (int i = 1; i <= 50; ++i)
            second += (i == 3 ? QByteArray("[]")
                              : requestLine("z-" + QByteArray::number(i).rightJustified(4, '0')))
                + '\n';
        const QString b = writeFile(dir, QStringLiteral("b.jsonl"), second);
        ImportOptions options;
        options.validator.maxReportedErrors = 4;
        const QList<ValidationResult> results = validateFiles({ a, b }, options);
        const ValidationResult &r = results.at(1);
        QCOMPARE(r.errorCount, 50);
        QCOMPARE(r.errors.size(), 4);
        QCOMPARE(r.errors.at(0).line, 1);
        QCOMPARE(r.errors.at(2).reason, QStringLiteral("not a JSON object (found array)"));
        QCOMPARE(r.errors.at(3).line, 4);
    }
};

QTEST_GUILESS_MAIN(TestDuplicateKeys)
#include "tst_duplicatekeys.moc"
