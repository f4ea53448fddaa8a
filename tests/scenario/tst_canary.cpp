// The canary and the failure alarm, through the CLI against the emulator: the first job runs
// alone; when it comes back with every line failed, no other job is created and resume says why
// (exit 4) until the user continues anyway.
#include "batchfolder.h"
#include "emulatorprocess.h"

#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray output;
};

Run runCli(const QStringList &arguments, int timeoutMs = 300'000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GEMINI_API_KEY"), QString());
    env.insert(QStringLiteral("BATCHBOARD_POLL_MIN_MS"), QStringLiteral("2000"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(BB_CLI_PATH), arguments);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.output = process.readAllStandardOutput() + process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

int creates(test::EmulatorProcess &emulator)
{
    int n = 0;
    const QJsonObject byName = emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject();
    for (auto it = byName.begin(); it != byName.end(); ++it)
        n += it.value().toInt();
    return n;
}

} // namespace

class TestCanary final : public QObject
{
    Q_OBJECT

private slots:
    void failedCanaryStopsTheRestUntilTheUserContinues()
    {
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, 6, 10);
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        QVERIFY(
            !emulator
                 .configure({ { QStringLiteral("speed"), 600 }, { QStringLiteral("pendingSeconds"), 60 },
                     { QStringLiteral("runningSeconds"), 60 }, { QStringLiteral("failedLineRate"), 1.0 } })
                 .isEmpty());
        const QStringList common { QStringLiteral("--project"), dir.filePath(QStringLiteral("c.batchboard")),
            QStringLiteral("--base-url"), emulator.baseUrl().toString() };
        QCOMPARE(runCli(QStringList { QStringLiteral("import"), folder } + common).exitCode, 0);

        const Run paused
            = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common);
        QVERIFY2(paused.exitCode == 4, paused.output.constData());
        QVERIFY2(
            paused.output.contains("paused: batch_001: 10 of 10 lines failed ("), paused.output.constData());
        QVERIFY2(paused.output.contains("resume --continue-anyway"), paused.output.constData());
        QCOMPARE(creates(emulator), 1); // the canary alone

        // Resuming again without saying so changes nothing: the alarm is kept in the project.
        const Run still
            = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common);
        QCOMPARE(still.exitCode, 4);
        QCOMPARE(creates(emulator), 1);

        QVERIFY(!emulator.configure({ { QStringLiteral("failedLineRate"), 0.0 } }).isEmpty());
        const Run done = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--continue-anyway"),
                                    QStringLiteral("--until-done") }
            + common);
        QVERIFY2(done.exitCode == 0, done.output.constData());
        QCOMPARE(creates(emulator), 6);
    }

    void withoutCanaryEveryJobGoesAtOnce()
    {
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, 6, 10);
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        // The clock stands still: no job can finish, so every create happens before any result.
        QVERIFY(!emulator.configure({ { QStringLiteral("speed"), 1e-9 } }).isEmpty());
        const QStringList common { QStringLiteral("--project"), dir.filePath(QStringLiteral("c.batchboard")),
            QStringLiteral("--base-url"), emulator.baseUrl().toString() };
        QCOMPARE(runCli(QStringList { QStringLiteral("import"), folder } + common).exitCode, 0);
        const Run run = runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--canary-minutes"), QStringLiteral("0") }
            + common);
        QVERIFY2(run.exitCode == 3, run.output.constData()); // blocked: jobs in progress
        QCOMPARE(creates(emulator), 6);

        // With the canary on (the default), a new project creates one and waits.
        QTemporaryDir other;
        const QStringList second { QStringLiteral("--project"),
            other.filePath(QStringLiteral("c.batchboard")), QStringLiteral("--base-url"),
            emulator.baseUrl().toString() };
        const QString folder2 = test::writeBatchFolder(other.filePath(QStringLiteral("batches")), 101, 3, 10);
        QCOMPARE(runCli(QStringList { QStringLiteral("import"), folder2 } + second).exitCode, 0);
        const Run canary = runCli(QStringList { QStringLiteral("resume") } + second);
        QVERIFY2(canary.exitCode == 3, canary.output.constData());
        QCOMPARE(creates(emulator), 7);
    }
};

QTEST_GUILESS_MAIN(TestCanary)
#include "tst_canary.moc"
