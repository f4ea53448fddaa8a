// Every class of malformed input (issue 6) gets a clear message naming the file and the reason,
// and changes nothing: the input files and the project file stay byte-identical and no file
// appears beside them. Covers batch files (broken JSON mid-file, a 200 MB line, non-UTF-8, empty),
// hand-over reports (garbage tables, broken JSON, hostile names and paths) and project files (from
// a newer version, random bytes, truncated). Reports can never make Batchboard write outside the
// project's own folders.
#include "batchfolder.h"
#include "clirunner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

// path → SHA-256 of every file under `root`, to prove that nothing changed or appeared.
QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(root).relativeFilePath(path), test::fileSha256(path));
    }
    return files;
}

QString diff(const QMap<QString, QByteArray> &before, const QMap<QString, QByteArray> &after)
{
    QStringList changes;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (!before.contains(it.key()))
            changes.append(QStringLiteral("new ") + it.key());
        else if (before.value(it.key()) != it.value())
            changes.append(QStringLiteral("changed ") + it.key());
    }
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key()))
            changes.append(QStringLiteral("removed ") + it.key());
    }
    return changes.join(QStringLiteral(", "));
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray validLine(const QByteArray &key)
{
    return "{\"key\":\"" + key
        + "\",\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Refine " + key + "\"}]}]}}"
        + '\n';
}

} // namespace

class TestBadInput final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;
    QStringList m_common;

    QString path(const QString &relative) const { return m_dir.filePath(relative); }

    // Runs the CLI and checks the outcome: a failure exit code, a message on stderr containing
    // every `expected` fragment, and not one byte changed anywhere under the test folder.
    void expectRefusedUnchanged(
        const QStringList &arguments, const QList<QByteArray> &expected, int timeoutMs = 120'000)
    {
        const auto before = snapshot(m_dir.path());
        const QStringList full
            = arguments.contains(QStringLiteral("--project")) ? arguments : arguments + m_common;
        const test::CliResult r = test::runCli(full, timeoutMs);
        QVERIFY2(r.exitCode > 0,
            qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
        for (const QByteArray &fragment : expected)
            QVERIFY2(r.err.contains(fragment),
                qPrintable(QString::fromUtf8("no \"" + fragment + "\" in: " + r.err)));
        const QString changes = diff(before, snapshot(m_dir.path()));
        QVERIFY2(changes.isEmpty(), qPrintable(changes));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = path(QStringLiteral("p.batchboard"));
        m_common = { QStringLiteral("--project"), m_project };
        const QString good = test::writeBatchFolder(path(QStringLiteral("good")), 11, 2, 5);
        QCOMPARE(test::runCli(QStringList { QStringLiteral("import"), good } + m_common, 60'000).exitCode, 0);
    }

    void batchFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("broken JSON mid-file")
            << validLine("k1") + validLine("k2") + "{\"key\":\"k3\",\"request\":{" + '\n' + validLine("k4")
            << QByteArray(":3: not JSON");
        QTest::newRow("non-UTF-8") << validLine("k1") + "{\"key\":\"k\xff\xfe\",\"request\":{}}\n"
                                   << QByteArray(":2: invalid UTF-8");
        QTest::newRow("empty file") << QByteArray() << QByteArray(": empty file");
        QTest::newRow("only blank lines") << QByteArray("\n\n  \n") << QByteArray("");
        QTest::newRow("binary garbage") << QByteArray("\x00\x01\x02PK\x03\x04\xff", 9) << QByteArray(":1:");
        QTest::newRow("duplicate keys") << validLine("same") + validLine("same") << QByteArray(":2:");
    }

    void batchFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, reason);
        const QString file = path(
            QStringLiteral("bad/%1/batch_099.jsonl").arg(QString::fromLatin1(QTest::currentDataTag())));
        writeFile(file, content);
        const QByteArray name = "batch_099.jsonl";
        expectRefusedUnchanged({ QStringLiteral("import"), file }, { name, reason });
        expectRefusedUnchanged({ QStringLiteral("validate"), file }, { name, reason });
    }

    void hugeLine()
    {
        // 200 MB in one line: refused by length while streaming, never read into memory whole.
        const QString file = path(QStringLiteral("huge/batch_098.jsonl"));
        QDir().mkpath(QFileInfo(file).absolutePath());
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(
                "{\"key\":\"big\",\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"");
            const QByteArray block(1 << 20, 'a');
            for (int i = 0; i < 200; ++i)
                QVERIFY(out.write(block) == block.size());
            out.write("\"}]}]}}\n");
        }
        expectRefusedUnchanged({ QStringLiteral("import"), file }, { "batch_098.jsonl:1: line too long" });
        QFile::remove(file);
    }

    void reports_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("reason");
        QByteArray garbage;
        QRandomGenerator random(20261128);
        for (int row = 0; row < 40; ++row) {
            garbage += "| ";
            for (int i = 0; i < 30; ++i)
                garbage += char(random.bounded(32, 127));
            garbage += " | x |\n";
        }
        QTest::newRow("garbage tables")
            << QStringLiteral("garbage.md") << garbage << QByteArray("table row without a header row");
        QTest::newRow("broken JSON") << QStringLiteral("broken.json")
                                     << QByteArray("{\"batches\": [1, {\"x\": null}], \"jobs\": ")
                                     << QByteArray("not JSON");
        QTest::newRow("empty report") << QStringLiteral("empty.md") << QByteArray() << QByteArray("empty.md");
        QTest::newRow("non-UTF-8 report")
            << QStringLiteral("latin1.md") << QByteArray("| Batch | Job |\n|---|---|\n| 0\xe9\xff | \xfe |\n")
            << QByteArray("latin1.md");
    }

    void reports()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, reason);
        const QString file = path(QStringLiteral("reports/") + name);
        writeFile(file, content);
        expectRefusedUnchanged({ QStringLiteral("import-report"), file }, { reason });
    }

    void hostileNamesInReportsStayInside()
    {
        // Names that would escape the project's folders if they ever became paths. Job and file
        // names are only taken in the strict batches/<id> and files/<id> forms, so none is adopted.
        const QByteArray token = "escaped-" + QByteArray::number(QRandomGenerator::global()->generate());
        const QByteArray md = "| Batch | Job | File | Results |\n|---|---|---|---|\n"
                              "| 011 | batches/../../"
            + token + " | files/../../../tmp/" + token + " | ../../" + token
            + ".jsonl |\n"
              "| 012 | /tmp/"
            + token + " | files/" + token + "/../../x | /etc/" + token
            + " |\n"
              "| ../../"
            + token + " | batches/ok | files/ok | x |\n";
        const QByteArray json = "{\"batches\":[{\"batch\":11,\"job\":\"batches/..%2F..%2F" + token
            + "\",\"file\":\"files/\\u0000" + token + "\",\"results\":\"../../" + token
            + "\"},{\"batch\":\"../12\",\"job\":\"batches/a\\nb\",\"file\":\"/tmp/" + token + "\"}]}";
        writeFile(path(QStringLiteral("reports/hostile.md")), md);
        writeFile(path(QStringLiteral("reports/hostile.json")), json);

        const auto before = snapshot(m_dir.path());
        for (const QString &report :
            { QStringLiteral("reports/hostile.md"), QStringLiteral("reports/hostile.json") }) {
            const test::CliResult r = test::runCli(
                QStringList { QStringLiteral("import-report"), path(report) } + m_common, 60'000);
            QVERIFY2(r.exitCode >= 0, r.err.constData()); // answered, did not crash or hang
            QVERIFY2(!r.err.isEmpty(), r.out.constData()); // and said what it could not use
        }
        // At most the project itself took in a well-formed name; nothing else appeared anywhere.
        QString changes = diff(before, snapshot(m_dir.path()));
        changes.remove(QStringLiteral("changed p.batchboard"));
        QCOMPARE(changes, QString());
        const QByteArray status
            = test::runCli(QStringList { QStringLiteral("status") } + m_common, 30'000).out;
        for (const char *escape : { "../", "/tmp/", "/etc/", "%2F", "batches/ok" })
            QVERIFY2(!status.contains(escape), status.constData());
        for (const QString &root : { QDir::tempPath(), QStringLiteral("/etc"), QDir::rootPath() })
            QVERIFY(QDir(root).entryList({ QString::fromLatin1("*" + token + "*") }).isEmpty());
    }

    void projectFromNewerVersion()
    {
        const QString newer = path(QStringLiteral("newer/p.batchboard"));
        QDir().mkpath(QFileInfo(newer).absolutePath());
        QVERIFY(QFile::copy(m_project, newer));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(newer);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        const QStringList project { QStringLiteral("--project"), newer };
        for (const QStringList &command : { QStringList { QStringLiteral("status") },
                 QStringList { QStringLiteral("import"), path(QStringLiteral("good")) } })
            expectRefusedUnchanged(command + project, { "written by a newer Batchboard (schema 99)" });
    }

    void damagedProjectFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("reason");
        QFile original(m_project);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray valid = original.readAll();
        QByteArray random(64 * 1024, Qt::Uninitialized);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
        QTest::newRow("random bytes") << random << QByteArray("is not a Batchboard project");
        QTest::newRow("truncated") << valid.left(valid.size() / 2) << QByteArray("is damaged");
        QTest::newRow("text file") << QByteArray("just some notes\n")
                                   << QByteArray("is not a Batchboard project");
    }

    void damagedProjectFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, reason);
        const QString damaged = path(
            QStringLiteral("damaged/%1/p.batchboard").arg(QString::fromLatin1(QTest::currentDataTag())));
        writeFile(damaged, content);
        const QStringList project { QStringLiteral("--project"), damaged };
        expectRefusedUnchanged(QStringList { QStringLiteral("status") } + project, { reason });
        expectRefusedUnchanged(
            QStringList { QStringLiteral("import"), path(QStringLiteral("good")) } + project, { reason });
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
