// The project's model in late 2026, through the CLI against the emulator: a new project takes the
// newest stable Flash model the key lists; a project that still names a retired model makes one
// create attempt, then resume exits 2 with what to do and the models the key offers; --model is
// checked against the key's list before anything is sent; billing refusals stop the creates after
// one attempt while the jobs already running are still downloaded.
#include "batchfolder.h"
#include "clirunner.h"
#include "emulatorprocess.h"
#include "projectsettings.h"
#include "projectstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray output;
};

Run runCli(const QStringList &arguments)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("BATCHBOARD_POLL_MIN_MS"), QStringLiteral("2000"));
    const test::CliResult result = test::runCli(arguments, 300'000, env);
    return { result.exitCode, result.out + result.err };
}

// Create requests that reached the emulator (accepted or not).
int createAttempts(test::EmulatorProcess &emulator)
{
    int n = 0;
    const QJsonObject counts = emulator.state().value(QStringLiteral("requestCounts")).toObject();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        if (it.key().contains(QLatin1StringView(":batchGenerateContent")))
            n += it.value().toInt();
    }
    return n;
}

QStringList jobModels(test::EmulatorProcess &emulator)
{
    QStringList models;
    const auto reply = emulator.get(QStringLiteral("/v1beta/batches?pageSize=100"));
    for (const QJsonValue &op :
        QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("operations")).toArray())
        models.append(op.toObject()
                          .value(QStringLiteral("metadata"))
                          .toObject()
                          .value(QStringLiteral("model"))
                          .toString());
    return models;
}

void setProjectModel(const QString &projectPath, const QString &model)
{
    ProjectStore store;
    QVERIFY(!store.open(projectPath));
    QVERIFY(!saveProjectModel(store, model));
}

struct Project
{
    QTemporaryDir dir;
    QStringList common;
    QString path() const { return dir.filePath(QStringLiteral("m.batchboard")); }
};

void importBatches(Project &project, test::EmulatorProcess &emulator, int count)
{
    const QString folder
        = test::writeBatchFolder(project.dir.filePath(QStringLiteral("batches")), 1, count, 5);
    project.common = QStringList { QStringLiteral("--project"), project.path(), QStringLiteral("--base-url"),
        emulator.baseUrl().toString(), QStringLiteral("--canary-minutes"), QStringLiteral("0") };
    const Run imported = runCli(QStringList { QStringLiteral("import"), folder } + project.common.mid(0, 4));
    QVERIFY2(imported.exitCode == 0, imported.output.constData());
}

} // namespace

class TestModelChoice final : public QObject
{
    Q_OBJECT

private slots:
    void newProjectTakesTheNewestStableFlashTheKeyOffers()
    {
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        // The service's quirk (python-genai#1250): a list without pageSize comes back empty. Every
        // list Batchboard sends carries one, so reconciliation still sees everything.
        QVERIFY(!emulator
                     .configure({ { QStringLiteral("speed"), 600 },
                         { QStringLiteral("quirks"),
                             QJsonObject { { QStringLiteral("emptyListWithoutPageSize"), true } } } })
                     .isEmpty());
        Project project;
        importBatches(project, emulator, 3);

        const Run run = runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + project.common);
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QCOMPARE(createAttempts(emulator), 3);
        QCOMPARE(jobModels(emulator),
            QStringList(3, QStringLiteral("models/gemini-3.6-flash"))); // not 2.5, never a preview or Lite
        ProjectStore store;
        QVERIFY(!store.open(project.path()));
        QCOMPARE(loadProjectModel(store), QStringLiteral("gemini-3.6-flash")); // kept: it will not drift
    }

    void aRetiredModelStopsAfterOneCreateAndSaysWhatToDo()
    {
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        QVERIFY(!emulator.configure({ { QStringLiteral("speed"), 600 } }).isEmpty());
        Project project;
        importBatches(project, emulator, 4);
        setProjectModel(project.path(), QStringLiteral("gemini-2.5-flash")); // what an older project has

        const Run stopped = runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + project.common);
        QVERIFY2(stopped.exitCode == 2, stopped.output.constData());
        QVERIFY2(stopped.output.contains("needs your attention: choose another model in Settings › Work"),
            stopped.output.constData());
        QVERIFY2(stopped.output.contains("no longer available"), stopped.output.constData());
        QVERIFY2(stopped.output.contains("gemini-3.6-flash, "), stopped.output.constData());
        QVERIFY2(!stopped.output.contains("gemini-2.5-flash,"), stopped.output.constData());
        QCOMPARE(createAttempts(emulator), 1);
        QVERIFY(jobModels(emulator).isEmpty());

        // --model is checked against the key's models before anything is sent.
        const Run refused = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--model"),
                                       QStringLiteral("gemini-2.0-flash") }
            + project.common);
        QVERIFY2(refused.exitCode == 2, refused.output.constData());
        QVERIFY2(refused.output.contains("--model gemini-2.0-flash: this key offers no such model"),
            refused.output.constData());
        QCOMPARE(createAttempts(emulator), 1);

        // Another model: everything goes through.
        const Run done = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--model"),
                                    QStringLiteral("gemini-3.5-flash-lite"), QStringLiteral("--until-done") }
            + project.common);
        QVERIFY2(done.exitCode == 0, done.output.constData());
        QCOMPARE(createAttempts(emulator), 5);
        QCOMPARE(jobModels(emulator), QStringList(4, QStringLiteral("models/gemini-3.5-flash-lite")));
    }

    void billingStopsCreatesAfterOneAttemptWhileRunningJobsFinish_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QByteArray>("shown");
        QTest::newRow("prepay 429") << 429
                                    << "Your prepayment credits are depleted. Please go to AI Studio at "
                                       "https://ai.studio/projects to manage your project and billing."
                                    << QByteArray("https://ai.studio/projects");
        QTest::newRow("prepay 402") << 402 << "Your prepayment credits are depleted."
                                    << QByteArray("https://ai.google.dev/gemini-api/docs/billing");
        QTest::newRow("spend cap") << 429
                                   << "Your project has reached the monthly spending cap of its billing tier."
                                   << QByteArray("https://ai.google.dev/gemini-api/docs/billing");
    }
    void billingStopsCreatesAfterOneAttemptWhileRunningJobsFinish()
    {
        QFETCH(int, status);
        QFETCH(QString, message);
        QFETCH(QByteArray, shown);
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        QVERIFY(!emulator.configure({ { QStringLiteral("speed"), 1e-9 } }).isEmpty()); // jobs stay pending
        Project project;
        importBatches(project, emulator, 1);
        const Run first = runCli(QStringList { QStringLiteral("resume") } + project.common);
        QVERIFY2(first.exitCode == 3, first.output.constData()); // its job runs
        const QString more = test::writeBatchFolder(project.dir.filePath(QStringLiteral("more")), 2, 3, 5);
        QCOMPARE(
            runCli(QStringList { QStringLiteral("import"), more } + project.common.mid(0, 4)).exitCode, 0);

        QVERIFY(emulator.addFaults(QJsonArray { QJsonObject {
            { QStringLiteral("method"), QStringLiteral("POST") },
            { QStringLiteral("path"), QStringLiteral(":batchGenerateContent") },
            { QStringLiteral("action"), QStringLiteral("respond") }, { QStringLiteral("status"), status },
            { QStringLiteral("body"),
                QJsonObject { { QStringLiteral("error"),
                    QJsonObject { { QStringLiteral("code"), status }, { QStringLiteral("message"), message },
                        { QStringLiteral("status"), QStringLiteral("RESOURCE_EXHAUSTED") } } } } } } }));
        QVERIFY(!emulator.configure({ { QStringLiteral("speed"), 600 } }).isEmpty());
        const Run stopped = runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + project.common);
        QVERIFY2(stopped.exitCode == 2, stopped.output.constData());
        QVERIFY2(stopped.output.contains("creating jobs stopped by billing"), stopped.output.constData());
        QVERIFY2(stopped.output.contains("waiting will not help"), stopped.output.constData());
        QVERIFY2(stopped.output.contains(shown), stopped.output.constData());
        QCOMPARE(createAttempts(emulator), 2); // the first job, then one refused create: no retry loop
        QVERIFY2(
            stopped.output.contains("1/4 downloaded"), stopped.output.constData()); // the job still finished
    }

    // The service parses the whole input file on create; a bad line refuses the create with
    // "Error on line N: …". The batch then names the file and line, needs the user, and nothing is
    // retried. And a job's output that is not downloadable yet right after SUCCEEDED (a 404) is
    // asked for again, not given up.
    void createTimeLineErrorsAndLateOutputs()
    {
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        QVERIFY(!emulator.configure({ { QStringLiteral("speed"), 600 } }).isEmpty());
        Project project;
        importBatches(project, emulator, 2);
        const QJsonObject lineError { { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), 400 },
                { QStringLiteral("message"),
                    QStringLiteral(
                        "Error on line 3: invalid JSON, near column 5: unexpected character: ']'") },
                { QStringLiteral("status"), QStringLiteral("INVALID_ARGUMENT") } } } };
        QVERIFY(emulator.addFaults(QJsonArray {
            QJsonObject { { QStringLiteral("method"), QStringLiteral("POST") },
                { QStringLiteral("path"), QStringLiteral(":batchGenerateContent") },
                { QStringLiteral("action"), QStringLiteral("respond") }, { QStringLiteral("status"), 400 },
                { QStringLiteral("body"), lineError }, { QStringLiteral("times"), 1 } },
            QJsonObject { { QStringLiteral("method"), QStringLiteral("GET") },
                { QStringLiteral("path"), QStringLiteral(":download") },
                { QStringLiteral("action"), QStringLiteral("respond") }, { QStringLiteral("status"), 404 },
                { QStringLiteral("times"), 2 } } }));
        const Run run = runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + project.common);
        QVERIFY2(run.exitCode == 4, run.output.constData()); // one batch needs the user
        QCOMPARE(createAttempts(emulator), 2); // the refused one is not retried
        const Run status = runCli(
            QStringList { QStringLiteral("status"), QStringLiteral("--json") } + project.common.mid(0, 4));
        int downloaded = 0;
        QString lineProblem;
        for (const QJsonValue &row :
            QJsonDocument::fromJson(status.output).object().value(QStringLiteral("batches")).toArray()) {
            const QJsonObject b = row.toObject();
            if (b.value(QStringLiteral("state")).toString() == QLatin1StringView("downloaded"))
                ++downloaded;
            if (b.value(QStringLiteral("lastError"))
                    .toString()
                    .contains(QLatin1StringView(".jsonl:3: invalid JSON")))
                lineProblem = b.value(QStringLiteral("lastError")).toString();
        }
        QVERIFY2(!lineProblem.isEmpty(), status.output.constData());
        QCOMPARE(downloaded, 1); // after two 404s on its output
    }

    // changes-2026 row 4: a job cancelled while running keeps what it finished; the rest of its
    // lines come back as {"error":{"code":1}}. Batchboard downloads that output and accounts for
    // every key, and the export has one line per key.
    void cancelMidRunDownloadsThePartialResults()
    {
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        QVERIFY(
            !emulator
                 .configure({ { QStringLiteral("speed"), 1e-9 }, { QStringLiteral("pendingSeconds"), 10 },
                     { QStringLiteral("runningSeconds"), 100 }, { QStringLiteral("failedLineRate"), 0.0 } })
                 .isEmpty());
        Project project;
        const QString folder
            = test::writeBatchFolder(project.dir.filePath(QStringLiteral("batches")), 1, 1, 20);
        project.common
            = QStringList { QStringLiteral("--project"), project.path(), QStringLiteral("--base-url"),
                  emulator.baseUrl().toString(), QStringLiteral("--canary-minutes"), QStringLiteral("0") };
        QCOMPARE(
            runCli(QStringList { QStringLiteral("import"), folder } + project.common.mid(0, 4)).exitCode, 0);
        const Run created = runCli(QStringList { QStringLiteral("resume") } + project.common);
        QVERIFY2(created.exitCode == 3, created.output.constData());
        QVERIFY(emulator.advanceClock(10 + 50)); // half way through running

        const Run cancelled = runCli(QStringList { QStringLiteral("cancel") } + project.common.mid(0, 4));
        QVERIFY2(cancelled.exitCode == 0, cancelled.output.constData());
        const Run done = runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + project.common);
        QVERIFY2(done.exitCode == 0, done.output.constData());

        const Run status = runCli(
            QStringList { QStringLiteral("status"), QStringLiteral("--json") } + project.common.mid(0, 4));
        const QJsonObject keys = QJsonDocument::fromJson(status.output)
                                     .object()
                                     .value(QStringLiteral("totals"))
                                     .toObject()
                                     .value(QStringLiteral("keys"))
                                     .toObject();
        const int succeeded = keys.value(QStringLiteral("succeeded")).toInt();
        const int failed = keys.value(QStringLiteral("failed")).toInt();
        QVERIFY2(succeeded > 0 && failed > 0, status.output.constData()); // some finished, some not
        QCOMPARE(succeeded + failed, 20);
        QCOMPARE(keys.value(QStringLiteral("missing")).toInt(), 0);
        QCOMPARE(keys.value(QStringLiteral("pending")).toInt(), 0);

        const QString out = project.dir.filePath(QStringLiteral("out.jsonl"));
        const Run exported = runCli(QStringList { QStringLiteral("export"), QStringLiteral("--out"), out }
            + project.common.mid(0, 4));
        QVERIFY2(exported.exitCode == 0, exported.output.constData());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        int lines = 0;
        int errors = 0;
        while (!file.atEnd()) {
            const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
            ++lines;
            if (line.contains(QStringLiteral("error")))
                ++errors;
        }
        QCOMPARE(lines, 20);
        QCOMPARE(errors, failed);
    }
};

QTEST_GUILESS_MAIN(TestModelChoice)
#include "tst_modelchoice.moc"
