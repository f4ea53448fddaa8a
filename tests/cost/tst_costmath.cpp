// Price math, calibration, the price table's storage and the usageMetadata parser.
#include "costestimator.h"
#include "costreport.h"
#include "costsettingsstore.h"
#include "projectstore.h"
#include "resultsfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <array>

using namespace bb;

namespace {

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

BatchRecord batch(qint64 id, qint64 requests, qint64 tokenEstimate, BatchState state = BatchState::Uploaded)
{
    BatchRecord r;
    r.id = id;
    r.displayName = QStringLiteral("batch-%1").arg(id);
    r.requestCount = requests;
    r.tokenEstimate = tokenEstimate;
    r.state = state;
    return r;
}

// Kept outside the test class (moc misreads a backslash-quote inside a raw string literal).
std::array<QByteArray, 6> usageLines()
{
    return {
        R"({"key":"a","response":{"candidates":[{}],"usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":300,"totalTokenCount":420}}})",
        R"({"response":{"candidates":[{}],"usageMetadata":{"cachedContentTokenCount":40,"promptTokenCount":"50","candidatesTokenCount":5}},"key":"b"})",
        R"({"key":"c","error":{"code":13,"message":"internal"}})",
        R"({"key":"d","response":{"candidates":[{}]}})",
        R"({"key":"a","response":{"candidates":[{}],"usageMetadata":{"promptTokenCount":999999}}})",
        R"({"key":"zz","response":{"candidates":[{}],"usageMetadata":{"promptTokenCount":7}}})",
    };
}

} // namespace

class TestCostMath final : public QObject
{
    Q_OBJECT

private slots:
    void batchIsHalfOfStandard()
    {
        const PriceTable table = PriceTable::defaults();
        const ModelPrice *flash = table.find(u"models/gemini-2.5-flash");
        QVERIFY(flash);
        QCOMPARE(flash->model, QStringLiteral("gemini-2.5-flash"));
        TokenUsage usage;
        usage.addLine({ 1'000'000, 1'000'000, 1'000'000, 0 });
        // $0.30 input + $2.50 output + $2.50 thinking (billed as output).
        QVERIFY(near(costUsd(*flash, usage, PriceMode::Standard), 5.30));
        QVERIFY(near(costUsd(*flash, usage, PriceMode::Batch), 2.65));
    }

    void cachedTokensAreBilledAtTheCachedRateWithoutBatchDiscount()
    {
        const PriceTable defaults = PriceTable::defaults();
        const ModelPrice *flash = defaults.find(u"gemini-2.5-flash");
        // promptTokenCount includes the cached tokens.
        const TokenCounts counts { 1'000'000, 0, 0, 400'000 };
        QVERIFY(near(costUsd(*flash, counts, PriceMode::Standard), 0.6 * 0.30 + 0.4 * 0.03));
        QVERIFY(near(costUsd(*flash, counts, PriceMode::Batch), 0.6 * 0.15 + 0.4 * 0.03));
    }

    void proLongPromptsUseTheHigherTier()
    {
        const PriceTable defaults = PriceTable::defaults();
        const ModelPrice *pro = defaults.find(u"gemini-2.5-pro");
        QVERIFY(pro);
        TokenUsage usage;
        usage.addLine({ 100'000, 10'000, 0, 0 }); // ≤ 200k
        usage.addLine({ 300'000, 10'000, 0, 0 }); // > 200k
        QCOMPARE(usage.base.prompt, 100'000);
        QCOMPARE(usage.longPrompt.prompt, 300'000);
        QCOMPARE(usage.requests, 2);
        const double standard = 0.1 * 1.25 + 0.01 * 10.0 + 0.3 * 2.50 + 0.01 * 15.0;
        QVERIFY(near(costUsd(*pro, usage, PriceMode::Standard), standard));
        QVERIFY(near(costUsd(*pro, usage, PriceMode::Batch), standard / 2));
    }

    void modelNamesResolve()
    {
        const PriceTable table = PriceTable::defaults();
        QCOMPARE(table.find(u"gemini-2.5-flash-lite")->model, QStringLiteral("gemini-2.5-flash-lite"));
        QCOMPARE(table.find(u"models/gemini-2.0-flash-001")->model, QStringLiteral("gemini-2.0-flash"));
        QCOMPARE(table.find(u"gemini-2.5-flash-preview-09-2025")->model, QStringLiteral("gemini-2.5-flash"));
        QVERIFY(!table.find(u"gemini-2.5-flash-image"));
        QVERIFY(!table.find(u"text-embedding-004"));
        QVERIFY(!table.find(u""));
    }

    void priceTableRoundTripsAndRejectsNonsense()
    {
        PriceTable table = PriceTable::defaults();
        ModelPrice custom;
        custom.model = QStringLiteral("my-model");
        custom.input = 1;
        custom.output = 2;
        table.setPrice(custom);
        bool ok = false;
        const PriceTable back = PriceTable::fromJson(table.toJson(), &ok);
        QVERIFY(ok);
        QCOMPARE(back, table);
        QCOMPARE(back.asOf, PriceTable::defaultsAsOf());

        QJsonObject bad = table.toJson();
        bad.insert(QStringLiteral("models"),
            QJsonArray { QJsonObject {
                { QStringLiteral("model"), QStringLiteral("x") }, { QStringLiteral("input"), -3 } } });
        PriceTable::fromJson(bad, &ok);
        QVERIFY(!ok);
        PriceTable::fromJson(QJsonObject {}, &ok);
        QVERIFY(!ok);
    }

    void estimateBeforeResultsUsesTheExpectation()
    {
        CostEstimator estimator;
        CostSettings settings;
        settings.outputTokensPerRequest = 100;
        settings.thinkingTokensPerRequest = 200;
        estimator.setSettings(settings);
        estimator.setDefaultModel(QStringLiteral("gemini-2.5-flash")); // the figures below are its prices
        estimator.calibrate({});
        const BatchRecord r = batch(1, 10, 1000);
        const TokenUsage projected = estimator.projectedTokens(r);
        QCOMPARE(projected.base.prompt, 1000);
        QCOMPARE(projected.base.candidates, 1000);
        QCOMPARE(projected.base.thoughts, 2000); // gemini-2.5-flash thinks by default
        const BatchCost cost = estimator.costOf(r);
        QVERIFY(!cost.hasActual);
        QVERIFY(near(cost.estimate.standard, (1000 * 0.30 + 3000 * 2.50) / 1e6));
        QVERIFY(near(cost.estimate.batch, cost.estimate.standard / 2));

        estimator.setDefaultModel(QStringLiteral("gemini-2.0-flash")); // does not think
        QCOMPARE(estimator.projectedTokens(r).base.thoughts, 0);
    }

    void calibrationLearnsFromResults()
    {
        CostEstimator estimator;
        estimator.setDefaultModel(QStringLiteral("gemini-2.5-flash")); // the figures below are its prices
        BatchRecord done = batch(1, 10, 1000, BatchState::Downloaded);
        // 8 of 10 lines came back with usage: their estimate was 800 tokens, they used 1200.
        for (int i = 0; i < 8; ++i)
            done.usage.addLine({ 150, 40, 10, 15 });
        BatchRecord waiting = batch(2, 20, 4000);
        estimator.calibrate({ done, waiting });
        const Calibration &c = estimator.calibration();
        QCOMPARE(c.sampleRequests, 8);
        QVERIFY(near(c.promptPerEstimatedToken, 1200.0 / 800.0));
        QVERIFY(near(c.tokensPerTextByte(), 1.5 / 4));
        QVERIFY(near(c.outputPerRequest, 40));
        QVERIFY(near(c.thinkingPerRequest, 10));
        QVERIFY(near(c.cachedShare, 0.1));

        const TokenUsage projected = estimator.projectedTokens(waiting);
        QCOMPARE(projected.base.prompt, 6000);
        QCOMPARE(projected.base.candidates, 800);
        QCOMPARE(projected.base.thoughts, 200);
        QCOMPARE(projected.base.cached, 600);

        const CostTotals totals = estimator.totals({ done, waiting });
        const PriceTable defaults = PriceTable::defaults();
        const ModelPrice *flash = defaults.find(u"gemini-2.5-flash");
        const double actual = costUsd(*flash, done.usage, PriceMode::Batch);
        QVERIFY(near(totals.actual.batch, actual));
        QVERIFY(near(totals.projected.batch, actual + costUsd(*flash, projected, PriceMode::Batch)));
        QVERIFY(totals.projected.standard > totals.projected.batch);
        QVERIFY(near(totals.committed.batch, 0));
    }

    void spendCapCountsActualCommittedAndCandidate()
    {
        CostEstimator estimator;
        CostSettings settings;
        settings.outputTokensPerRequest = 0;
        settings.thinkingTokensPerRequest = 0;
        estimator.setSettings(settings);
        estimator.setDefaultModel(QStringLiteral("gemini-2.5-flash")); // the figures below are its prices
        // Each batch: 1M prompt tokens at $0.15 (batch) = $0.15.
        BatchRecord running = batch(1, 1, 1'000'000, BatchState::JobRunning);
        BatchRecord next = batch(2, 1, 1'000'000);
        BatchRecord failedJob = batch(3, 1, 1'000'000, BatchState::JobFailed);
        const QList<BatchRecord> records { running, next, failedJob };
        estimator.calibrate(records);
        QVERIFY(near(estimator.projectedWithCandidate(records, next), 0.30));
        QVERIFY(!estimator.wouldExceedCap(records, next)); // no cap
        settings.spendCapUsd = 0.29;
        estimator.setSettings(settings);
        QVERIFY(estimator.wouldExceedCap(records, next));
        settings.spendCapUsd = 0.30;
        estimator.setSettings(settings);
        QVERIFY(!estimator.wouldExceedCap(records, next));
    }

    void resultsScanSumsUsageOfAnsweredKeysOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (const QByteArray &line : usageLines())
            file.write(line + '\n');
        file.close();
        const ResultsScan scan = scanResultsFile(path);
        QVERIFY(scan.problems.isEmpty());
        QCOMPARE(scan.lines.size(), 6);
        QVERIFY(scan.lines[0].hasUsage);
        QCOMPARE(scan.lines[1].usage.prompt, 50); // a count written as a string
        QCOMPARE(scan.lines[1].usage.cached, 40);
        QVERIFY(!scan.lines[2].hasUsage); // failed
        QVERIFY(!scan.lines[3].hasUsage);

        QStringList problems;
        TokenUsage usage;
        matchResults({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") },
            1, scan, &problems, &usage);
        // The first answer of "a" counts, the duplicate and the stray key do not; "c" failed.
        QCOMPARE(usage.requests, 2);
        QCOMPARE(usage.base.prompt, 150);
        QCOMPARE(usage.base.candidates, 25);
        QCOMPARE(usage.base.thoughts, 300);
        QCOMPARE(usage.base.cached, 40);
        QCOMPARE(usage.longPrompt.prompt, 0);
    }

    void storeKeepsUsageAndCostSettings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.batchboard"));
        {
            ProjectStore store;
            QVERIFY(!store.open(path));
            // Migration 2 seeded the project's own price table.
            QCOMPARE(loadCostSettings(store).prices, PriceTable::defaults());
            BatchRecord r = batch(0, 3, 30, BatchState::Downloaded);
            r.localPath = QStringLiteral("/x/batch_001.jsonl");
            r.usage.addLine({ 10, 2, 3, 1 });
            r.usage.addLine({ 250'000, 5, 0, 0 });
            QVERIFY(!store.insertBatch(r));
            QCOMPARE(store.batch(r.id)->usage, r.usage);

            CostSettings settings = loadCostSettings(store);
            ModelPrice p = *settings.prices.find(u"gemini-2.5-flash");
            p.input = 0.5;
            settings.prices.setPrice(p);
            settings.outputTokensPerRequest = 77;
            settings.spendCapUsd = 12.5;
            QVERIFY(!saveCostSettings(store, settings));
            QCOMPARE(loadCostSettings(store), settings);
            QVERIFY(!saveSpendCap(store, std::nullopt));
            QVERIFY(!loadCostSettings(store).spendCapUsd);
        }
        ProjectStore readOnly;
        QVERIFY(!readOnly.open(path, ProjectStore::Mode::ReadOnly));
        QCOMPARE(readOnly.batches().first().usage.longPrompt.prompt, 250'000);
        QCOMPARE(loadCostSettings(readOnly).prices.find(u"gemini-2.5-flash")->input, 0.5);
    }

    void schemaOneProjectOpensReadOnlyAndMigrates()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.batchboard"));
        {
            ProjectStore store;
            QVERIFY(!store.open(path));
            BatchRecord r = batch(0, 3, 30);
            r.localPath = QStringLiteral("/x/batch_001.jsonl");
            QVERIFY(!store.insertBatch(r));
        }
        {
            // Make it look like a project written before the cost columns existed.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DELETE FROM meta WHERE key = 'cost.prices'")));
            for (const char *column : { "usage_requests", "usage_prompt", "usage_candidates",
                     "usage_thoughts", "usage_cached", "usage_long_prompt", "usage_long_candidates",
                     "usage_long_thoughts", "usage_long_cached" })
                QVERIFY(q.exec(
                    QStringLiteral("ALTER TABLE batches DROP COLUMN %1").arg(QLatin1StringView(column))));
            // And before what schema 3 added.
            QVERIFY(q.exec(QStringLiteral("DROP TABLE handover_claims")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE requests DROP COLUMN keyless")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE requests DROP COLUMN by_position")));
            for (const char *column : { "upload_path", "upload_sha256", "upload_size" })
                QVERIFY(q.exec(
                    QStringLiteral("ALTER TABLE batches DROP COLUMN %1").arg(QLatin1StringView(column))));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        {
            ProjectStore readOnly;
            QVERIFY(!readOnly.open(path, ProjectStore::Mode::ReadOnly));
            QCOMPARE(readOnly.batches().size(), 1);
            QVERIFY(readOnly.batches().first().usage.isEmpty());
            QCOMPARE(loadCostSettings(readOnly).prices, PriceTable::defaults());
        }
        ProjectStore store;
        QVERIFY(!store.open(path));
        QCOMPARE(store.batches().size(), 1);
        QVERIFY(!store.setting(QStringLiteral("cost.prices")).isEmpty());
    }

    void spendCapTextParses()
    {
        std::optional<double> cap;
        QVERIFY(parseSpendCap(QStringLiteral("12.5"), &cap));
        QCOMPARE(*cap, 12.5);
        QVERIFY(parseSpendCap(QStringLiteral("$3"), &cap));
        QCOMPARE(*cap, 3.0);
        QVERIFY(parseSpendCap(QStringLiteral("none"), &cap));
        QVERIFY(!cap);
        QVERIFY(!parseSpendCap(QStringLiteral("-1"), &cap));
        QVERIFY(!parseSpendCap(QStringLiteral("lots"), &cap));
        QVERIFY(!parseSpendCap(QStringLiteral("nan"), &cap));
        QCOMPARE(formatUsd(0.000123), QStringLiteral("$0.000123"));
        QCOMPARE(formatUsd(12.345), QStringLiteral("$12.35"));
    }
};

QTEST_GUILESS_MAIN(TestCostMath)
#include "tst_costmath.moc"
