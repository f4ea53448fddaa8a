// kill -9 of `batchboard-cli resume` at random instants, again and again, then one more resume:
// no job is ever created twice, no key is lost, and the project file stays intact.
#include "batchfolder.h"
#include "emulatorprocess.h"
#include "projectstore.h"

#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

QProcess *startCli(QObject *parent, const QStringList &arguments)
{
    auto *process = new QProcess(parent);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GEMINI_API_KEY"), QString()); // the emulator runs without a key check
    process->setProcessEnvironment(env);
    process->setProgram(QStringLiteral(BB_CLI_PATH));
    process->setArguments(arguments);
    process->start();
    return process;
}

int runCli(const QStringList &arguments, int timeoutMs, QByteArray *output = nullptr)
{
    QObject owner;
    QProcess *process = startCli(&owner, arguments);
    if (!process->waitForFinished(timeoutMs)) {
        process->kill();
        process->waitForFinished();
        return -1;
    }
    if (output)
        *output = process->readAllStandardOutput() + process->readAllStandardError();
    return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -2;
}

} // namespace

class TestCrashSafety final : public QObject
{
    Q_OBJECT

private slots:
    void killNineAtRandomInstants()
    {
        const int kills = qEnvironmentVariableIntValue("BB_CRASH_KILLS") > 0
            ? qEnvironmentVariableIntValue("BB_CRASH_KILLS")
            : 20;
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, 40, 20);
        const QString project = dir.filePath(QStringLiteral("crash.batchboard"));

        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        // While the kills go on, the emulated clock moves only by what the test adds after each kill
        // (speed 1e-9; 0 would mean the default 1), 600 emulated s in all (30 s a kill for 20):
        // 4 waves of 10 jobs take 1200, so every kill lands mid-run (uploads, creates, polls,
        // downloads), however fast or slow the machine.
        QVERIFY(!emulator
                     .configure({ { QStringLiteral("speed"), 1e-9 }, { QStringLiteral("pendingSeconds"), 60 },
                         { QStringLiteral("runningSeconds"), 240 },
                         { QStringLiteral("limits"),
                             QJsonObject { { QStringLiteral("concurrentBatches"), 10 } } } })
                     .isEmpty());
        const QStringList common { QStringLiteral("--project"), project, QStringLiteral("--base-url"),
            emulator.baseUrl().toString() };

        QByteArray output;
        QCOMPARE(runCli(QStringList { QStringLiteral("import"), folder } + common, 60'000, &output), 0);

        QRandomGenerator random(20261128);
        int killed = 0;
        for (int i = 0; i < kills; ++i) {
            QObject owner;
            QProcess *process = startCli(
                &owner, QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common);
            QVERIFY(process->waitForStarted());
            const int delay = random.bounded(50, 700);
            if (process->waitForFinished(delay)) {
                // It finished before the kill: fine, the rest of the loop keeps checking.
                QVERIFY2(process->exitCode() == 0, process->readAllStandardError().constData());
                break;
            }
            process->kill(); // SIGKILL
            QVERIFY(process->waitForFinished(60'000));
            ++killed;
            QVERIFY(emulator.advanceClock(600.0 / kills));

            ProjectStore check;
            const StoreError opened = check.open(project, ProjectStore::Mode::ReadOnly);
            QVERIFY2(!opened, qPrintable(opened.detail));
            const StoreError integrity = check.integrityCheck();
            QVERIFY2(!integrity, qPrintable(integrity.detail));
        }

        qInfo("killed %d times", killed);
        QCOMPARE(killed, kills);
        QVERIFY(!emulator.configure({ { QStringLiteral("speed"), 40 } }).isEmpty());
        QCOMPARE(runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common,
                     300'000, &output),
            0);

        const QJsonObject creates
            = emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject();
        QCOMPARE(creates.size(), 40);
        for (auto it = creates.begin(); it != creates.end(); ++it)
            QVERIFY2(it.value().toInt() == 1,
                qPrintable(QStringLiteral("%1 created %2 times").arg(it.key()).arg(it.value().toInt())));

        ProjectStore store;
        QVERIFY(!store.open(project, ProjectStore::Mode::ReadOnly));
        const auto counts = store.outcomeCounts();
        QCOMPARE(counts.value(KeyOutcome::Pending), 0);
        QCOMPARE(counts.value(KeyOutcome::Missing), 0);
        QCOMPARE(counts.value(KeyOutcome::Succeeded) + counts.value(KeyOutcome::Failed), 800);
        for (const BatchRecord &b : store.batches())
            QCOMPARE(b.state, BatchState::Downloaded);
        QVERIFY(!store.integrityCheck());
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
