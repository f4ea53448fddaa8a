// Cost end to end against the emulator over 127.0.0.1: the actual spend the engine records equals
// a sum computed here, independently, from the downloaded results files; the spend cap holds
// creates back with WaitReason::SpendCap and raising it releases them without a restart.
#include "batchfolder.h"
#include "costreport.h"
#include "costsettingsstore.h"
#include "emulatorprocess.h"
#include "exporter.h"
#include "folderscanner.h"
#include "geminiclient.h"
#include "jsonlvalidator.h"
#include "projectimport.h"
#include "projectstore.h"
#include "submissionengine.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

QList<ValidationResult> validateFolder(const QString &folder)
{
    QList<ValidationResult> results;
    const JsonlValidator validator;
    for (const ScannedFile &file : FolderScanner::scan({ folder }).files)
        results.append(validator.validate(file.path));
    return results;
}

EngineSettings fastSettings(const QString &dir, const CostSettings &cost)
{
    EngineSettings s;
    s.resultsDir = dir + QStringLiteral("/results");
    s.resubmitDir = dir + QStringLiteral("/resubmissions");
    s.pollFloorRealMs = 100;
    s.cost = cost;
    s.model = QStringLiteral("gemini-3.5-flash"); // priced exactly (not estimated from a family)
    return s;
}

bool runUntilDone(SubmissionEngine &engine, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const EngineStatus s = engine.status();
        if (s.allDone() && s.inFlight == 0)
            return true;
        if (!s.fatalError.isEmpty())
            return false;
        QTest::qWait(50);
    }
    return false;
}

struct Independent
{
    qint64 prompt = 0, candidates = 0, thoughts = 0, cached = 0, lines = 0, failed = 0;
};

// Reads a results file the plain way (QJsonDocument per line), sharing no code with the engine.
Independent sumResults(const QString &path)
{
    Independent sum;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return sum;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.contains(QStringLiteral("error")) || o.contains(QStringLiteral("status"))) {
            ++sum.failed;
            continue;
        }
        const QJsonObject usage = o.value(QStringLiteral("response"))
                                      .toObject()
                                      .value(QStringLiteral("usageMetadata"))
                                      .toObject();
        ++sum.lines;
        sum.prompt += usage.value(QStringLiteral("promptTokenCount")).toInteger();
        sum.candidates += usage.value(QStringLiteral("candidatesTokenCount")).toInteger();
        sum.thoughts += usage.value(QStringLiteral("thoughtsTokenCount")).toInteger();
        sum.cached += usage.value(QStringLiteral("cachedContentTokenCount")).toInteger();
    }
    return sum;
}

} // namespace

class TestCostRun final : public QObject
{
    Q_OBJECT

private slots:
    void actualSpendEqualsTheResultsFiles()
    {
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, 4, 25);
        test::EmulatorProcess emulator;
        QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
        emulator.configure({ { QStringLiteral("speed"), 600 }, { QStringLiteral("pendingSeconds"), 30 },
            { QStringLiteral("runningSeconds"), 60 }, { QStringLiteral("failedLineRate"), 0.1 } });

        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("cost.batchboard"))));
        QCOMPARE(importValidated(store, validateFolder(folder)).added, 4);
        const CostReport before = costReport(store, store.batches());
        QVERIFY(before.totals.estimate.batch > 0);
        QVERIFY(before.totals.estimate.standard > before.totals.estimate.batch);
        QCOMPARE(before.totals.actual.batch, 0.0);
        QVERIFY(!before.calibration.calibrated());

        gemini::GeminiClient client;
        client.setBaseUrl(emulator.baseUrl());
        SubmissionEngine engine(&store, &client);
        engine.setSettings(fastSettings(dir.path(), loadCostSettings(store)));
        engine.resume();
        QVERIFY2(runUntilDone(engine, 300'000), qPrintable(engine.status().fatalError));

        // Independently: every results file, every non-failed line, gemini-3.5-flash at the batch
        // price ($0.75 input, $4.50 output and thinking, $0.15 cached per 1M tokens).
        Independent total;
        qint64 failedLines = 0;
        const QList<BatchRecord> batches = store.batches();
        for (const BatchRecord &b : batches) {
            QCOMPARE(b.state, BatchState::Downloaded);
            const Independent one = sumResults(b.resultsPath);
            QCOMPARE(b.usage.requests, one.lines);
            QCOMPARE(b.usage.total().prompt, one.prompt);
            QCOMPARE(b.usage.total().candidates, one.candidates);
            QCOMPARE(b.usage.total().thoughts, one.thoughts);
            QCOMPARE(b.usage.total().cached, one.cached);
            total.prompt += one.prompt;
            total.candidates += one.candidates;
            total.thoughts += one.thoughts;
            total.cached += one.cached;
            total.lines += one.lines;
            failedLines += one.failed;
        }
        QVERIFY(failedLines > 0); // failed lines exist and cost nothing
        QVERIFY(total.thoughts > 0);
        const double expected
            = (double(total.prompt - total.cached) * 0.75 + double(total.candidates + total.thoughts) * 4.50
                  + double(total.cached) * 0.15)
            / 1e6;
        const CostReport after = costReport(store, store.batches());
        qInfo("4 x 25 run: estimate before %.6f USD, actual %.6f USD (independent %.6f), "
              "non-batch price %.6f USD",
            before.totals.estimate.batch, after.totals.actual.batch, expected, after.totals.actual.standard);
        QVERIFY2(std::abs(after.totals.actual.batch - expected) < 1e-9,
            qPrintable(QStringLiteral("%1 vs %2").arg(after.totals.actual.batch).arg(expected)));
        QVERIFY(std::abs(after.totals.actual.standard - 2 * expected) < 1e-9 + total.cached * 0.15 / 1e6);
        QCOMPARE(after.calibration.sampleRequests, total.lines);
        // The importer's 4-bytes-per-token guess and the emulator's count agree closely.
        QVERIFY(after.calibration.promptPerEstimatedToken > 0.8
            && after.calibration.promptPerEstimatedToken < 1.3);

        const ExportSummary exported = exportResults(store, dir.filePath(QStringLiteral("out.jsonl")));
        QVERIFY(exported.error.isEmpty());
        QVERIFY(std::abs(exported.actualUsd - expected) < 1e-9);
    }

    void spendCapHoldsCreatesUntilRaised()
    {
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, 3, 20);
        test::EmulatorProcess emulator;
        QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
        // Jobs cannot leave PENDING on their own (300,000 emulated s are over 8 real minutes, and
        // the 48 h batch expiry is moved out of the way), so the first job's results cannot free
        // room early; the test advances the clock at the end.
        constexpr int kStuckPendingSeconds = 300'000;
        constexpr int kRunningSeconds = 60;
        QVERIFY(!emulator
                     .configure({ { QStringLiteral("speed"), 600 },
                         { QStringLiteral("pendingSeconds"), kStuckPendingSeconds },
                         { QStringLiteral("runningSeconds"), kRunningSeconds },
                         { QStringLiteral("batchTtlSeconds"), 10 * kStuckPendingSeconds } })
                     .isEmpty());

        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("cap.batchboard"))));
        QCOMPARE(importValidated(store, validateFolder(folder)).added, 3);
        CostSettings cost = loadCostSettings(store);
        const CostEstimator estimator = projectCostEstimator(store, store.batches());
        const double perBatch = estimator.costOf(store.batches().first()).estimate.batch;
        QVERIFY(perBatch > 0);
        cost.spendCapUsd = perBatch * 0.5; // not even one batch fits
        QVERIFY(!saveCostSettings(store, cost));

        gemini::GeminiClient client;
        client.setBaseUrl(emulator.baseUrl());
        SubmissionEngine engine(&store, &client);
        engine.setSettings(fastSettings(dir.path(), loadCostSettings(store)));
        engine.resume();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status().waitingForSpendCap, 3, 60'000);
        QTest::qWait(500);
        for (const BatchRecord &b : store.batches()) {
            QCOMPARE(b.state, BatchState::Uploaded);
            QCOMPARE(b.waitReason, WaitReason::SpendCap);
            QVERIFY(!b.hasJob());
        }
        QVERIFY(emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject().isEmpty());

        // Room for one batch: exactly one job is created, the others keep waiting.
        EngineSettings settings = engine.settings();
        settings.cost.spendCapUsd = perBatch * 1.5;
        engine.setSettings(settings);
        QTRY_VERIFY_WITH_TIMEOUT(
            emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject().size() == 1,
            30'000);
        QTest::qWait(300);
        QCOMPARE(emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject().size(), 1);
        QCOMPARE(engine.status().waitingForSpendCap, 2);

        // Raised well above the run: everything finishes, in the same engine.
        settings.cost.spendCapUsd = perBatch * 100;
        engine.setSettings(settings);
        QTRY_VERIFY_WITH_TIMEOUT(
            emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject().size() == 3,
            60'000);
        // Any later job runs at a normal pace; the clock jumps past the three jobs' schedule.
        QVERIFY(!emulator.configure({ { QStringLiteral("pendingSeconds"), 30 } }).isEmpty());
        QVERIFY(emulator.advanceClock(kStuckPendingSeconds + kRunningSeconds));
        QVERIFY2(runUntilDone(engine, 300'000), qPrintable(engine.status().fatalError));
        QCOMPARE(engine.status().waitingForSpendCap, 0);
        const CostReport report = costReport(store, store.batches());
        QVERIFY(report.totals.actual.batch > 0);
        QVERIFY(report.totals.actual.batch <= perBatch * 100);
    }
};

QTEST_GUILESS_MAIN(TestCostRun)
#include "tst_costrun.moc"
