// What the real world does during a run — expiring uploads, 503s, connections reset mid-upload,
// replies that never come — changes nothing in the outcome: one job per batch, every key back.
#include "batchfolder.h"
#include "emulatorprocess.h"
#include "folderscanner.h"
#include "geminiclient.h"
#include "jsonlvalidator.h"
#include "projectimport.h"
#include "projectstore.h"
#include "submissionengine.h"
#include "uploadjob.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

struct Run
{
    QTemporaryDir dir;
    ProjectStore store;
    gemini::GeminiClient client;
    std::unique_ptr<SubmissionEngine> engine;

    bool open(const QUrl &baseUrl, int files, int perFile)
    {
        const QString folder
            = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, files, perFile);
        if (store.open(dir.filePath(QStringLiteral("p.batchboard"))))
            return false;
        QList<ValidationResult> results;
        for (const ScannedFile &f : FolderScanner::scan({ folder }).files)
            results.append(JsonlValidator().validate(f.path));
        if (importValidated(store, results).added != files)
            return false;
        client.setBaseUrl(baseUrl);
        // Long enough that no answered request times out on a loaded machine: the hang fault below
        // then costs one such timeout.
        client.setRequestTimeout(15'000);
        engine = std::make_unique<SubmissionEngine>(&store, &client);
        EngineSettings s;
        s.resultsDir = dir.filePath(QStringLiteral("results"));
        s.resubmitDir = dir.filePath(QStringLiteral("resubmissions"));
        s.pollFloorRealMs = 100;
        engine->setSettings(s);
        return true;
    }

    bool runUntilDone(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        engine->resume();
        while (timer.elapsed() < timeoutMs) {
            const EngineStatus s = engine->status();
            if (s.allDone() && s.inFlight == 0)
                return true;
            if (!s.fatalError.isEmpty())
                return false;
            QTest::qWait(50);
        }
        return false;
    }

    void verifyEverythingOnce(const QJsonObject &emulatorState, int files, int keys)
    {
        const QJsonObject creates
            = emulatorState.value(QStringLiteral("batchCreatesByDisplayName")).toObject();
        QCOMPARE(creates.size(), files);
        for (auto it = creates.begin(); it != creates.end(); ++it)
            QVERIFY2(it.value().toInt() == 1,
                qPrintable(QStringLiteral("%1: %2 creates").arg(it.key()).arg(it.value().toInt())));
        const auto counts = store.outcomeCounts();
        QCOMPARE(counts.value(KeyOutcome::Pending) + counts.value(KeyOutcome::Missing), 0);
        QCOMPARE(counts.value(KeyOutcome::Succeeded) + counts.value(KeyOutcome::Failed), keys);
    }
};

QJsonObject rule(
    const char *method, const char *path, const char *action, int times, const QJsonObject &extra = {})
{
    QJsonObject r = extra;
    r.insert(QStringLiteral("method"), QString::fromLatin1(method));
    r.insert(QStringLiteral("path"), QString::fromLatin1(path));
    r.insert(QStringLiteral("action"), QString::fromLatin1(action));
    r.insert(QStringLiteral("times"), times);
    return r;
}

} // namespace

class TestFaults final : public QObject
{
    Q_OBJECT

private slots:
    void resetsServerErrorsAndHangs()
    {
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        emulator.configure({ { QStringLiteral("speed"), 600 }, { QStringLiteral("pendingSeconds"), 60 },
            { QStringLiteral("runningSeconds"), 300 },
            { QStringLiteral("limits"), QJsonObject { { QStringLiteral("concurrentBatches"), 5 } } } });
        emulator.addFaults(QJsonArray {
            rule("POST", ":batchGenerateContent$", "respond", 3,
                { { QStringLiteral("status"), 503 },
                    { QStringLiteral("body"),
                        QJsonObject { { QStringLiteral("error"),
                            QJsonObject { { QStringLiteral("code"), 503 },
                                { QStringLiteral("message"), QStringLiteral("The model is overloaded.") },
                                { QStringLiteral("status"), QStringLiteral("UNAVAILABLE") } } } } } }),
            rule("POST", "^/upload/", "reset", 2, { { QStringLiteral("afterBytes"), 2000 } }),
            rule("GET", "^/v1beta/batches$", "hang", 1),
            // A create that takes effect on the server but whose reply is lost.
            rule("POST", ":batchGenerateContent$", "reset", 1),
        });
        Run run;
        QVERIFY(run.open(emulator.baseUrl(), 12, 30));
        QVERIFY2(run.runUntilDone(600'000), qPrintable(run.engine->status().fatalError));
        run.verifyEverythingOnce(emulator.state(), 12, 360);
    }

    void expiredUploadsAreReplaced()
    {
        test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        emulator.configure({ { QStringLiteral("speed"), 600 }, { QStringLiteral("pendingSeconds"), 60 },
            { QStringLiteral("runningSeconds"), 120 } });
        Run run;
        QVERIFY(run.open(emulator.baseUrl(), 4, 10));

        // An earlier session uploaded two files and stopped; two days pass.
        for (const BatchRecord &b : run.store.batches()) {
            if (b.batchNumber.value_or(0) > 2)
                continue;
            gemini::UploadOptions options;
            options.displayName = b.displayName;
            gemini::UploadJob *upload = run.client.upload(b.localPath, options);
            QSignalSpy done(upload, &gemini::GeminiJob::finished);
            upload->start();
            QVERIFY(done.wait(60'000));
            QVERIFY(upload->result().ok());
            BatchRecord r = b;
            r.state = BatchState::Uploaded;
            r.remoteFileName = upload->result().value.name;
            r.remoteFileExpiresAt = upload->result().value.expirationTime;
            QVERIFY(!run.store.updateBatch(r));
        }
        emulator.advanceClock(49 * 3600);

        QVERIFY2(run.runUntilDone(300'000), qPrintable(run.engine->status().fatalError));
        run.verifyEverythingOnce(emulator.state(), 4, 40);
        bool sawExpiry = false;
        for (const EventRecord &e : run.store.events())
            sawExpiry = sawExpiry || e.code == QStringLiteral("reconcile.file_gone")
                || e.code == QStringLiteral("create.file_gone");
        QVERIFY(sawExpiry);
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
