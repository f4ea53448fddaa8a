// The 2026 behaviour of the service (shared/gemini/changes-2026.md): create-time validation, cancel
// with partial output, delete, output files, lists, fault presets, update, webhookConfig and the
// quirk switches. The clock is frozen (speed 1e-9): only advanceClock moves it.
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace bb::test;

namespace {

QJsonObject meta(const QJsonObject &op)
{
    return op[QStringLiteral("metadata")].toObject();
}

QJsonObject stats(const QJsonObject &op)
{
    return meta(op)[QStringLiteral("batchStats")].toObject();
}

QList<QByteArray> rawLines(const QByteArray &body)
{
    QList<QByteArray> out;
    for (const QByteArray &line : body.split('\n')) {
        if (!line.isEmpty())
            out.append(line);
    }
    return out;
}

QJsonObject inlineBatchBody(int count, const QString &prefix)
{
    QJsonArray requests;
    for (int i = 0; i < count; ++i)
        requests.append(QJsonObject {
            { QStringLiteral("request"),
                QJsonObject { { QStringLiteral("contents"),
                    QJsonArray { QJsonObject { { QStringLiteral("parts"),
                        QJsonArray { QJsonObject {
                            { QStringLiteral("text"), QStringLiteral("p%1").arg(i) } } } } } } } } },
            { QStringLiteral("metadata"),
                QJsonObject { { QStringLiteral("key"), QStringLiteral("%1-%2").arg(prefix).arg(i) } } },
        });
    return QJsonObject { { QStringLiteral("batch"),
        QJsonObject { { QStringLiteral("displayName"), prefix },
            { QStringLiteral("inputConfig"),
                QJsonObject { { QStringLiteral("requests"),
                    QJsonObject { { QStringLiteral("requests"), requests } } } } } } } };
}

QJsonArray inlinedOf(const QJsonObject &op)
{
    return meta(op)[QStringLiteral("output")]
        .toObject()[QStringLiteral("inlinedResponses")]
        .toObject()[QStringLiteral("inlinedResponses")]
        .toArray();
}

QJsonObject rule(const QString &preset, const QString &path = QStringLiteral("batchGenerateContent"))
{
    return QJsonObject { { QStringLiteral("path"), path }, { QStringLiteral("preset"), preset },
        { QStringLiteral("times"), 1 } };
}

} // namespace

class TestEmulator2026 final : public QObject
{
    Q_OBJECT

private:
    QString createFrom(const QByteArray &jsonl, const QString &displayName, int *status = nullptr,
        QJsonObject *error = nullptr)
    {
        const QJsonObject file = uploadBytes(m_emu, jsonl, 1 << 20);
        const auto r = createFileBatch(m_emu, file[QStringLiteral("name")].toString(), displayName);
        if (status)
            *status = r.status;
        if (error)
            *error = errorOf(r);
        return r.json()[QStringLiteral("name")].toString();
    }

    QString path(const QString &name) const { return QStringLiteral("/v1beta/") + name; }

    EmulatorProcess m_emu;

private slots:
    void initTestCase() { QVERIFY2(m_emu.start(), qPrintable(m_emu.errorString())); }
    void init()
    {
        QVERIFY(m_emu.reset());
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("speed"), 1e-9 }, { QStringLiteral("pendingSeconds"), 60 },
                         { QStringLiteral("runningSeconds"), 100 }, { QStringLiteral("failedLineRate"), 0 } })
                     .isEmpty());
    }

    // Row 2: the first bad line rejects the create; nothing is created and no quota is used.
    void badLineRejectsCreate_data()
    {
        QTest::addColumn<QByteArray>("jsonl");
        QTest::addColumn<QString>("message");
        const QByteArray ok = "{\"key\":\"ok\",\"request\":{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}}"
                              "\n";
        QTest::newRow("request is an array (the live example)")
            << QByteArray("{\"key\":\"a1\",\"request\":[]}")
            << QStringLiteral(
                   "Error on line 1: invalid JSON, near column 23: unexpected character: '['; expected '{'");
        QTest::newRow("not JSON, after a blank line")
            << QByteArray(ok + "\nnot json\n")
            << QStringLiteral(
                   "Error on line 3: invalid JSON, near column 1: unexpected character: 'n'; expected '{'");
        QTest::newRow("array line") << QByteArray(ok + "[1]\n")
                                    << QStringLiteral(
                                           "Error on line 2: invalid JSON, near column 1: unexpected "
                                           "character: '['; expected '{'");
        QTest::newRow("missing request") << QByteArray(
            "{\"key\":\"x\"}") << QStringLiteral("Error on line 1: missing required field \"request\"");
        QTest::newRow("key is a number")
            << QByteArray("{\"key\":5,\"request\":{}}")
            << QStringLiteral(
                   "Error on line 1: invalid JSON, near column 8: unexpected character: '5'; expected '\"'");
        QTest::newRow("contents not an array")
            << QByteArray("{\"request\":{\"contents\":{\"parts\":[]}}}")
            << QStringLiteral(
                   "Error on line 1: invalid JSON, near column 24: unexpected character: '{'; expected '['");
        QTest::newRow("snake_case generation_config not an object")
            << QByteArray("{\"request\":{\"generation_config\":\"x\"}}")
            << QStringLiteral(
                   "Error on line 1: invalid JSON, near column 33: unexpected character: '\"'; expected '{'");
        QTest::newRow("truncated") << QByteArray(ok + "{\"key\":\"t\",\"request\":{") << QString();
    }

    void badLineRejectsCreate()
    {
        QFETCH(QByteArray, jsonl);
        QFETCH(QString, message);
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("limits"),
                         QJsonObject { { QStringLiteral("batchCreatesPerMinute"), 1 } } } })
                     .isEmpty());
        int status = 0;
        QJsonObject error;
        createFrom(jsonl, QStringLiteral("bad"), &status, &error);
        QCOMPARE(status, 400);
        QCOMPARE(error[QStringLiteral("status")].toString(), QStringLiteral("INVALID_ARGUMENT"));
        if (message.isEmpty())
            QVERIFY2(error[QStringLiteral("message")].toString().startsWith(
                         QStringLiteral("Error on line 2: invalid JSON, near column ")),
                qPrintable(error[QStringLiteral("message")].toString()));
        else
            QCOMPARE(error[QStringLiteral("message")].toString(), message);
        QVERIFY(m_emu.state()[QStringLiteral("batches")].toArray().isEmpty());
        // The one create a minute is still free.
        int okStatus = 0;
        createFrom(makeJsonl(2), QStringLiteral("good"), &okStatus);
        QCOMPARE(okStatus, 200);
    }

    void acceptedLineShapes()
    {
        const QByteArray jsonl
            = "{\"request\":{\"contents\":[{\"parts\":[{\"text\":\"no key\"}]}]}}"
              "\n"
              "{\"key\":\"s\",\"extra\":[1],\"request\":{\"system_instruction\":{\"parts\":[{\"text\":"
              "\"terse\"}]},\"contents\":[],\"generation_config\":{\"temperature\":0}}}"
              "\n\n"
              "{\"key\":\"c\",\"request\":{\"systemInstruction\":{\"parts\":[]},\"generationConfig\":{},"
              "\"tools\":[],\"safetySettings\":[],\"cachedContent\":\"cachedContents/x\"}}"
              "\n";
        int status = 0;
        const QString name = createFrom(jsonl, QStringLiteral("shapes"), &status);
        QCOMPARE(status, 200);
        QVERIFY(m_emu.advanceClock(161));
        const QJsonObject done = m_emu.get(path(name)).json();
        QCOMPARE(stats(done)[QStringLiteral("successfulRequestCount")].toString(), QStringLiteral("3"));
    }

    void badInlineRequestRejectsCreate()
    {
        QJsonObject body = inlineBatchBody(3, QStringLiteral("in"));
        QJsonObject batch = body[QStringLiteral("batch")].toObject();
        QJsonObject input = batch[QStringLiteral("inputConfig")].toObject();
        QJsonArray requests
            = input[QStringLiteral("requests")].toObject()[QStringLiteral("requests")].toArray();
        requests[1] = QJsonObject { { QStringLiteral("metadata"),
            QJsonObject { { QStringLiteral("key"), QStringLiteral("x") } } } };
        input[QStringLiteral("requests")] = QJsonObject { { QStringLiteral("requests"), requests } };
        batch[QStringLiteral("inputConfig")] = input;
        body[QStringLiteral("batch")] = batch;
        const auto r
            = m_emu.postJson(QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"), body);
        QCOMPARE(r.status, 400);
        QCOMPARE(errorOf(r)[QStringLiteral("message")].toString(),
            QStringLiteral("* GenerateContentBatch.input_config.requests.requests[1].request: required field "
                           "is missing."));
        QVERIFY(m_emu.state()[QStringLiteral("batches")].toArray().isEmpty());

        const QByteArray wrongType = "{\"batch\":{\"inputConfig\":{\"requests\":{\"requests\":["
                                     "{\"request\":{\"contents\":\"x\"}}]}}}}";
        const auto typed = m_emu.request(
            "POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"), wrongType);
        QCOMPARE(typed.status, 400);
        QCOMPARE(errorOf(typed)[QStringLiteral("message")].toString(),
            QStringLiteral("* GenerateContentBatch.input_config.requests.requests[0].request.contents: must "
                           "be an array."));
    }

    // Rows 4 and 17.
    void cancelPendingIsInstantlyTerminal_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty body") << QByteArray();
        QTest::newRow("{}") << QByteArrayLiteral("{}");
    }

    void cancelPendingIsInstantlyTerminal()
    {
        QFETCH(QByteArray, body);
        const QString name
            = uploadAndCreate(m_emu, 4, QStringLiteral("cp"))[QStringLiteral("name")].toString();
        const auto r = m_emu.request("POST", path(name) + QStringLiteral(":cancel"), body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject());
        const QJsonObject op = m_emu.get(path(name)).json();
        QCOMPARE(batchState(op), QStringLiteral("BATCH_STATE_CANCELLED"));
        QCOMPARE(op[QStringLiteral("done")].toBool(), true);
        QCOMPARE(op[QStringLiteral("error")].toObject(),
            (QJsonObject { { QStringLiteral("code"), 13 },
                { QStringLiteral("message"), QStringLiteral("Batch was cancelled.") } }));
        QCOMPARE(stats(op),
            (QJsonObject { { QStringLiteral("requestCount"), QStringLiteral("4") },
                { QStringLiteral("pendingRequestCount"), QStringLiteral("4") } }));
        QVERIFY(!meta(op).contains(QStringLiteral("output")));
        QVERIFY(!op.contains(QStringLiteral("response")));
        QCOMPARE(
            m_emu.state()[QStringLiteral("usage")].toObject()[QStringLiteral("activeBatches")].toInt(), 0);
    }

    void cancelRefusesOtherBodies()
    {
        const QString name
            = uploadAndCreate(m_emu, 2, QStringLiteral("cb"))[QStringLiteral("name")].toString();
        QCOMPARE(m_emu
                     .request("POST", path(name) + QStringLiteral(":cancel"),
                         QByteArrayLiteral("{\"force\":true}"))
                     .status,
            400);
        QCOMPARE(
            m_emu.request("POST", path(name) + QStringLiteral(":cancel"), QByteArrayLiteral("{nope")).status,
            400);
        QCOMPARE(batchState(m_emu.get(path(name)).json()), QStringLiteral("BATCH_STATE_PENDING"));
    }

    void cancelRunningKeepsPartialOutput()
    {
        QByteArray jsonl = makeJsonl(8, QStringLiteral("c"));
        jsonl += "{\"request\":{\"contents\":[{\"parts\":[{\"text\":\"keyless a\"}]}]}}"
                 "\n"
                 "{\"request\":{\"contents\":[{\"parts\":[{\"text\":\"keyless b\"}]}]}}"
                 "\n";
        const QString name = createFrom(jsonl, QStringLiteral("cr"));
        QVERIFY(m_emu.advanceClock(60 + 51)); // 5.1 of 10 lines served
        QCOMPARE(batchState(m_emu.get(path(name)).json()), QStringLiteral("BATCH_STATE_RUNNING"));
        QCOMPARE(
            m_emu.request("POST", path(name) + QStringLiteral(":cancel"), QByteArrayLiteral("{}")).status,
            200);
        QVERIFY(m_emu.advanceClock(1000));

        const QJsonObject op = m_emu.get(path(name)).json();
        QCOMPARE(batchState(op), QStringLiteral("BATCH_STATE_CANCELLED"));
        QCOMPARE(op[QStringLiteral("done")].toBool(), true);
        QCOMPARE(op[QStringLiteral("error")].toObject()[QStringLiteral("code")].toInt(), 13);
        QCOMPARE(stats(op),
            (QJsonObject { { QStringLiteral("requestCount"), QStringLiteral("10") },
                { QStringLiteral("successfulRequestCount"), QStringLiteral("5") },
                { QStringLiteral("failedRequestCount"), QStringLiteral("5") } }));
        const QString output
            = meta(op)[QStringLiteral("output")].toObject()[QStringLiteral("responsesFile")].toString();
        QCOMPARE(output, QStringLiteral("files/batch-") + name.mid(8));
        QVERIFY(!op.contains(QStringLiteral("response"))); // an Operation has error or response, not both

        const QList<QByteArray> lines
            = rawLines(m_emu.get(QStringLiteral("/download/v1beta/%1:download?alt=media").arg(output)).body);
        QCOMPARE(lines.size(), 10);
        for (int i = 0; i < 5; ++i) {
            const QJsonObject line = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(line[QStringLiteral("key")].toString(),
                QStringLiteral("c-%1").arg(i, 4, 10, QLatin1Char('0')));
            QVERIFY(line.contains(QStringLiteral("response")));
        }
        QCOMPARE(lines[5], QByteArray("{\"error\":{\"code\":1},\"key\":\"c-0005\"}"));
        QCOMPARE(lines[7], QByteArray("{\"error\":{\"code\":1},\"key\":\"c-0007\"}"));
        QCOMPARE(lines[8], QByteArray("{\"error\":{\"code\":1}}"));
        QCOMPARE(lines[9], QByteArray("{\"error\":{\"code\":1}}"));
        QCOMPARE(m_emu.request("POST", path(name) + QStringLiteral(":cancel")).status, 400);
    }

    void cancelRunningInlineKeepsPartialResponses()
    {
        const auto create
            = m_emu.postJson(QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"),
                inlineBatchBody(4, QStringLiteral("i")));
        QCOMPARE(create.status, 200);
        const QString name = create.json()[QStringLiteral("name")].toString();
        QVERIFY(m_emu.advanceClock(60 + 50)); // 2 of 4 served
        QCOMPARE(m_emu.request("POST", path(name) + QStringLiteral(":cancel")).status, 200);
        const QJsonArray items = inlinedOf(m_emu.get(path(name)).json());
        QCOMPARE(items.size(), 4);
        QVERIFY(items[0].toObject().contains(QStringLiteral("response")));
        QVERIFY(items[1].toObject().contains(QStringLiteral("response")));
        QCOMPARE(items[2].toObject(),
            (QJsonObject { { QStringLiteral("error"), QJsonObject { { QStringLiteral("code"), 1 } } },
                { QStringLiteral("metadata"),
                    QJsonObject { { QStringLiteral("key"), QStringLiteral("i-2") } } } }));
        QCOMPARE(items[3].toObject()[QStringLiteral("error")].toObject(),
            (QJsonObject { { QStringLiteral("code"), 1 } }));
    }

    // Rows 6, 11, 24.
    void deleteRemovesOutput()
    {
        const QString name
            = uploadAndCreate(m_emu, 3, QStringLiteral("d"))[QStringLiteral("name")].toString();
        QVERIFY(m_emu.advanceClock(161));
        const QString output = QStringLiteral("files/batch-") + name.mid(8);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/%1:download?alt=media").arg(output)).status, 200);
        const auto r = m_emu.request("DELETE", path(name));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject());
        QCOMPARE(m_emu.get(path(name)).status, 404);
        QCOMPARE(m_emu.request("DELETE", path(name)).status, 404);
        for (const QString &url : { QStringLiteral("/v1beta/%1:download?alt=media"),
                 QStringLiteral("/download/v1beta/%1:download?alt=media") }) {
            const auto gone = m_emu.get(url.arg(output));
            QCOMPARE(gone.status, 404);
            QCOMPARE(errorOf(gone)[QStringLiteral("status")].toString(), QStringLiteral("NOT_FOUND"));
        }
    }

    void deletedJobKeepsCountingUntilItWouldEnd_data()
    {
        QTest::addColumn<bool>("keepRunning");
        QTest::newRow("default (keeps running)") << true;
        QTest::newRow("switched off") << false;
    }

    void deletedJobKeepsCountingUntilItWouldEnd()
    {
        QFETCH(bool, keepRunning);
        QJsonObject patch { { QStringLiteral("limits"),
            QJsonObject { { QStringLiteral("concurrentBatches"), 1 } } } };
        if (!keepRunning)
            patch.insert(QStringLiteral("quirks"),
                QJsonObject { { QStringLiteral("keepRunningAfterDelete"), false } });
        const QJsonObject config = m_emu.configure(patch);
        QCOMPARE(
            config[QStringLiteral("quirks")].toObject()[QStringLiteral("keepRunningAfterDelete")].toBool(),
            keepRunning);
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(5), 1 << 20);
        const QString input = file[QStringLiteral("name")].toString();
        const QString first
            = createFileBatch(m_emu, input, QStringLiteral("a")).json()[QStringLiteral("name")].toString();
        QVERIFY(m_emu.advanceClock(70)); // RUNNING
        QCOMPARE(m_emu.request("DELETE", path(first)).status, 200);
        QCOMPARE(m_emu.get(path(first)).status, 404);
        const QJsonObject usage = m_emu.state()[QStringLiteral("usage")].toObject();
        QCOMPARE(usage[QStringLiteral("activeBatches")].toInt(), keepRunning ? 1 : 0);
        QCOMPARE(
            usage[QStringLiteral("enqueuedTokens")].toObject().contains(QStringLiteral("gemini-3.5-flash")),
            keepRunning);
        QCOMPARE(createFileBatch(m_emu, input, QStringLiteral("b")).status, keepRunning ? 429 : 200);
        if (!keepRunning)
            return;
        QVERIFY(m_emu.advanceClock(89)); // 1 s before the deleted job would have finished
        QCOMPARE(createFileBatch(m_emu, input, QStringLiteral("b")).status, 429);
        QVERIFY(m_emu.advanceClock(1));
        QCOMPARE(createFileBatch(m_emu, input, QStringLiteral("b")).status, 200);
    }

    void outputRetentionIsItsOwnSetting()
    {
        QVERIFY(!m_emu.configure({ { QStringLiteral("outputTtlSeconds"), 600 } }).isEmpty());
        const QJsonObject op = uploadAndCreate(m_emu, 2, QStringLiteral("ttl"));
        QVERIFY(m_emu.advanceClock(160 + 599));
        const QString output = QStringLiteral("/v1beta/files/batch-%1:download?alt=media")
                                   .arg(op[QStringLiteral("name")].toString().mid(8));
        QCOMPARE(m_emu.get(output).status, 200);
        QVERIFY(m_emu.advanceClock(1));
        QCOMPARE(m_emu.get(output).status, 404);
        // The input file follows fileTtlSeconds (48 h), not the output setting.
        QCOMPARE(m_emu
                     .get(QStringLiteral("/v1beta/")
                         + meta(op)[QStringLiteral("inputConfig")][QStringLiteral("fileName")].toString())
                     .status,
            200);
        QCOMPARE(
            m_emu.get(QStringLiteral("/emulator/config")).json()[QStringLiteral("outputTtlSeconds")].toInt(),
            600);
        QVERIFY(m_emu.reset());
        QCOMPARE(
            m_emu.get(QStringLiteral("/emulator/config")).json()[QStringLiteral("outputTtlSeconds")].toInt(),
            172800);
    }

    // Row 7.
    void listsRefuseFilter()
    {
        for (const QString &list : { QStringLiteral("/v1beta/batches"), QStringLiteral("/v1beta/files"),
                 QStringLiteral("/v1/models") }) {
            const auto r = m_emu.get(list + QStringLiteral("?pageSize=5&filter=state%3DRUNNING"));
            QCOMPARE(r.status, 400);
            QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("INVALID_ARGUMENT"));
            QCOMPARE(m_emu.get(list + QStringLiteral("?pageSize=5&filter=")).status, 200);
        }
    }

    void emptyListWithoutPageSizeQuirk()
    {
        uploadAndCreate(m_emu, 2, QStringLiteral("q"));
        QVERIFY(!m_emu.get(QStringLiteral("/v1beta/batches")).json().isEmpty()); // off by default
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("quirks"),
                         QJsonObject { { QStringLiteral("emptyListWithoutPageSize"), true } } } })
                     .isEmpty());
        for (const QString &list : { QStringLiteral("/v1beta/batches"), QStringLiteral("/v1beta/files"),
                 QStringLiteral("/v1beta/models") }) {
            QCOMPARE(m_emu.get(list).json(), QJsonObject());
            QVERIFY2(!m_emu.get(list + QStringLiteral("?pageSize=50")).json().isEmpty(), qPrintable(list));
        }
    }

    // Rows 10, 17, 18.
    void faultPresets_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("status");
        QTest::addColumn<QJsonObject>("error");
        const auto e = [](int code, const QString &message) {
            return QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("message"), message },
                { QStringLiteral("status"), QStringLiteral("RESOURCE_EXHAUSTED") } };
        };
        const QString prepay
            = QStringLiteral("Your prepayment credits are depleted. Please go to AI Studio at "
                             "https://ai.studio/projects to manage your project and billing.");
        QTest::newRow("quota-no-details")
            << QStringLiteral("quota-no-details") << 429
            << e(429, QStringLiteral("Resource has been exhausted (e.g. check quota)."));
        QTest::newRow("prepay-depleted-429")
            << QStringLiteral("prepay-depleted-429") << 429 << e(429, prepay);
        QTest::newRow("prepay-depleted-402")
            << QStringLiteral("prepay-depleted-402") << 402 << e(402, prepay);
        QTest::newRow("billing-cap")
            << QStringLiteral("billing-cap") << 429
            << e(429,
                   QStringLiteral(
                       "Your project has reached the monthly spend cap of its billing tier. Requests are "
                       "paused until the cap resets or the project moves to a higher tier. Please go to AI "
                       "Studio at https://ai.studio/projects to manage your project and billing."));
        QTest::newRow("tier-drop")
            << QStringLiteral("tier-drop") << 429
            << e(429,
                   QStringLiteral(
                       "Your project's usage tier was lowered, so the requested capacity is no longer "
                       "available to it. Please go to AI Studio at https://ai.studio/projects to manage "
                       "your project and billing."));
    }

    void faultPresets()
    {
        QFETCH(QString, preset);
        QFETCH(int, status);
        QFETCH(QJsonObject, error);
        QVERIFY(m_emu.addFaults({ rule(preset) }));
        const auto r = createFileBatch(m_emu, QStringLiteral("files/x"), QStringLiteral("p"));
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Content-Type"), QByteArrayLiteral("application/json; charset=UTF-8"));
        QCOMPARE(r.json(), (QJsonObject { { QStringLiteral("error"), error } })); // no details at all
        QCOMPARE(m_emu.state()[QStringLiteral("faultsFired")]
                     .toObject()[QStringLiteral("preset-") + preset]
                     .toInt(),
            1);
        QCOMPARE(
            createFileBatch(m_emu, QStringLiteral("files/x"), QStringLiteral("p")).status, 403); // times: 1
    }

    void unavailableEmptyIsByteExact()
    {
        QVERIFY(m_emu.addFaults({ rule(QStringLiteral("unavailable-empty"), QStringLiteral("^/upload/")) }));
        QVERIFY(startUpload(m_emu, 10, QStringLiteral("u")).isEmpty());
        QCOMPARE(m_emu.lastReply().status, 503);
        QCOMPARE(m_emu.lastReply().body,
            QByteArray("{\"error\":{\"message\":\"\",\"code\":503,\"status\":\"Service Unavailable\"}}"));
    }

    void freeTierLimitZero()
    {
        QVERIFY(m_emu.addFaults({ rule(QStringLiteral("free-tier-limit-0")) }));
        const auto r = createFileBatch(
            m_emu, QStringLiteral("files/x"), QStringLiteral("f"), QStringLiteral("gemini-3.6-flash"));
        QCOMPARE(r.status, 429);
        const QJsonObject error = errorOf(r);
        QCOMPARE(error[QStringLiteral("status")].toString(), QStringLiteral("RESOURCE_EXHAUSTED"));
        const QString message = error[QStringLiteral("message")].toString();
        QVERIFY(message.startsWith(
            QStringLiteral("You exceeded your current quota, please check your plan and billing details.")));
        QVERIFY(message.contains(
            QStringLiteral("\n* Quota exceeded for metric: "
                           "generativelanguage.googleapis.com/generate_content_free_tier_requests, "
                           "limit: 0, model: gemini-3.6-flash\n")));
        QVERIFY(message.endsWith(QStringLiteral("\nPlease retry in 10.689924287s.")));
        const QJsonArray details = error[QStringLiteral("details")].toArray();
        QCOMPARE(details.size(), 3);
        QCOMPARE(details[0][QStringLiteral("@type")].toString(),
            QStringLiteral("type.googleapis.com/google.rpc.Help"));
        const QJsonObject quota = details[1].toObject();
        QCOMPARE(quota[QStringLiteral("@type")].toString(),
            QStringLiteral("type.googleapis.com/google.rpc.QuotaFailure"));
        const QJsonArray violations = quota[QStringLiteral("violations")].toArray();
        QCOMPARE(violations.size(), 3);
        for (const QJsonValue &v : violations) {
            QVERIFY(v[QStringLiteral("quotaId")].toString().endsWith(QStringLiteral("-FreeTier")));
            QCOMPARE(v[QStringLiteral("quotaDimensions")][QStringLiteral("model")].toString(),
                QStringLiteral("gemini-3.6-flash"));
            QVERIFY(!v.toObject().contains(QStringLiteral("quotaValue"))); // int64 0 is left out
        }
        QCOMPARE(details[2][QStringLiteral("retryDelay")].toString(), QStringLiteral("10s"));
    }

    void badPresetRules()
    {
        QCOMPARE(m_emu
                     .postJson(QStringLiteral("/emulator/faults"),
                         { { QStringLiteral("rules"), QJsonArray { rule(QStringLiteral("nope")) } } })
                     .status,
            400);
        QJsonObject both = rule(QStringLiteral("quota-no-details"));
        both.insert(QStringLiteral("body"), QStringLiteral("x"));
        QCOMPARE(m_emu
                     .postJson(QStringLiteral("/emulator/faults"),
                         { { QStringLiteral("rules"), QJsonArray { both } } })
                     .status,
            400);
        QVERIFY(m_emu.get(QStringLiteral("/emulator/faults"))
                    .json()[QStringLiteral("rules")]
                    .toArray()
                    .isEmpty());
    }

    // Row 8.
    void updatePendingBatch()
    {
        const QString name
            = uploadAndCreate(m_emu, 2, QStringLiteral("before"))[QStringLiteral("name")].toString();
        const QString url
            = path(name) + QStringLiteral(":updateGenerateContentBatch?updateMask=displayName,priority");
        const auto r
            = m_emu.request("PATCH", url, QByteArray("{\"displayName\":\"after\",\"priority\":\"7\"}"));
        QCOMPARE(r.status, 200);
        const QJsonObject resource = r.json();
        QCOMPARE(resource[QStringLiteral("name")].toString(), name); // the bare batch, not an Operation
        QVERIFY(!resource.contains(QStringLiteral("metadata")));
        QVERIFY(!resource.contains(QStringLiteral("@type")));
        QCOMPARE(resource[QStringLiteral("displayName")].toString(), QStringLiteral("after"));
        QCOMPARE(resource[QStringLiteral("priority")].toString(), QStringLiteral("7"));
        QCOMPARE(resource[QStringLiteral("state")].toString(), QStringLiteral("BATCH_STATE_PENDING"));
        QCOMPARE(meta(m_emu.get(path(name)).json())[QStringLiteral("displayName")].toString(),
            QStringLiteral("after"));
        // Only the named fields change (snake_case body and mask work too).
        QCOMPARE(m_emu
                     .request("PATCH",
                         path(name) + QStringLiteral(":updateGenerateContentBatch?update_mask=priority"),
                         QByteArray("{\"display_name\":\"ignored\",\"priority\":2}"))
                     .json()[QStringLiteral("displayName")]
                     .toString(),
            QStringLiteral("after"));

        QCOMPARE(
            m_emu
                .request("PATCH", path(name) + QStringLiteral(":updateGenerateContentBatch?updateMask=model"),
                    QByteArrayLiteral("{}"))
                .status,
            400);
        QCOMPARE(m_emu
                     .request("PATCH", path(name) + QStringLiteral(":updateGenerateContentBatch"),
                         QByteArrayLiteral("{}"))
                     .status,
            400);
        QCOMPARE(
            m_emu
                .request("PATCH", path(name) + QStringLiteral(":updateEmbedContentBatch?updateMask=priority"),
                    QByteArrayLiteral("{}"))
                .status,
            400);
        QCOMPARE(
            m_emu
                .request("PATCH",
                    QStringLiteral("/v1beta/batches/nope:updateGenerateContentBatch?updateMask=priority"),
                    QByteArrayLiteral("{}"))
                .status,
            404);
        QVERIFY(m_emu.advanceClock(61));
        const auto late = m_emu.request("PATCH", url, QByteArray("{\"displayName\":\"late\"}"));
        QCOMPARE(late.status, 400);
        QCOMPARE(errorOf(late)[QStringLiteral("status")].toString(), QStringLiteral("FAILED_PRECONDITION"));
    }

    // Row 9.
    void webhookConfigIsStoredAndEchoed_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("camelCase") << QByteArrayLiteral(
            "\"webhookConfig\":{\"uris\":[\"https://example.test/h\"],\"userMetadata\":{\"a\":1}}");
        QTest::newRow("snake_case") << QByteArrayLiteral(
            "\"webhook_config\":{\"uris\":[\"https://example.test/h\"],\"user_metadata\":{\"a\":1}}");
    }

    void webhookConfigIsStoredAndEchoed()
    {
        QFETCH(QByteArray, field);
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(1), 100);
        const QByteArray body = "{\"batch\":{\"inputConfig\":{\"fileName\":\""
            + file[QStringLiteral("name")].toString().toUtf8() + "\"}," + field + "}}";
        const auto r = m_emu.request(
            "POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"), body);
        QCOMPARE(r.status, 200);
        const QJsonObject expected { { QStringLiteral("uris"),
                                         QJsonArray { QStringLiteral("https://example.test/h") } },
            { QStringLiteral("userMetadata"), QJsonObject { { QStringLiteral("a"), 1 } } } };
        QCOMPARE(meta(r.json())[QStringLiteral("webhookConfig")].toObject(), expected);
        QCOMPARE(meta(m_emu.get(path(r.json()[QStringLiteral("name")].toString()))
                          .json())[QStringLiteral("webhookConfig")]
                     .toObject(),
            expected);
        QCOMPARE(m_emu
                     .request("POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"),
                         "{\"batch\":{\"inputConfig\":{\"fileName\":\""
                             + file[QStringLiteral("name")].toString().toUtf8()
                             + "\"},\"webhookConfig\":{\"uris\":\"x\"}}}")
                     .status,
            400);
    }

    // Row 16.
    void strictV1Quirk()
    {
        QCOMPARE(m_emu.get(QStringLiteral("/v1/files")).status, 200); // off by default
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("quirks"),
                         QJsonObject { { QStringLiteral("strictV1"), true } } } })
                     .isEmpty());
        QCOMPARE(m_emu.get(QStringLiteral("/v1/files")).status, 404);
        QVERIFY(startUpload(m_emu, 5, QStringLiteral("s"), QStringLiteral("v1")).isEmpty());
        QCOMPARE(m_emu.lastReply().status, 404);
        QCOMPARE(m_emu.get(QStringLiteral("/v1/files/abc:download?alt=media")).status, 404);
        QCOMPARE(m_emu.get(QStringLiteral("/download/v1/files/abc:download?alt=media")).status, 404);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files")).status, 200);
        QCOMPARE(m_emu.get(QStringLiteral("/v1/batches")).status, 200);
        QCOMPARE(m_emu.get(QStringLiteral("/v1/models")).status, 200);
        QVERIFY(!startUpload(m_emu, 5, QStringLiteral("s"), QStringLiteral("v1beta")).isEmpty());
    }

    // Row 23.
    void oldSdkUploadPathAlias()
    {
        const QByteArray data = makeJsonl(2);
        const auto start
            = m_emu.request("POST", QStringLiteral("/v1beta/upload/v1beta/files"), QByteArrayLiteral("{}"),
                { { "X-Goog-Upload-Protocol", "resumable" }, { "X-Goog-Upload-Command", "start" },
                    { "X-Goog-Upload-Header-Content-Length", QByteArray::number(data.size()) } });
        QCOMPARE(start.status, 200);
        const QUrl session(QString::fromLatin1(start.header("X-Goog-Upload-URL")));
        QVERIFY(session.path().startsWith(QStringLiteral("/upload/v1beta/files")));
        const auto done = sendChunk(m_emu, session, data, 0, true);
        QCOMPARE(done.status, 200);
        QCOMPARE(done.json()[QStringLiteral("file")].toObject()[QStringLiteral("sha256Hash")].toString(),
            expectedSha256Hash(data));
    }

    // Row 5.
    void shuffleInlineResultsQuirk_data()
    {
        QTest::addColumn<bool>("shuffle");
        QTest::newRow("off") << false;
        QTest::newRow("on") << true;
    }

    void shuffleInlineResultsQuirk()
    {
        QFETCH(bool, shuffle);
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("quirks"),
                         QJsonObject { { QStringLiteral("shuffleInlineResults"), shuffle } } } })
                     .isEmpty());
        const auto create
            = m_emu.postJson(QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"),
                inlineBatchBody(20, QStringLiteral("s")));
        QCOMPARE(create.status, 200);
        QVERIFY(m_emu.advanceClock(161));
        const QJsonArray items
            = inlinedOf(m_emu.get(path(create.json()[QStringLiteral("name")].toString())).json());
        QStringList keys, inOrder;
        for (int i = 0; i < items.size(); ++i) {
            keys.append(items[i][QStringLiteral("metadata")][QStringLiteral("key")].toString());
            inOrder.append(QStringLiteral("s-%1").arg(i));
            // Each item still carries its own request's answer.
            QCOMPARE(items[i][QStringLiteral("response")][QStringLiteral("candidates")][0]
                          [QStringLiteral("content")][QStringLiteral("parts")][0][QStringLiteral("text")]
                              .toString(),
                QStringLiteral("Refined: p") + keys.last().mid(2));
        }
        QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()), QSet<QString>(inOrder.cbegin(), inOrder.cend()));
        QCOMPARE(keys == inOrder, !shuffle);
    }
};

QTEST_GUILESS_MAIN(TestEmulator2026)
#include "tst_emulator2026.moc"
