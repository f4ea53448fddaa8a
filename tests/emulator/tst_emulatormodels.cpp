// Models API of the emulator (changes-2026.md row 1): models.list with paging, models.get, the
// 404s for retired and unknown models on create and generate, and the configurable catalog.
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QJsonArray>
#include <QTemporaryFile>
#include <QTest>

using namespace bb::test;

namespace {

const QString kRetired2_5Flash = QStringLiteral(
    "This model models/gemini-2.5-flash is no longer available to new users. Please update your code to use "
    "models/gemini-3.6-flash for the latest features and improvements.");

QStringList namesOf(const QJsonArray &models)
{
    QStringList out;
    for (const QJsonValue &m : models)
        out.append(m[QStringLiteral("name")].toString());
    return out;
}

QStringList methodsOf(const QJsonObject &model)
{
    QStringList out;
    for (const QJsonValue &m : model[QStringLiteral("supportedGenerationMethods")].toArray())
        out.append(m.toString());
    return out;
}

QString notFoundFor(const QString &model, const QString &version, const QString &method)
{
    return QStringLiteral("models/%1 is not found for API version %2, or is not supported for %3. Call "
                          "ListModels to see the list of available models and their supported methods.")
        .arg(model, version, method);
}

} // namespace

class TestEmulatorModels final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_emu.start(), qPrintable(m_emu.errorString())); }
    void init() { QVERIFY(m_emu.reset()); }

    void defaultListHasCurrentModelsOnly()
    {
        for (const QString &version : { QStringLiteral("v1beta"), QStringLiteral("v1") }) {
            const auto r = m_emu.get(QStringLiteral("/%1/models").arg(version));
            QCOMPARE(r.status, 200);
            QVERIFY(!r.json().contains(QStringLiteral("nextPageToken"))); // fewer than 50
            const QStringList names = namesOf(r.json()[QStringLiteral("models")].toArray());
            for (const QString &current : { QStringLiteral("gemini-3.6-flash"),
                     QStringLiteral("gemini-3.5-flash"), QStringLiteral("gemini-3.5-flash-lite"),
                     QStringLiteral("gemini-3.1-flash-lite"), QStringLiteral("gemini-3.1-pro-preview"),
                     QStringLiteral("gemini-embedding-001"), QStringLiteral("gemini-flash-latest") })
                QVERIFY2(names.contains(QStringLiteral("models/") + current), qPrintable(current));
            for (const QString &retired : { QStringLiteral("gemini-2.0-flash"),
                     QStringLiteral("gemini-2.0-flash-lite"), QStringLiteral("gemini-2.5-flash"),
                     QStringLiteral("gemini-2.5-flash-lite"), QStringLiteral("gemini-2.5-pro") })
                QVERIFY2(!names.contains(QStringLiteral("models/") + retired), qPrintable(retired));
        }
    }

    void modelResourceFields()
    {
        const auto r = m_emu.get(QStringLiteral("/v1beta/models/gemini-3.6-flash"));
        QCOMPARE(r.status, 200);
        const QJsonObject m = r.json();
        QCOMPARE(m[QStringLiteral("name")].toString(), QStringLiteral("models/gemini-3.6-flash"));
        QCOMPARE(m[QStringLiteral("baseModelId")].toString(), QStringLiteral("gemini-3.6-flash"));
        for (const QString &text :
            { QStringLiteral("version"), QStringLiteral("displayName"), QStringLiteral("description") })
            QVERIFY2(!m[text].toString().isEmpty(), qPrintable(text));
        QVERIFY(m[QStringLiteral("inputTokenLimit")].toInt() >= 1000000);
        QVERIFY(m[QStringLiteral("outputTokenLimit")].toInt() > 0);
        QCOMPARE(methodsOf(m),
            (QStringList { QStringLiteral("generateContent"), QStringLiteral("countTokens"),
                QStringLiteral("createCachedContent"), QStringLiteral("batchGenerateContent") }));
        for (const QString &number : { QStringLiteral("temperature"), QStringLiteral("maxTemperature"),
                 QStringLiteral("topP"), QStringLiteral("topK") })
            QVERIFY2(m[number].isDouble(), qPrintable(number));
        QCOMPARE(m[QStringLiteral("thinking")].toBool(), true);

        const QJsonObject embedding = m_emu.get(QStringLiteral("/v1/models/gemini-embedding-001")).json();
        QVERIFY(methodsOf(embedding).contains(QStringLiteral("embedContent")));
        QVERIFY(methodsOf(embedding).contains(QStringLiteral("asyncBatchEmbedContent")));
        QVERIFY(!methodsOf(embedding).contains(QStringLiteral("batchGenerateContent")));
    }

    void clientsMustFilterByMethod()
    {
        const QJsonArray models
            = m_emu.get(QStringLiteral("/v1beta/models")).json()[QStringLiteral("models")].toArray();
        QStringList batchCapable, others;
        for (const QJsonValue &v : models)
            (methodsOf(v.toObject()).contains(QStringLiteral("batchGenerateContent")) ? batchCapable : others)
                .append(v[QStringLiteral("name")].toString());
        QCOMPARE(batchCapable,
            (QStringList { QStringLiteral("models/gemini-3.6-flash"),
                QStringLiteral("models/gemini-3.5-flash"), QStringLiteral("models/gemini-3.5-flash-lite"),
                QStringLiteral("models/gemini-3.1-flash-lite"),
                QStringLiteral("models/gemini-3.1-pro-preview") }));
        QVERIFY(others.contains(QStringLiteral("models/gemini-flash-latest")));
        QVERIFY(others.size() >= 3); // the alias, the embedding model and at least one special model
        // The alias serves generateContent but refuses batch creation like Google.
        const auto create = createFileBatch(
            m_emu, QStringLiteral("files/x"), QStringLiteral("alias"), QStringLiteral("gemini-flash-latest"));
        QCOMPARE(create.status, 404);
        QCOMPARE(errorOf(create)[QStringLiteral("message")].toString(),
            notFoundFor(QStringLiteral("gemini-flash-latest"), QStringLiteral("v1beta"),
                QStringLiteral("batchGenerateContent")));
    }

    void paging()
    {
        QStringList walked;
        QString token;
        int pages = 0;
        do {
            const auto r = m_emu.get(QStringLiteral("/v1beta/models?pageSize=2")
                + (token.isEmpty() ? QString() : QStringLiteral("&pageToken=") + token));
            QCOMPARE(r.status, 200);
            const QJsonArray models = r.json()[QStringLiteral("models")].toArray();
            QVERIFY(models.size() <= 2);
            walked += namesOf(models);
            token = r.json()[QStringLiteral("nextPageToken")].toString();
            ++pages;
        } while (!token.isEmpty() && pages < 20);
        const QStringList all
            = namesOf(m_emu.get(QStringLiteral("/v1beta/models")).json()[QStringLiteral("models")].toArray());
        QCOMPARE(walked, all);
        QCOMPARE(pages, int((all.size() + 1) / 2));

        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/models?pageSize=-1")).status, 400);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/models?pageSize=abc")).status, 400);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/models?pageToken=garbage")).status, 400);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/models?filter=name%3Dx")).status, 400);
    }

    void pageSizeDefaultsTo50AndCapsAt1000()
    {
        QJsonArray many;
        for (int i = 0; i < 1100; ++i)
            many.append(QJsonObject {
                { QStringLiteral("name"), QStringLiteral("models/m-%1").arg(i, 4, 10, QLatin1Char('0')) },
                { QStringLiteral("supportedGenerationMethods"),
                    QJsonArray { QStringLiteral("generateContent") } } });
        QVERIFY(!m_emu.configure({ { QStringLiteral("models"), many } }).isEmpty());
        auto r = m_emu.get(QStringLiteral("/v1beta/models"));
        QCOMPARE(r.json()[QStringLiteral("models")].toArray().size(), 50);
        QVERIFY(r.json().contains(QStringLiteral("nextPageToken")));
        r = m_emu.get(QStringLiteral("/v1beta/models?pageSize=5000"));
        QCOMPARE(r.json()[QStringLiteral("models")].toArray().size(), 1000);
        r = m_emu.get(QStringLiteral("/v1beta/models?pageSize=1000&pageToken=")
            + r.json()[QStringLiteral("nextPageToken")].toString());
        QCOMPARE(r.json()[QStringLiteral("models")].toArray().size(), 100);
        QCOMPARE(r.json()[QStringLiteral("models")].toArray().last()[QStringLiteral("name")].toString(),
            QStringLiteral("models/m-1099"));
        QVERIFY(!r.json().contains(QStringLiteral("nextPageToken")));
    }

    void unknownModelIs404()
    {
        const auto r = m_emu.get(QStringLiteral("/v1beta/models/gemini-9-ultra"));
        QCOMPARE(r.status, 404);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("NOT_FOUND"));
        QCOMPARE(errorOf(r)[QStringLiteral("message")].toString(),
            notFoundFor(QStringLiteral("gemini-9-ultra"), QStringLiteral("v1beta"), QStringLiteral("get")));

        const auto create = createFileBatch(
            m_emu, QStringLiteral("files/x"), QStringLiteral("u"), QStringLiteral("gemini-9-ultra"));
        QCOMPARE(create.status, 404);
        QCOMPARE(errorOf(create)[QStringLiteral("message")].toString(),
            notFoundFor(QStringLiteral("gemini-9-ultra"), QStringLiteral("v1beta"),
                QStringLiteral("batchGenerateContent")));
        const auto embed = m_emu.request("POST",
            QStringLiteral("/v1/models/gemini-3.5-flash:asyncBatchEmbedContent"), QByteArrayLiteral("{}"));
        QCOMPARE(embed.status, 404);
        QCOMPARE(errorOf(embed)[QStringLiteral("message")].toString(),
            notFoundFor(QStringLiteral("gemini-3.5-flash"), QStringLiteral("v1"),
                QStringLiteral("asyncBatchEmbedContent")));
    }

    void retiredModelsAnswerTheLive404_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("batchGenerateContent")
            << QStringLiteral("/v1beta/models/gemini-2.5-flash:batchGenerateContent");
        QTest::newRow("asyncBatchEmbedContent")
            << QStringLiteral("/v1/models/gemini-2.5-flash:asyncBatchEmbedContent");
        QTest::newRow("generateContent") << QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent");
    }

    void retiredModelsAnswerTheLive404()
    {
        QFETCH(QString, path);
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(2), 100);
        const QJsonObject body { { QStringLiteral("batch"),
            QJsonObject { { QStringLiteral("inputConfig"),
                QJsonObject { { QStringLiteral("fileName"), file[QStringLiteral("name")] } } } } } };
        const auto r = m_emu.postJson(path, body);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json(),
            (QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), 404 },
                    { QStringLiteral("message"), kRetired2_5Flash },
                    { QStringLiteral("status"), QStringLiteral("NOT_FOUND") } } } }));
        // Nothing was created and no quota used.
        QVERIFY(m_emu.state()[QStringLiteral("batches")].toArray().isEmpty());
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/models/gemini-2.5-flash")).status, 404);
    }

    void retiredWordingPerModel()
    {
        const auto pro = m_emu.request("POST",
            QStringLiteral("/v1beta/models/gemini-2.5-pro:batchGenerateContent"), QByteArrayLiteral("{}"));
        QCOMPARE(errorOf(pro)[QStringLiteral("message")].toString(),
            QStringLiteral(
                "This model models/gemini-2.5-pro is no longer available to new users. Please update your "
                "code to use models/gemini-3.1-pro-preview for the latest features and improvements."));
        // 2.0 Flash got the generic wording (2026-02).
        const auto old
            = m_emu.request("POST", QStringLiteral("/v1beta/models/gemini-2.0-flash:generateContent"),
                QByteArrayLiteral("{\"contents\":[]}"));
        QCOMPARE(errorOf(old)[QStringLiteral("message")].toString(),
            QStringLiteral(
                "This model models/gemini-2.0-flash is no longer available to new users. Please update your "
                "code to use a newer model for the latest features and improvements."));
    }

    void generateContent()
    {
        const QByteArray body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Name a "
                                "prime\"}]}],\"generation_config\":{\"temperature\":0.1}}";
        const auto r
            = m_emu.request("POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:generateContent"), body);
        QCOMPARE(r.status, 200);
        const QJsonObject response = r.json();
        QCOMPARE(response[QStringLiteral("candidates")][0][QStringLiteral("content")][QStringLiteral("parts")]
                         [0][QStringLiteral("text")]
                             .toString(),
            QStringLiteral("Refined: Name a prime"));
        QCOMPARE(response[QStringLiteral("modelVersion")].toString(), QStringLiteral("gemini-3.5-flash"));
        QVERIFY(response[QStringLiteral("usageMetadata")].toObject().contains(
            QStringLiteral("thoughtsTokenCount")));
        // Same request, same answer.
        QCOMPARE(
            m_emu.request("POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:generateContent"), body)
                .json(),
            response);
        // A non-thinking model reports no thoughts.
        QVERIFY(
            !m_emu.request("POST", QStringLiteral("/v1/models/gemini-3.5-flash-lite:generateContent"), body)
                 .json()[QStringLiteral("usageMetadata")]
                 .toObject()
                 .contains(QStringLiteral("thoughtsTokenCount")));
        QCOMPARE(m_emu
                     .request("POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:generateContent"),
                         QByteArrayLiteral("{\"contents\":{}}"))
                     .status,
            400);
        QCOMPARE(m_emu
                     .request("POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:generateContent"),
                         QByteArrayLiteral("{nope"))
                     .status,
            400);
        const auto embedModel = m_emu.request(
            "POST", QStringLiteral("/v1beta/models/gemini-embedding-001:generateContent"), body);
        QCOMPARE(embedModel.status, 404);
        QCOMPARE(errorOf(embedModel)[QStringLiteral("message")].toString(),
            notFoundFor(QStringLiteral("gemini-embedding-001"), QStringLiteral("v1beta"),
                QStringLiteral("generateContent")));
    }

    void configurableCatalog()
    {
        const QJsonArray models {
            QJsonObject { { QStringLiteral("name"), QStringLiteral("models/gemini-9-flash") },
                { QStringLiteral("displayName"), QStringLiteral("Gemini 9 Flash") },
                { QStringLiteral("supportedGenerationMethods"),
                    QJsonArray {
                        QStringLiteral("generateContent"), QStringLiteral("batchGenerateContent") } } },
            QJsonObject { { QStringLiteral("name"), QStringLiteral("gemini-3.5-flash") },
                { QStringLiteral("supported_generation_methods"),
                    QJsonArray { QStringLiteral("generateContent") } } },
        };
        const QJsonObject config = m_emu.configure({ { QStringLiteral("models"), models },
            { QStringLiteral("retiredModels"), QJsonArray { QStringLiteral("gemini-3.6-flash") } } });
        QVERIFY(!config.isEmpty());
        QCOMPARE(config[QStringLiteral("retiredModels")].toArray(),
            (QJsonArray { QStringLiteral("gemini-3.6-flash") }));
        QCOMPARE(
            namesOf(m_emu.get(QStringLiteral("/v1beta/models")).json()[QStringLiteral("models")].toArray()),
            (QStringList {
                QStringLiteral("models/gemini-9-flash"), QStringLiteral("models/gemini-3.5-flash") }));
        QCOMPARE(methodsOf(m_emu.get(QStringLiteral("/v1beta/models/gemini-3.5-flash")).json()),
            QStringList { QStringLiteral("generateContent") });

        const QJsonObject file = uploadBytes(m_emu, makeJsonl(2), 100);
        const QString name = file[QStringLiteral("name")].toString();
        QCOMPARE(
            createFileBatch(m_emu, name, QStringLiteral("a"), QStringLiteral("gemini-9-flash")).status, 200);
        QCOMPARE(createFileBatch(m_emu, name, QStringLiteral("b"), QStringLiteral("gemini-3.5-flash")).status,
            404);
        const auto retired
            = createFileBatch(m_emu, name, QStringLiteral("c"), QStringLiteral("gemini-3.6-flash"));
        QCOMPARE(retired.status, 404);
        QVERIFY(errorOf(retired)[QStringLiteral("message")].toString().startsWith(
            QStringLiteral("This model models/gemini-3.6-flash is no longer available to new users.")));
        // An empty retired list brings 2.5 Flash back (if listed).
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("retiredModels"), QJsonArray() },
                         { QStringLiteral("models"),
                             QJsonArray { QJsonObject {
                                 { QStringLiteral("name"), QStringLiteral("models/gemini-2.5-flash") },
                                 { QStringLiteral("supportedGenerationMethods"),
                                     QJsonArray { QStringLiteral("batchGenerateContent") } } } } } })
                     .isEmpty());
        QCOMPARE(createFileBatch(m_emu, name, QStringLiteral("d"), QStringLiteral("gemini-2.5-flash")).status,
            200);

        // Malformed catalogs are refused; reset brings the defaults back.
        QCOMPARE(
            m_emu.postJson(QStringLiteral("/emulator/config"), { { QStringLiteral("models"), 5 } }).status,
            400);
        QCOMPARE(m_emu
                     .postJson(QStringLiteral("/emulator/config"),
                         { { QStringLiteral("models"),
                             QJsonArray { QJsonObject { { QStringLiteral("displayName"), 1 } } } } })
                     .status,
            400);
        QCOMPARE(m_emu
                     .postJson(QStringLiteral("/emulator/config"),
                         { { QStringLiteral("retiredModels"), QJsonArray { 3 } } })
                     .status,
            400);
        QVERIFY(m_emu.reset());
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/models/gemini-3.6-flash")).status, 200);
    }

    void catalogFromConfigFile()
    {
        QTemporaryFile config;
        QVERIFY(config.open());
        config.write("{\"models\":[{\"name\":\"models/"
                     "only-one\",\"supportedGenerationMethods\":[\"batchGenerateContent\"]}],"
                     "\"retiredModels\":[{\"id\":\"gemini-3.5-flash\",\"replacement\":\"only-one\"}]}");
        config.flush();
        EmulatorProcess custom;
        QVERIFY2(custom.start({ QStringLiteral("--config"), config.fileName() }),
            qPrintable(custom.errorString()));
        QCOMPARE(
            namesOf(custom.get(QStringLiteral("/v1beta/models")).json()[QStringLiteral("models")].toArray()),
            QStringList { QStringLiteral("models/only-one") });
        QCOMPARE(errorOf(custom.request("POST",
                     QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"),
                     QByteArrayLiteral("{}")))[QStringLiteral("message")]
                     .toString(),
            QStringLiteral(
                "This model models/gemini-3.5-flash is no longer available to new users. Please update your "
                "code to use models/only-one for the latest features and improvements."));
    }

private:
    EmulatorProcess m_emu;
};

QTEST_GUILESS_MAIN(TestEmulatorModels)
#include "tst_emulatormodels.moc"
