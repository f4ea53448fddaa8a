#include "importfixtures.h"
#include "jsonlvalidator.h"

#include <QCryptographicHash>
#include <QTest>

#include <simdjson.h>

using namespace bb;
using namespace bb::test;

namespace {

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QStringList prefixed(const QString &path, const QStringList &messages)
{
    QStringList out;
    for (const QString &m : messages)
        out.append(path + m);
    return out;
}

const QString kStructure
    = QStringLiteral("not JSON: The JSON document has an improper structure: missing or superfluous "
                     "commas, braces, missing keys, etc.");

// One line of each bad class, with the exact message expected for it (after "path").
struct BadFile
{
    QByteArray content;
    QStringList expected;
    qint64 requests = 0;
    qint64 lines = 0;
};

BadFile badFile()
{
    BadFile f;
    const QList<QPair<QByteArray, QString>> lines = {
        { requestLine("k1"), {} },
        { "hello", QStringLiteral(":2: ") + kStructure },
        { "[1,2]", QStringLiteral(":3: not a JSON object (found array)") },
        { "{\"request\":{}}", {} }, // no key: the service accepts it, and so do we
        { "{\"key\":5,\"request\":{}}", QStringLiteral(":5: \"key\" is not a string (found number)") },
        { "{\"key\":\"\",\"request\":{}}", QStringLiteral(":6: empty \"key\"") },
        { "{\"key\":\"k7\"}", QStringLiteral(":7: missing \"request\"") },
        { "{\"key\":\"k8\",\"request\":\"hi\"}",
            QStringLiteral(":8: \"request\" is not an object (found string)") },
        { requestLine("k1"), QStringLiteral(":9: duplicate key \"k1\" (first seen at line 1)") },
        { "{\"key\":\"k10\",\"request\":{\"contents\":[]}}", {} },
        { "", QStringLiteral(":11: blank line") },
        { requestLine("k12"), {} },
        { "{\"key\":\"k\xff\",\"request\":{}}", QStringLiteral(":13: invalid UTF-8") },
        { "{\"key\":\"abc", QStringLiteral(":14: not JSON: A string is opened, but never closed.") },
        { "{\"key\":null,\"request\":{}}", QStringLiteral(":15: \"key\" is not a string (found null)") },
        { "", QStringLiteral(":16: 2 blank lines (16-17)") },
        { "  \t", {} },
        { "{\"key\":\"k18\",\"request\":{}} {}", QStringLiteral(":18: ") + kStructure },
        { "\"just a string\"", QStringLiteral(":19: not a JSON object (found string)") },
        { "{\"key\":\"k\\\"q\",\"request\":{}}", {} },
        { "{\"key\":\"k\\\"q\",\"request\":{}}",
            QStringLiteral(":21: duplicate key \"k\\\"q\" (first seen at line 20)") },
        { requestLine("k22"), {} },
        { "", {} }, // trailing blank lines are tolerated
        { " ", {} },
    };
    for (const auto &[line, message] : lines) {
        f.content += line + '\n';
        if (!message.isEmpty())
            f.expected.append(message);
    }
    f.requests = 6; // k1, line 4 (no key), k10, k12, k"q, k22
    f.lines = lines.size();
    return f;
}

} // namespace

class TestJsonlValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodFile()
    {
        QTemporaryDir dir;
        const QByteArray content = requestLines("batch-011", 100, 40);
        const QString path = writeFile(dir, QStringLiteral("batch_011.jsonl"), content);
        const ValidationResult r = JsonlValidator().validate(path);
        QVERIFY2(r.ok(), qPrintable(r.messages().join(u'\n')));
        QCOMPARE(r.path, path);
        QCOMPARE(r.size, content.size());
        QCOMPARE(r.requestCount, 100);
        QCOMPARE(r.lineCount, 100);
        QCOMPARE(r.textBytes, 100 * 40);
        QCOMPARE(r.tokenEstimate, 1000);
        QCOMPARE(r.batchNumber, std::optional<int>(11));
        QCOMPARE(r.sha256, sha256Of(content));
        QVERIFY(r.lastModified.isValid());
        QCOMPARE(r.errorCount, 0);
        QVERIFY(r.keys);
        QCOMPARE(r.keys->size(), 100);
        QCOMPARE(r.keys->keyString(0), QStringLiteral("batch-011-0001"));
        QCOMPARE(r.keys->line(99), 100);
        QCOMPARE(r.keys->toStringList().last(), QStringLiteral("batch-011-0100"));
        QCOMPARE(r.keys->indexOf("batch-011-0050"), 49);
        QCOMPARE(r.keys->indexOf("batch-011-0101"), -1);
    }

    void badLinesExactMessages()
    {
        QTemporaryDir dir;
        const BadFile f = badFile();
        const QString path = writeFile(dir, QStringLiteral("bad.jsonl"), f.content);
        const ValidationResult r = JsonlValidator().validate(path);
        QCOMPARE(r.messages(), prefixed(path, f.expected));
        QCOMPARE(r.errorCount, f.expected.size());
        QCOMPARE(r.requestCount, f.requests);
        QCOMPARE(r.lineCount, f.lines);
        QVERIFY(!r.ok());
        QCOMPARE(r.sha256, sha256Of(f.content)); // hashed even when invalid
        QCOMPARE(r.keys->toStringList(),
            (QStringList { QStringLiteral("k1"), QString(), QStringLiteral("k10"), QStringLiteral("k12"),
                QStringLiteral("k\"q"), QStringLiteral("k22") }));
        QVERIFY(r.keys->isImplicit(1));
        QCOMPARE(r.keys->line(1), 4);
        QCOMPARE(r.keylessCount(), 1);
        QVERIFY(!r.batchNumber.has_value());
    }

    // simdjson may word errors differently per kernel; the messages must not depend on the CPU.
    void messagesIndependentOfSimdjsonKernel()
    {
        QTemporaryDir dir;
        const BadFile f = badFile();
        const QString path = writeFile(dir, QStringLiteral("bad.jsonl"), f.content);
        const simdjson::implementation *original = simdjson::get_active_implementation();
        int tried = 0;
        for (const simdjson::implementation *impl : simdjson::get_available_implementations()) {
            if (!impl->supported_by_runtime_system())
                continue;
            simdjson::get_active_implementation() = impl;
            const ValidationResult r = JsonlValidator().validate(path);
            simdjson::get_active_implementation() = original;
            QVERIFY2(r.messages() == prefixed(path, f.expected), impl->name().c_str());
            ++tried;
        }
        QVERIFY(tried >= 1);
    }

    void emptyAndBlankFiles()
    {
        QTemporaryDir dir;
        const QString empty = writeFile(dir, QStringLiteral("empty.jsonl"), {});
        const ValidationResult e = JsonlValidator().validate(empty);
        QCOMPARE(e.messages(), QStringList { empty + QStringLiteral(": empty file") });
        QCOMPARE(e.sha256, sha256Of({}));
        QVERIFY(!e.ok());

        const QString blank = writeFile(dir, QStringLiteral("blank.jsonl"), "\n \r\n\n");
        const ValidationResult b = JsonlValidator().validate(blank);
        QCOMPARE(b.messages(), QStringList { blank + QStringLiteral(": no requests (only blank lines)") });
        QCOMPARE(b.lineCount, 3);

        const QString folder = dir.path();
        QCOMPARE(JsonlValidator().validate(folder).messages(),
            QStringList { folder + QStringLiteral(": cannot read: is a folder") });
        const QString missing = dir.filePath(QStringLiteral("missing.jsonl"));
        const ValidationResult m = JsonlValidator().validate(missing);
        QCOMPARE(m.errorCount, 1);
        QVERIFY(m.messages().first().startsWith(missing + QStringLiteral(": cannot read: ")));
        QVERIFY(!m.ok());
    }

    void byteOrderMark()
    {
        QTemporaryDir dir;
        const QByteArray content = "\xEF\xBB\xBF" + requestLines("b", 2);
        const QString path = writeFile(dir, QStringLiteral("bom.jsonl"), content);
        const ValidationResult r = JsonlValidator().validate(path);
        // Editors on Windows write one and the service reads the file: skipped, and noted.
        QVERIFY2(r.ok(), qPrintable(r.messages().join(u'\n')));
        QVERIFY(r.byteOrderMark);
        QCOMPARE(r.requestCount, 2);
        QCOMPARE(r.sha256, sha256Of(content)); // of the file as it is, BOM included

        // A BOM in front of a broken first line: the line is reported, after the BOM.
        const QString broken = writeFile(dir, QStringLiteral("bom2.jsonl"), "\xEF\xBB\xBF[]\n");
        const ValidationResult b = JsonlValidator().validate(broken);
        QCOMPARE(
            b.messages(), QStringList { broken + QStringLiteral(":1: not a JSON object (found array)") });
    }

    // The first user's files: one key-less request, no final newline; and the Windows variants.
    void keylessRequestsAsTheServiceTakesThem()
    {
        QTemporaryDir dir;
        const QByteArray one
            = "{\"request\": {\"contents\": [{\"parts\": [{\"text\": \"INPUT: 100 pairs\"}]}]}}";
        const QString a = writeFile(dir, QStringLiteral("batch_011_proper.jsonl"), one);
        const ValidationResult ra = JsonlValidator().validate(a);
        QVERIFY2(ra.ok(), qPrintable(ra.messages().join(u'\n')));
        QCOMPARE(ra.requestCount, 1);
        QCOMPARE(ra.keylessCount(), 1);
        QVERIFY(ra.finalNewlineMissing);
        QVERIFY(!ra.crlfLineEnds);
        QCOMPARE(ra.batchNumber, std::optional<int>(11));

        const QByteArray windows
            = "\xEF\xBB\xBF{\"request\":{}}\r\n{\"key\":\"x\",\"request\":{}}\r\n{\"request\":{}}\r\n";
        const QString b = writeFile(dir, QStringLiteral("refinement_batch_012.jsonl"), windows);
        const ValidationResult rb = JsonlValidator().validate(b);
        QVERIFY2(rb.ok(), qPrintable(rb.messages().join(u'\n')));
        QCOMPARE(rb.requestCount, 3);
        QCOMPARE(rb.keylessCount(), 2);
        QVERIFY(rb.byteOrderMark);
        QVERIFY(rb.crlfLineEnds);
        QVERIFY(!rb.finalNewlineMissing);
        QCOMPARE(rb.keys->line(2), 3);
        QCOMPARE(rb.batchNumber, std::optional<int>(12));

        // What the service refuses stays refused, with its line.
        const QString c = writeFile(dir, QStringLiteral("c.jsonl"),
            "{\"request\":{}}\n{\"request\":[]}\n{\"key\":7,\"request\":{}}\n{\"key\":\"d\",\"request\":{}}\n"
            "{\"key\":\"d\",\"request\":{}}\n{\"request\":{\"x\":\"\xc3\"}}");
        QCOMPARE(JsonlValidator().validate(c).messages(),
            prefixed(c,
                { QStringLiteral(":2: \"request\" is not an object (found array)"),
                    QStringLiteral(":3: \"key\" is not a string (found number)"),
                    QStringLiteral(":5: duplicate key \"d\" (first seen at line 4)"),
                    QStringLiteral(":6: invalid UTF-8") }));
    }

    void nonUtf8Bytes()
    {
        QTemporaryDir dir;
        // Latin-1 "é" inside a text part, an overlong encoding, and a lone continuation byte.
        const QByteArray content = requestLine("ok") + "\n"
            + "{\"key\":\"a\",\"request\":{\"contents\":[{\"parts\":[{\"text\":\"caf\xe9\"}]}]}}\n"
            + "{\"key\":\"b\",\"request\":{\"x\":\"\xc0\xaf\"}}\n"
            + "{\"key\":\"c\",\"request\":{\"x\":\"\x80\"}}\n";
        const QString path = writeFile(dir, QStringLiteral("latin1.jsonl"), content);
        const ValidationResult r = JsonlValidator().validate(path);
        QCOMPARE(r.messages(),
            prefixed(path,
                { QStringLiteral(":2: invalid UTF-8"), QStringLiteral(":3: invalid UTF-8"),
                    QStringLiteral(":4: invalid UTF-8") }));
        QCOMPARE(r.requestCount, 1);
    }

    void crlfAndMissingFinalNewline()
    {
        QTemporaryDir dir;
        QByteArray crlf = requestLines("c", 3);
        crlf.replace("\n", "\r\n");
        const QString a = writeFile(dir, QStringLiteral("crlf.jsonl"), crlf);
        const ValidationResult ra = JsonlValidator().validate(a);
        QVERIFY2(ra.ok(), qPrintable(ra.messages().join(u'\n')));
        QCOMPARE(ra.requestCount, 3);
        QCOMPARE(ra.lineCount, 3);

        QByteArray crlfBlank = requestLine("x") + "\r\n\r\n" + requestLine("y") + "\r\n";
        const QString c = writeFile(dir, QStringLiteral("crlfblank.jsonl"), crlfBlank);
        QCOMPARE(
            JsonlValidator().validate(c).messages(), QStringList { c + QStringLiteral(":2: blank line") });

        QByteArray noNewline = requestLines("n", 2);
        noNewline.chop(1);
        const QString b = writeFile(dir, QStringLiteral("nonl.jsonl"), noNewline);
        const ValidationResult rb = JsonlValidator().validate(b);
        QVERIFY(rb.ok());
        QCOMPARE(rb.requestCount, 2);
        QCOMPARE(rb.lineCount, 2);
        QCOMPARE(rb.sha256, sha256Of(noNewline));

        // A broken last line without '\n' is reported on its own line number.
        const QString d
            = writeFile(dir, QStringLiteral("nonl-bad.jsonl"), requestLines("d", 2) + "{\"key\":");
        QCOMPARE(
            JsonlValidator().validate(d).messages(), QStringList { d + QStringLiteral(":3: ") + kStructure });
    }

    void longLines()
    {
        QTemporaryDir dir;
        ValidatorOptions options;
        options.maxLineBytes = 1000;
        options.blockBytes = 4096;
        // Line 2 spans several blocks (skipped without buffering), line 4 fits in one block but is
        // too long, line 6 is the last line, too long, without '\n'.
        const QByteArray big = requestLine("big", 10'000);
        const QByteArray mid = requestLine("mid", 2'000);
        const QByteArray content = requestLine("a") + '\n' + big + '\n' + requestLine("b") + '\n' + mid + '\n'
            + requestLine("c") + '\n' + big;
        const QString path = writeFile(dir, QStringLiteral("long.jsonl"), content);
        const ValidationResult r = JsonlValidator(options).validate(path);
        QCOMPARE(r.messages(),
            prefixed(path,
                { QStringLiteral(":2: line too long (%1 bytes, limit 1000)").arg(big.size()),
                    QStringLiteral(":4: line too long (%1 bytes, limit 1000)").arg(mid.size()),
                    QStringLiteral(":6: line too long (%1 bytes, limit 1000)").arg(big.size()) }));
        QCOMPARE(r.requestCount, 3);
        QCOMPARE(r.lineCount, 6);
        QCOMPARE(r.sha256, sha256Of(content));
    }

    // A valid 3 MiB line read through 4 KiB blocks: the carried line grows across ~800 blocks.
    void hugeValidLine()
    {
        QTemporaryDir dir;
        ValidatorOptions options;
        options.blockBytes = 4096;
        const QByteArray huge = requestLine("huge", 3 << 20);
        const QByteArray content = requestLine("a") + '\n' + huge + '\n' + requestLine("b") + '\n';
        const QString path = writeFile(dir, QStringLiteral("huge.jsonl"), content);
        const ValidationResult r = JsonlValidator(options).validate(path);
        QVERIFY2(r.ok(), qPrintable(r.messages().join(u'\n')));
        QCOMPARE(r.requestCount, 3);
        QCOMPARE(r.textBytes, 40 + (3 << 20) + 40);
        QCOMPARE(r.sha256, sha256Of(content));
    }

    void overSizeLimit()
    {
        QTemporaryDir dir;
        ValidatorOptions options;
        options.maxFileBytes = 1000;
        const QByteArray content = requestLines("o", 20);
        const QString path = writeFile(dir, QStringLiteral("big.jsonl"), content);
        const ValidationResult r = JsonlValidator(options).validate(path);
        QCOMPARE(r.messages(),
            QStringList { path
                + QStringLiteral(": file is %1 bytes, over the limit of 1000 bytes").arg(content.size()) });
        QVERIFY(r.overSizeLimit);
        QCOMPARE(r.requestCount, 20); // still validated, so a split can be offered
        QVERIFY(!r.ok());
        QVERIFY(JsonlValidator().validate(path).ok());
        QCOMPARE(kMaxInputFileBytes, 2'000'000'000);
    }

    void errorCap()
    {
        QTemporaryDir dir;
        ValidatorOptions options;
        options.maxReportedErrors = 5;
        QByteArray content;
        for (int i = 0; i < 20; ++i)
            content += requestLine("k" + QByteArray::number(i)) + "\n[]\n";
        const QString path = writeFile(dir, QStringLiteral("many.jsonl"), content);
        const ValidationResult r = JsonlValidator(options).validate(path);
        QCOMPARE(r.errorCount, 20);
        QCOMPARE(r.errors.size(), 5);
        QCOMPARE(r.errors.first().line, 2);
        QCOMPARE(r.errors.last().line, 10);
        QCOMPARE(r.requestCount, 20);
    }

    void tokenEstimateCountsTextParts()
    {
        QTemporaryDir dir;
        const QByteArray line
            = "{\"key\":\"t\",\"request\":{\"systemInstruction\":{\"parts\":[{\"text\":\"12345\"}]},"
              "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"abc\"},{\"inlineData\":{\"data\":"
              "\"AAAA\"}},"
              "{\"text\":\"\xc3\xa9t\xc3\xa9\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"xy\"}]}]}}\n"
              "{\"key\":\"e\",\"request\":{\"content\":{\"parts\":[{\"text\":\"embed me\"}]}}}\n";
        const QString path = writeFile(dir, QStringLiteral("tokens.jsonl"), line);
        const ValidationResult r = JsonlValidator().validate(path);
        QVERIFY(r.ok());
        QCOMPARE(r.textBytes, 5 + 3 + 5 + 2 + 8);
        QCOMPARE(r.tokenEstimate, 6); // ceil(23 / 4)
    }

    // Many MiB through small and odd block sizes: lines cross block boundaries everywhere, and
    // every block size must give the same counts, hash and exact line numbers.
    void blocksBoundaries_data()
    {
        QTest::addColumn<qint64>("blockBytes");
        QTest::newRow("4097") << qint64(4097);
        QTest::newRow("64K+3") << qint64(65539);
        QTest::newRow("1M") << qint64(1 << 20);
        QTest::newRow("default") << kReadBlockBytes;
    }

    void blocksBoundaries()
    {
        QFETCH(qint64, blockBytes);
        QTemporaryDir dir;
        QRandomGenerator random(42);
        QByteArray content;
        QStringList expected;
        qint64 requests = 0;
        qint64 textBytes = 0;
        int line = 0;
        while (content.size() < 6 * 1024 * 1024) {
            ++line;
            if (line % 997 == 0) {
                content += "{\"key\":\"broken\n";
                expected.append(
                    QStringLiteral(":%1: not JSON: A string is opened, but never closed.").arg(line));
            } else if (line % 1499 == 0) {
                content += requestLine("dup") + '\n';
                textBytes += line == 1499 ? 40 : 0;
                expected.append(line == 1499
                        ? QString()
                        : QStringLiteral(":%1: duplicate key \"dup\" (first seen at line 1499)").arg(line));
                requests += line == 1499;
            } else {
                const int text = int(random.bounded(10, 6000));
                content += requestLine("k" + QByteArray::number(line), text) + '\n';
                textBytes += text;
                ++requests;
            }
        }
        expected.removeAll(QString());
        const QString path = writeFile(dir, QStringLiteral("multi.jsonl"), content);
        ValidatorOptions options;
        options.blockBytes = blockBytes;
        QList<qint64> progress;
        const ValidationResult r
            = JsonlValidator(options).validate(path, nullptr, [&](qint64 done) { progress.append(done); });
        QCOMPARE(r.messages(), prefixed(path, expected));
        QCOMPARE(r.requestCount, requests);
        QCOMPARE(r.textBytes, textBytes);
        QCOMPARE(r.lineCount, line);
        QCOMPARE(r.sha256, sha256Of(content));
        QCOMPARE(r.keys->size(), requests);
        QVERIFY(!progress.isEmpty());
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        QCOMPARE(progress.last(), content.size());
    }

    // Bytes appended while the file is read: the hash would not describe the file that was opened.
    void fileChangedWhileRead()
    {
        QTemporaryDir dir;
        const QByteArray content = requestLines("g", 200, 100);
        const QString path = writeFile(dir, QStringLiteral("growing.jsonl"), content);
        ValidatorOptions options;
        options.blockBytes = 4096;
        bool appended = false;
        const ValidationResult r = JsonlValidator(options).validate(path, nullptr, [&](qint64) {
            if (std::exchange(appended, true))
                return;
            QFile file(path);
            QVERIFY(file.open(QIODevice::Append));
            file.write(requestLine("late") + '\n');
        });
        QCOMPARE(r.messages(),
            QStringList { path
                + QStringLiteral(": file changed while being read (%1 bytes when opened, %2 read)")
                      .arg(content.size())
                      .arg(content.size() + requestLine("late").size() + 1) });
        QVERIFY(r.sha256.isEmpty());
        QVERIFY(!r.ok());
    }

    void cancelledBeforeStart()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("x.jsonl"), requestLines("x", 3));
        const std::atomic_bool cancel = true;
        const ValidationResult r = JsonlValidator().validate(path, &cancel);
        QVERIFY(r.cancelled);
        QCOMPARE(r.requestCount, 0);
        QVERIFY(!r.ok());
    }

    void cancellation()
    {
        QTemporaryDir dir;
        const QByteArray content = requestLines("c", 20'000, 200);
        const QString path = writeFile(dir, QStringLiteral("cancel.jsonl"), content);
        ValidatorOptions options;
        options.blockBytes = 64 * 1024;
        std::atomic_bool cancel = false;
        int calls = 0;
        const ValidationResult r = JsonlValidator(options).validate(path, &cancel, [&](qint64) {
            if (++calls == 3)
                cancel = true;
        });
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok());
        QVERIFY(r.sha256.isEmpty());
        QCOMPARE(calls, 3);
        QVERIFY(r.requestCount > 0 && r.requestCount < 20'000);
    }
};

QTEST_GUILESS_MAIN(TestJsonlValidator)
#include "tst_jsonlvalidator.moc"
