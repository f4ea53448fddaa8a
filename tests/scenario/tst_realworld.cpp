// The first user's world (../shared/real-world-inputs.md): 204 key-less one-request files, 91 jobs
// and 24 uploads their three scripts left on the server under three naming schemes, and (in one
// variant) their tracking files. Batchboard imports the parent folder, is killed with kill -9
// several times while resuming, and resumes until done: exactly one live-or-succeeded job per
// batch number (113 new creates, 0 for the 91 that existed), every result downloaded and exported.
#include "batchnaming.h"
#include "emulatorprocess.h"
#include "projectstore.h"
#include "realworld.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;
namespace rw = bb::test::realworld;

namespace {

const QString kModel = QStringLiteral("gemini-3.5-flash");

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

int runCli(const QStringList &arguments, int timeoutMs, QByteArray *output)
{
    QObject owner;
    QProcess *process = startCli(&owner, arguments);
    if (!process->waitForFinished(timeoutMs)) {
        process->kill();
        process->waitForFinished();
        return -1;
    }
    *output = process->readAllStandardOutput() + process->readAllStandardError();
    return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -2;
}

QList<QJsonObject> allOperations(test::EmulatorProcess &emulator)
{
    QList<QJsonObject> operations;
    QString token;
    do {
        const auto reply = emulator.get(QStringLiteral("/v1beta/batches?pageSize=100")
            + (token.isEmpty() ? QString() : QStringLiteral("&pageToken=") + token));
        if (reply.status != 200)
            return {};
        const QJsonObject page = reply.json();
        for (const QJsonValue &v : page.value(QStringLiteral("operations")).toArray())
            operations.append(v.toObject());
        token = page.value(QStringLiteral("nextPageToken")).toString();
    } while (!token.isEmpty());
    return operations;
}

} // namespace

class TestRealWorld final : public QObject
{
    Q_OBJECT

private slots:
    void resumesTheFirstUsersDay_data()
    {
        QTest::addColumn<bool>("trackingFiles");
        QTest::newRow("folder and tracking files") << true;
        QTest::newRow("folder only") << false;
    }

    void resumesTheFirstUsersDay()
    {
        QFETCH(bool, trackingFiles);
        QTemporaryDir dir;
        const QString parent = dir.filePath(QStringLiteral("qa_refinement"));
        const QString folder = rw::writeProperFolder(parent);
        QVERIFY(!folder.isEmpty());

        test::EmulatorProcess emulator;
        QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
        // The emulated clock stands still (speed 1e-9) while the scripts make their jobs and while
        // Batchboard is killed: the scripts' 91 jobs are still pending when Batchboard meets them,
        // however slow the machine. The limits are out of the way: this is about identity.
        QVERIFY(!emulator
                     .configure({ { QStringLiteral("speed"), 1e-9 },
                         { QStringLiteral("pendingSeconds"), 120 }, { QStringLiteral("runningSeconds"), 300 },
                         { QStringLiteral("limits"),
                             QJsonObject { { QStringLiteral("concurrentBatches"), 1000 },
                                 { QStringLiteral("enqueuedTokens"), 1e12 } } } })
                     .isEmpty());
        const rw::ServerWorld world = rw::makeServerWorld(emulator, folder, kModel);
        QVERIFY2(world.error.isEmpty(), qPrintable(world.error));
        QCOMPARE(world.jobCount(), 91);
        QCOMPARE(world.uploadOnlyCount(), 24);
        if (trackingFiles)
            QCOMPARE(rw::writeTrackingFiles(parent, world).size(), 8);

        const QString project = dir.filePath(QStringLiteral("qa.batchboard"));
        const QStringList common { QStringLiteral("--project"), project, QStringLiteral("--base-url"),
            emulator.baseUrl().toString() };
        QByteArray output;
        QCOMPARE(runCli(QStringList { QStringLiteral("import"), QStringLiteral("-r"), parent } + common,
                     300'000, &output),
            0);
        qInfo("import:\n%s", output.constData());
        QVERIFY(output.contains("204 added"));
        QVERIFY(output.contains("204 requests have no \"key\"")); // the English plural form
        if (trackingFiles) {
            ProjectStore imported;
            QVERIFY(!imported.open(project, ProjectStore::Mode::ReadOnly));
            int jobs = 0;
            for (const BatchRecord &b : imported.batches())
                jobs += b.hasJob() ? 1 : 0;
            QCOMPARE(jobs, 91); // adopted from the tracking files, before anything asked the server
        }

        // Resume, killed with kill -9 at random instants; the clock moves a little after each kill.
        QRandomGenerator random(trackingFiles ? 20261203 : 20261204);
        constexpr int kKills = 5;
        for (int i = 0; i < kKills; ++i) {
            QObject owner;
            QProcess *process = startCli(
                &owner, QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common);
            QVERIFY(process->waitForStarted());
            if (process->waitForFinished(random.bounded(300, 3000)))
                QFAIL(process->readAllStandardError().constData()); // it cannot be done this early
            process->kill();
            QVERIFY(process->waitForFinished(60'000));
            QVERIFY(emulator.advanceClock(30));
        }
        QVERIFY(!emulator.configure({ { QStringLiteral("speed"), 60 } }).isEmpty());
        const int exit
            = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common,
                900'000, &output);
        QVERIFY2(exit == 0, output.right(4000).constData());

        // Exactly one live-or-succeeded job per batch number, and Batchboard created only the 113.
        QMap<int, QStringList> jobsByNumber;
        for (const QJsonObject &op : allOperations(emulator)) {
            const QJsonObject metadata = op.value(QStringLiteral("metadata")).toObject();
            const QString state = metadata.value(QStringLiteral("state")).toString();
            const auto number = batchNumberInName(metadata.value(QStringLiteral("displayName")).toString());
            QVERIFY(number);
            if (!state.contains(QLatin1StringView("FAILED"))
                && !state.contains(QLatin1StringView("CANCELLED"))
                && !state.contains(QLatin1StringView("EXPIRED")))
                jobsByNumber[*number].append(op.value(QStringLiteral("name")).toString());
        }
        QCOMPARE(jobsByNumber.size(), rw::kFiles);
        for (auto it = jobsByNumber.cbegin(); it != jobsByNumber.cend(); ++it)
            QVERIFY2(it->size() == 1,
                qPrintable(QStringLiteral("batch %1: %2").arg(it.key()).arg(it->join(u' '))));
        const QJsonObject creates
            = emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject();
        int ours = 0;
        for (auto it = creates.begin(); it != creates.end(); ++it) {
            QVERIFY2(it.value().toInt() == 1, qPrintable(it.key()));
            ours += it.key().endsWith(QLatin1StringView("_proper")) ? 1 : 0;
        }
        QCOMPARE(ours, 113);
        QCOMPARE(creates.size(), 91 + 113);

        // Every request's result downloaded, and exported under its implicit key.
        ProjectStore store;
        QVERIFY(!store.open(project, ProjectStore::Mode::ReadOnly));
        const auto counts = store.outcomeCounts();
        QCOMPARE(counts.value(KeyOutcome::Pending), 0);
        QCOMPARE(counts.value(KeyOutcome::Missing), 0);
        QCOMPARE(counts.value(KeyOutcome::Succeeded) + counts.value(KeyOutcome::Failed), rw::kFiles);
        int adoptedFromServer = 0;
        for (const BatchRecord &b : store.batches()) {
            QCOMPARE(b.state, BatchState::Downloaded);
            const rw::ServerBatch *existing = world.find(*b.batchNumber);
            if (existing && !existing->jobName.isEmpty())
                QCOMPARE(b.jobName, existing->jobName);
        }
        int byNumber = 0;
        for (const EventRecord &e : store.events()) {
            adoptedFromServer += e.code == QStringLiteral("reconcile.adopted_job") ? 1 : 0;
            byNumber += e.code == QStringLiteral("reconcile.matched_by_number") ? 1 : 0;
        }
        qInfo("jobs adopted by the reconciler: %d, of which by number (input gone): %d", adoptedFromServer,
            byNumber);
        if (!trackingFiles) {
            QCOMPARE(adoptedFromServer, 91);
            QCOMPARE(byNumber, 10); // the first attempt's inputs are gone
        }

        const QString exported = dir.filePath(QStringLiteral("results.jsonl"));
        QCOMPARE(runCli(QStringList { QStringLiteral("export"), QStringLiteral("--out"), exported } + common,
                     120'000, &output),
            0);
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!file.atEnd()) {
            const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
            ++lines;
            QCOMPARE(line.value(QStringLiteral("key")).toString(),
                QStringLiteral("batch_%1_proper#line1").arg(lines, 3, 10, QLatin1Char('0')));
            QVERIFY(line.contains(QStringLiteral("response")) || line.contains(QStringLiteral("error")));
        }
        QCOMPARE(lines, rw::kFiles);
    }
};

QTEST_GUILESS_MAIN(TestRealWorld)
#include "tst_realworld.moc"
