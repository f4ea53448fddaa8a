#include "modelcatalog.h"
#include "pricetable.h"
#include "tierlimits.h"

#include <QTest>

using namespace bb;

namespace {

ModelInfo model(const QString &id, bool batch = true)
{
    ModelInfo m;
    m.id = id;
    m.supportedGenerationMethods = { QStringLiteral("generateContent"), QStringLiteral("countTokens") };
    if (batch)
        m.supportedGenerationMethods.append(QStringLiteral("batchGenerateContent"));
    return m;
}

} // namespace

class TestModelCatalog final : public QObject
{
    Q_OBJECT

private slots:
    void familiesAndGenerations_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("family");
        QTest::addColumn<QList<int>>("generation");
        QTest::addColumn<bool>("stable");
        QTest::newRow("flash") << "gemini-3.6-flash"
                               << "flash" << QList<int> { 3, 6 } << true;
        QTest::newRow("prefixed") << "models/gemini-3.5-flash"
                                  << "flash" << QList<int> { 3, 5 } << true;
        QTest::newRow("lite") << "gemini-3.5-flash-lite"
                              << "flash-lite" << QList<int> { 3, 5 } << true;
        QTest::newRow("version") << "gemini-2.5-flash-001"
                                 << "flash" << QList<int> { 2, 5 } << true;
        QTest::newRow("pro preview") << "gemini-3.1-pro-preview"
                                     << "pro" << QList<int> { 3, 1 } << false;
        QTest::newRow("dated preview") << "gemini-2.5-flash-lite-preview-06-17"
                                       << "flash-lite" << QList<int> { 2, 5 } << false;
        QTest::newRow("image") << "gemini-3.1-flash-image-preview"
                               << "flash-image" << QList<int> { 3, 1 } << false;
        QTest::newRow("one number") << "gemini-3-pro-image-preview"
                                    << "pro-image" << QList<int> { 3 } << false;
        QTest::newRow("alias") << "gemini-flash-latest"
                               << "" << QList<int> {} << false;
        QTest::newRow("embedding") << "gemini-embedding-001"
                                   << "embedding" << QList<int> {} << true;
        QTest::newRow("other") << "imagen-4.0-generate-001"
                               << "" << QList<int> {} << true;
    }
    void familiesAndGenerations()
    {
        QFETCH(QString, id);
        QFETCH(QString, family);
        QFETCH(QList<int>, generation);
        QFETCH(bool, stable);
        QCOMPARE(modelFamily(id), family);
        QCOMPARE(modelGeneration(id), generation);
        QCOMPARE(isStableModel(id), stable);
    }

    void defaultIsTheNewestStableFlashThatDoesBatches()
    {
        // The server's order is not by age, and it lists what cannot batch.
        const QList<ModelInfo> listed { model(QStringLiteral("gemini-3.5-flash-lite")),
            model(QStringLiteral("gemini-3.1-pro-preview")), model(QStringLiteral("gemini-3.5-flash")),
            model(QStringLiteral("gemini-4.0-flash-preview")), model(QStringLiteral("gemini-flash-latest")),
            model(QStringLiteral("gemini-3.6-flash")), model(QStringLiteral("gemini-9.0-flash"), false),
            model(QStringLiteral("gemini-embedding-001"), false) };
        QCOMPARE(defaultBatchModel(listed), QStringLiteral("gemini-3.6-flash"));
        QCOMPARE(batchModels(listed).size(), 6);
        QVERIFY(!modelIds(batchModels(listed)).contains(QStringLiteral("gemini-9.0-flash")));

        // No stable Flash: the newest stable batch model, then anything that batches.
        QCOMPARE(defaultBatchModel(QList<ModelInfo> { model(QStringLiteral("gemini-3.1-pro-preview")),
                     model(QStringLiteral("gemini-3.1-flash-lite")),
                     model(QStringLiteral("gemini-3.5-flash-lite")) }),
            QStringLiteral("gemini-3.5-flash-lite"));
        QCOMPARE(defaultBatchModel(QList<ModelInfo> { model(QStringLiteral("gemini-3.1-pro-preview")) }),
            QStringLiteral("gemini-3.1-pro-preview"));
        QVERIFY(defaultBatchModel(QList<ModelInfo> { model(QStringLiteral("gemini-3.6-flash"), false) })
                    .isEmpty());
        QVERIFY(defaultBatchModel(QList<ModelInfo> {}).isEmpty());
    }

    void builtInDataHasADateAndCurrentModels()
    {
        const PriceTable &prices = PriceTable::published();
        QVERIFY(!prices.asOf.isEmpty());
        QVERIFY(QDate::fromString(prices.asOf, Qt::ISODate).isValid());
        QVERIFY(prices.find(u"gemini-3.5-flash"));
        const TierLimitTable &limits = TierLimitTable::published();
        QVERIFY(QDate::fromString(limits.asOf, Qt::ISODate).isValid());
        QCOMPARE(limits.concurrentBatches, 100);
        // changes-2026 §4, Tier 1 / 2 / 3.
        QCOMPARE(defaultEnqueuedTokens(QStringLiteral("gemini-3.6-flash"), 1), 3'000'000);
        QCOMPARE(defaultEnqueuedTokens(QStringLiteral("models/gemini-3.5-flash-lite"), 2), 500'000'000);
        QCOMPARE(defaultEnqueuedTokens(QStringLiteral("gemini-3.1-pro-preview"), 1), 5'000'000);
        QCOMPARE(defaultEnqueuedTokens(QStringLiteral("gemini-2.0-flash"), 3), 5'000'000'000);
        QCOMPARE(defaultEnqueuedTokens(QStringLiteral("gemini-embedding-001"), 3), 10'000'000);
        // Not in the table: its family's newest row, else Flash.
        QCOMPARE(defaultEnqueuedTokens(QStringLiteral("gemini-3.7-flash-lite"), 1), 10'000'000);
        QCOMPARE(defaultEnqueuedTokens(QStringLiteral("something-else"), 1), 3'000'000);
    }

    void aModelWithoutAPriceIsEstimatedFromItsFamily()
    {
        const PriceTable &prices = PriceTable::published();
        const PriceLookup exact = prices.lookup(u"models/gemini-3.5-flash");
        QVERIFY(exact && !exact.fromFamily);
        QCOMPARE(exact.price->model, QStringLiteral("gemini-3.5-flash"));
        const PriceLookup versioned = prices.lookup(u"gemini-3.5-flash-002");
        QVERIFY(versioned && !versioned.fromFamily);

        const PriceLookup newer = prices.lookup(u"gemini-3.6-flash");
        QVERIFY(newer && newer.fromFamily);
        QCOMPARE(newer.price->model, QStringLiteral("gemini-3.5-flash")); // the newest stable Flash priced
        const PriceLookup lite = prices.lookup(u"gemini-3.5-flash-lite");
        QVERIFY(lite && lite.fromFamily);
        QCOMPARE(lite.price->model, QStringLiteral("gemini-3.1-flash-lite")); // never a Flash price
        const PriceLookup preview = prices.lookup(u"gemini-4.0-pro-preview");
        QVERIFY(preview && preview.fromFamily);
        QCOMPARE(preview.price->model, QStringLiteral("gemini-3.1-pro-preview")); // a preview like it

        QVERIFY(!prices.lookup(u"imagen-4.0-generate-001"));
        QVERIFY(!prices.lookup(u"gemini-flash-latest")); // an alias says nothing about its price
    }

    void malformedLimitDataIsRefused()
    {
        TierLimitTable table;
        QString error;
        QVERIFY(!TierLimitTable::fromJson("{", &table, &error));
        QVERIFY(!TierLimitTable::fromJson(
            R"({"asOf":"2026-09-12","models":[{"model":"x","tiers":[1,2]}]})", &table, &error));
        QVERIFY(!TierLimitTable::fromJson(
            R"({"asOf":"","models":[{"model":"x","tiers":[1,2,3]}]})", &table, &error));
        QVERIFY(TierLimitTable::fromJson(
            R"({"asOf":"2026-09-12","models":[{"model":"models/x","tiers":[1,2,3]}]})", &table, &error));
        QCOMPARE(table.rows.first().model, QStringLiteral("x"));
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_modelcatalog.moc"
