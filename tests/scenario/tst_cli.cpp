// batchboard-cli as a user runs it: exit codes, messages, and the same project file throughout.
#include "batchfolder.h"
#include "emulatorprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

namespace {

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliRun cli(const QStringList &arguments, int timeoutMs = 120'000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GEMINI_API_KEY"), QString());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(BB_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class TestCli final : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp()
    {
        const CliRun version = cli({ QStringLiteral("--version") });
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("batchboard-cli ")));
        const CliRun help = cli({ QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("resume [--until-done]")));
        const CliRun wrong = cli({ QStringLiteral("frobnicate") });
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY(wrong.err.contains(QStringLiteral("unknown command frobnicate")));
    }

    void validateReportsFileAndLine()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("batch_001.jsonl")),
            "{\"key\":\"a\",\"request\":{}}\n{\"key\":\"b\",\"request\":{}}\n");
        writeFile(dir.filePath(QStringLiteral("batch_002.jsonl")),
            "{\"key\":\"c\",\"request\":{}}\nnot "
            "json\n{\"key\":7,\"request\":{}}\n{\"key\":\"a\",\"request\":{}}\n");
        const CliRun run = cli({ QStringLiteral("validate"), dir.path() });
        QCOMPARE(run.exitCode, 1);
        const QString bad = dir.filePath(QStringLiteral("batch_002.jsonl"));
        QVERIFY2(run.err.contains(bad + QStringLiteral(":2: ")), qPrintable(run.err));
        QVERIFY2(run.err.contains(bad + QStringLiteral(":3: ")), qPrintable(run.err));
        QVERIFY2(run.err.contains(bad + QStringLiteral(":4: duplicate key \"a\"")), qPrintable(run.err));
        QVERIFY(run.out.contains(QStringLiteral("ok\t") + dir.filePath(QStringLiteral("batch_001.jsonl"))));

        QFile::remove(bad);
        QCOMPARE(cli({ QStringLiteral("validate"), dir.path() }).exitCode, 0);
    }

    void dailyQuotaStopsResumeWithTheTime()
    {
        QTemporaryDir dir;
        const QString folder = bb::test::writeBatchFolder(dir.filePath(QStringLiteral("b")), 1, 5, 10);
        const QString project = dir.filePath(QStringLiteral("p.batchboard"));
        bb::test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        // The run starts just after a Pacific midnight, where the daily quota resets, and at speed 60
        // the next one is 24 real minutes away: no reset can fall inside the run, however slow.
        QVERIFY(!emulator
                     .configure({ { QStringLiteral("speed"), 60 }, { QStringLiteral("pendingSeconds"), 30 },
                         { QStringLiteral("runningSeconds"), 60 },
                         { QStringLiteral("limits"),
                             QJsonObject { { QStringLiteral("batchCreatesPerDay"), 3 } } } })
                     .isEmpty());
        QVERIFY(emulator.advancePastPacificMidnight());
        const QStringList common { QStringLiteral("--project"), project, QStringLiteral("--base-url"),
            emulator.baseUrl().toString() };
        QCOMPARE(cli(QStringList { QStringLiteral("import"), folder } + common).exitCode, 0);
        const CliRun run
            = cli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common);
        QVERIFY2(run.exitCode == 3, qPrintable(run.err + run.out));
        static const QRegularExpression blocked(QStringLiteral("blocked until (\\S+) \\(daily quota\\)"));
        const auto match = blocked.match(run.out);
        QVERIFY2(match.hasMatch(), qPrintable(run.out));
        const QDateTime until = QDateTime::fromString(match.captured(1), Qt::ISODate);
        QVERIFY(until.isValid());
        QCOMPARE(until.toTimeZone(QTimeZone(QByteArrayLiteral("America/Los_Angeles"))).time(), QTime(0, 0));

        const CliRun status
            = cli(QStringList { QStringLiteral("status"), QStringLiteral("--json") } + common);
        QCOMPARE(status.exitCode, 0);
        const QJsonObject totals = QJsonDocument::fromJson(status.out.toUtf8())
                                       .object()
                                       .value(QStringLiteral("totals"))
                                       .toObject();
        QCOMPARE(
            totals.value(QStringLiteral("states")).toObject().value(QStringLiteral("downloaded")).toInt(), 3);
        QCOMPARE(
            totals.value(QStringLiteral("states")).toObject().value(QStringLiteral("uploaded")).toInt(), 2);
    }

    void secondWriterIsRefusedByName()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.batchboard"));
        const QString folder = bb::test::writeBatchFolder(dir.filePath(QStringLiteral("b")), 1, 1, 3);
        QCOMPARE(cli({ QStringLiteral("import"), folder, QStringLiteral("--project"), project }).exitCode, 0);
        // A live process holding the lock: a resume against an emulator that never answers.
        QProcess holder;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GEMINI_API_KEY"), QString());
        holder.setProcessEnvironment(env);
        holder.start(QStringLiteral(BB_CLI_PATH),
            { QStringLiteral("resume"), QStringLiteral("--until-done"), QStringLiteral("--project"), project,
                QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9/") });
        QVERIFY(holder.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(project + QStringLiteral(".lock")), 60'000);
        const CliRun second = cli({ QStringLiteral("import"), folder, QStringLiteral("--project"), project });
        QCOMPARE(second.exitCode, 2);
        QVERIFY2(second.err.contains(QStringLiteral("open for writing in another program")),
            qPrintable(second.err));
        QVERIFY2(second.err.contains(QString::number(holder.processId())), qPrintable(second.err));
        // Reading still works while it runs.
        QCOMPARE(cli({ QStringLiteral("status"), QStringLiteral("--project"), project }).exitCode, 0);
        holder.terminate();
        QVERIFY(holder.waitForFinished(60'000));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
