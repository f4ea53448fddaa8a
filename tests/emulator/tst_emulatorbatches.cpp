// Batch API of the emulator: Operation envelope, lifecycle on the emulated clock, results file,
// inline and embedding batches, cancel, delete, list, expiry (protocol.md §3-§5).
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
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

QList<QJsonObject> jsonLines(const QByteArray &body)
{
    QList<QJsonObject> out;
    for (const QByteArray &line : body.split('\n')) {
        if (!line.isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

} // namespace

class TestEmulatorBatches final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_emu.start(), qPrintable(m_emu.errorString())); }
    void init()
    {
        QVERIFY(m_emu.reset());
        // The emulated clock stands still (any positive speed is accepted; 0 would mean the
        // default 1): only advanceClock moves it, so every state and count below is exact.
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("speed"), 1e-9 }, { QStringLiteral("pendingSeconds"), 60 },
                         { QStringLiteral("runningSeconds"), 100 }, { QStringLiteral("failedLineRate"), 0 } })
                     .isEmpty());
    }

    void operationEnvelope()
    {
        const QJsonObject op = uploadAndCreate(m_emu, 7, QStringLiteral("batch-011"));
        const QString name = op[QStringLiteral("name")].toString();
        QVERIFY(QRegularExpression(QStringLiteral("^batches/[a-z0-9]{36}$")).match(name).hasMatch());
        const QJsonObject m = meta(op);
        QCOMPARE(m[QStringLiteral("@type")].toString(),
            QStringLiteral("type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch"));
        QCOMPARE(m[QStringLiteral("name")].toString(), name);
        QCOMPARE(m[QStringLiteral("model")].toString(), QStringLiteral("models/gemini-3.5-flash"));
        QCOMPARE(m[QStringLiteral("displayName")].toString(), QStringLiteral("batch-011"));
        QVERIFY(m[QStringLiteral("inputConfig")].toObject()[QStringLiteral("fileName")].toString().startsWith(
            QStringLiteral("files/")));
        QVERIFY(QRegularExpression(QStringLiteral("\\.\\d{9}Z$"))
                    .match(m[QStringLiteral("createTime")].toString())
                    .hasMatch());
        QCOMPARE(m[QStringLiteral("state")].toString(), QStringLiteral("BATCH_STATE_PENDING"));
        QCOMPARE(stats(op),
            (QJsonObject { { QStringLiteral("requestCount"), QStringLiteral("7") },
                { QStringLiteral("pendingRequestCount"), QStringLiteral("7") } }));
        QVERIFY(!op.contains(QStringLiteral("done")));
        QVERIFY(!op.contains(QStringLiteral("response")));
        QVERIFY(!m.contains(QStringLiteral("endTime")));
        for (const QString &version : { QStringLiteral("v1beta"), QStringLiteral("v1") })
            QCOMPARE(m_emu.get(QStringLiteral("/%1/%2").arg(version, name)).json(), op);
    }

    void lifecycleOnTheClock()
    {
        const QJsonObject op = uploadAndCreate(m_emu, 10, QStringLiteral("life"));
        const QString path = QStringLiteral("/v1beta/") + op[QStringLiteral("name")].toString();
        QVERIFY(m_emu.advanceClock(59));
        QCOMPARE(batchState(m_emu.get(path).json()), QStringLiteral("BATCH_STATE_PENDING"));
        QVERIFY(m_emu.advanceClock(2));
        QJsonObject now = m_emu.get(path).json();
        QCOMPARE(batchState(now), QStringLiteral("BATCH_STATE_RUNNING"));
        QVERIFY(!now.contains(QStringLiteral("done")));
        QVERIFY(m_emu.advanceClock(50));
        now = m_emu.get(path).json();
        QCOMPARE(batchState(now), QStringLiteral("BATCH_STATE_RUNNING"));
        const int done = stats(now)[QStringLiteral("successfulRequestCount")].toString().toInt();
        const int pending = stats(now)[QStringLiteral("pendingRequestCount")].toString().toInt();
        QCOMPARE(done, 5); // 51 of 100 running seconds: 5.1 of 10 lines, rounded down
        QCOMPARE(pending, 5);
        QVERIFY(m_emu.advanceClock(50));
        now = m_emu.get(path).json();
        QCOMPARE(batchState(now), QStringLiteral("BATCH_STATE_SUCCEEDED"));
        QCOMPARE(now[QStringLiteral("done")].toBool(), true);
        QCOMPARE(stats(now),
            (QJsonObject { { QStringLiteral("requestCount"), QStringLiteral("10") },
                { QStringLiteral("successfulRequestCount"), QStringLiteral("10") } }));
        QVERIFY(meta(now).contains(QStringLiteral("endTime")));
        const QString responses
            = meta(now)[QStringLiteral("output")].toObject()[QStringLiteral("responsesFile")].toString();
        QCOMPARE(responses, QStringLiteral("files/batch-") + op[QStringLiteral("name")].toString().mid(8));
        const QJsonObject response = now[QStringLiteral("response")].toObject();
        QCOMPARE(response[QStringLiteral("responsesFile")].toString(), responses);
        QCOMPARE(response[QStringLiteral("@type")].toString(),
            QStringLiteral(
                "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput"));
    }

    void resultsFileInInputOrderWithFailures()
    {
        QVERIFY(!m_emu.configure({ { QStringLiteral("failedLineRate"), 0.25 } }).isEmpty());
        const int n = 200;
        const QJsonObject op = uploadAndCreate(m_emu, n, QStringLiteral("res"));
        QVERIFY(m_emu.advanceClock(161));
        const QJsonObject done
            = m_emu.get(QStringLiteral("/v1beta/") + op[QStringLiteral("name")].toString()).json();
        const QString file
            = meta(done)[QStringLiteral("output")].toObject()[QStringLiteral("responsesFile")].toString();
        const QList<QJsonObject> lines
            = jsonLines(m_emu.get(QStringLiteral("/download/v1beta/%1:download?alt=media").arg(file)).body);
        QCOMPARE(lines.size(), n);
        QStringList failedKeys;
        for (int i = 0; i < n; ++i) {
            const QJsonObject &line = lines[i];
            QCOMPARE(line[QStringLiteral("key")].toString(),
                QStringLiteral("res-%1").arg(i, 4, 10, QLatin1Char('0')));
            if (line.contains(QStringLiteral("error"))) {
                QVERIFY(!line.contains(QStringLiteral("response")));
                QCOMPARE(line[QStringLiteral("error")].toObject()[QStringLiteral("code")].toInt(), 13);
                failedKeys.append(line[QStringLiteral("key")].toString());
                continue;
            }
            const QJsonObject response = line[QStringLiteral("response")].toObject();
            const QJsonObject candidate = response[QStringLiteral("candidates")].toArray().first().toObject();
            QCOMPARE(candidate[QStringLiteral("content")]
                         .toObject()[QStringLiteral("parts")]
                         .toArray()
                         .first()
                         .toObject()[QStringLiteral("text")]
                         .toString(),
                QStringLiteral("Refined: Prompt number %1 of res").arg(i));
            QCOMPARE(candidate[QStringLiteral("finishReason")].toString(), QStringLiteral("STOP"));
            const QJsonObject usage = response[QStringLiteral("usageMetadata")].toObject();
            const int prompt = usage[QStringLiteral("promptTokenCount")].toInt();
            const int cand = usage[QStringLiteral("candidatesTokenCount")].toInt();
            const int thoughts = usage[QStringLiteral("thoughtsTokenCount")].toInt();
            QVERIFY(prompt > 0 && cand > 0 && thoughts > 0);
            QCOMPARE(usage[QStringLiteral("totalTokenCount")].toInt(), prompt + cand + thoughts);
            QCOMPARE(response[QStringLiteral("modelVersion")].toString(), QStringLiteral("gemini-3.5-flash"));
        }
        QCOMPARE(
            QString::number(failedKeys.size()), stats(done)[QStringLiteral("failedRequestCount")].toString());
        QCOMPARE(QString::number(n - failedKeys.size()),
            stats(done)[QStringLiteral("successfulRequestCount")].toString());
        QVERIFY2(failedKeys.size() >= 25 && failedKeys.size() <= 75,
            qPrintable(QString::number(failedKeys.size())));

        // Deterministic: the same submission sequence after a reset fails the same keys.
        QVERIFY(m_emu.reset());
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("failedLineRate"), 0.25 },
                         { QStringLiteral("pendingSeconds"), 0 }, { QStringLiteral("runningSeconds"), 1 } })
                     .isEmpty());
        const QJsonObject again = uploadAndCreate(m_emu, n, QStringLiteral("res"));
        QVERIFY(m_emu.advanceClock(2));
        const QString againFile
            = QStringLiteral("files/batch-") + again[QStringLiteral("name")].toString().mid(8);
        QStringList againFailed;
        for (const QJsonObject &line :
            jsonLines(m_emu.get(QStringLiteral("/v1beta/%1:download?alt=media").arg(againFile)).body)) {
            if (line.contains(QStringLiteral("error")))
                againFailed.append(line[QStringLiteral("key")].toString());
        }
        QCOMPARE(againFailed, failedKeys);
    }

    void inlineBatch()
    {
        const QByteArray body = R"({"batch":{"displayName":"inline-7","inputConfig":{"requests":{"requests":[
            {"request":{"contents":[{"role":"user","parts":[{"text":"Name a prime > 100"}]}],"generationConfig":{"temperature":0.2}},"metadata":{"key":"q-001"}},
            {"request":{"contents":[{"parts":[{"text":"Spell 'batch' backwards"}]}]},"metadata":{"key":"q-002"}}]}}}})";
        const auto create = m_emu.request(
            "POST", QStringLiteral("/v1beta/models/gemini-3.5-flash-lite:batchGenerateContent"), body);
        QCOMPARE(create.status, 200);
        QVERIFY(!meta(create.json()).contains(QStringLiteral("inputConfig"))
            || !meta(create.json())[QStringLiteral("inputConfig")].toObject().contains(
                QStringLiteral("fileName")));
        QVERIFY(m_emu.advanceClock(161));
        const QString path = QStringLiteral("/v1beta/") + create.json()[QStringLiteral("name")].toString();
        const QJsonObject done = m_emu.get(path).json();
        QCOMPARE(batchState(done), QStringLiteral("BATCH_STATE_SUCCEEDED"));
        const QJsonArray items = meta(done)[QStringLiteral("output")]
                                     .toObject()[QStringLiteral("inlinedResponses")]
                                     .toObject()[QStringLiteral("inlinedResponses")]
                                     .toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].toObject()[QStringLiteral("metadata")].toObject()[QStringLiteral("key")].toString(),
            QStringLiteral("q-001"));
        QCOMPARE(items[1].toObject()[QStringLiteral("metadata")].toObject()[QStringLiteral("key")].toString(),
            QStringLiteral("q-002"));
        QVERIFY(items[1]
                    .toObject()[QStringLiteral("response")]
                    .toObject()[QStringLiteral("candidates")]
                    .toArray()[0]
                    .toObject()[QStringLiteral("content")]
                    .toObject()[QStringLiteral("parts")]
                    .toArray()[0]
                    .toObject()[QStringLiteral("text")]
                    .toString()
                    .contains(QStringLiteral("backwards")));
        // flash-lite does not think.
        QVERIFY(!items[0]
                     .toObject()[QStringLiteral("response")]
                     .toObject()[QStringLiteral("usageMetadata")]
                     .toObject()
                     .contains(QStringLiteral("thoughtsTokenCount")));
        QCOMPARE(done[QStringLiteral("response")]
                     .toObject()[QStringLiteral("inlinedResponses")]
                     .toObject()[QStringLiteral("inlinedResponses")]
                     .toArray(),
            items);
        // batches.list leaves inline responses out.
        const QJsonObject listed = m_emu.get(QStringLiteral("/v1beta/batches"))
                                       .json()[QStringLiteral("operations")]
                                       .toArray()[0]
                                       .toObject();
        QCOMPARE(batchState(listed), QStringLiteral("BATCH_STATE_SUCCEEDED"));
        QVERIFY(!meta(listed).contains(QStringLiteral("output")));
    }

    void embeddingBatches()
    {
        const QJsonObject file = uploadBytes(m_emu,
            QByteArrayLiteral("{\"key\":\"request_1\",\"request\":{\"output_dimensionality\":3,\"content\":{"
                              "\"parts\":[{\"text\":\"1\"}]}}}\n"),
            1000);
        // Google's own fixture: snake_case file_name inside camelCase inputConfig.
        const QByteArray fileBody = "{\"batch\":{\"inputConfig\":{\"file_name\":\""
            + file[QStringLiteral("name")].toString().toLatin1() + "\"},\"displayName\":\"test_batch\"}}";
        const auto fromFile = m_emu.request(
            "POST", QStringLiteral("/v1beta/models/gemini-embedding-001:asyncBatchEmbedContent"), fileBody);
        QCOMPARE(fromFile.status, 200);
        QCOMPARE(meta(fromFile.json())[QStringLiteral("@type")].toString(),
            QStringLiteral("type.googleapis.com/google.ai.generativelanguage.v1main.EmbedContentBatch"));
        const QByteArray inlineBody = R"({"batch":{"inputConfig":{"requests":{"requests":[
            {"request":{"content":{"parts":[{"text":"1"}]},"outputDimensionality":5}},
            {"request":{"content":{"parts":[{"text":"2"}]},"outputDimensionality":5}}]}},"displayName":"test_batch"}})";
        const auto inlined = m_emu.request(
            "POST", QStringLiteral("/v1/models/gemini-embedding-001:asyncBatchEmbedContent"), inlineBody);
        QCOMPARE(inlined.status, 200);
        QVERIFY(m_emu.advanceClock(161));

        const QString fileId = fromFile.json()[QStringLiteral("name")].toString().mid(8);
        const QList<QJsonObject> lines = jsonLines(
            m_emu.get(QStringLiteral("/v1beta/files/batch-%1:download?alt=media").arg(fileId)).body);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0][QStringLiteral("key")].toString(), QStringLiteral("request_1"));
        const QJsonObject response = lines[0][QStringLiteral("response")].toObject();
        QCOMPARE(
            response[QStringLiteral("embedding")].toObject()[QStringLiteral("values")].toArray().size(), 3);
        QVERIFY(response[QStringLiteral("tokenCount")].isString());

        const QJsonObject done
            = m_emu.get(QStringLiteral("/v1/") + inlined.json()[QStringLiteral("name")].toString()).json();
        QCOMPARE(done[QStringLiteral("response")].toObject()[QStringLiteral("@type")].toString(),
            QStringLiteral(
                "type.googleapis.com/google.ai.generativelanguage.v1main.EmbedContentBatchOutput"));
        const QJsonArray items = done[QStringLiteral("response")]
                                     .toObject()[QStringLiteral("inlinedResponses")]
                                     .toObject()[QStringLiteral("inlinedResponses")]
                                     .toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[1]
                     .toObject()[QStringLiteral("response")]
                     .toObject()[QStringLiteral("embedding")]
                     .toObject()[QStringLiteral("values")]
                     .toArray()
                     .size(),
            5);
    }

    void snakeCaseBodiesAndInt64Numbers_data()
    {
        QTest::addColumn<QString>("priority");
        QTest::newRow("number") << QStringLiteral("5");
        QTest::newRow("string") << QStringLiteral("\"5\"");
    }

    void snakeCaseBodiesAndInt64Numbers()
    {
        QFETCH(QString, priority);
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(3), 100);
        const QByteArray body = QStringLiteral(
            R"({"batch":{"display_name":"snake","input_config":{"file_name":"%1"},"priority":%2}})")
                                    .arg(file[QStringLiteral("name")].toString(), priority)
                                    .toUtf8();
        const auto r = m_emu.request(
            "POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"), body);
        QCOMPARE(r.status, 200);
        QCOMPARE(meta(r.json())[QStringLiteral("displayName")].toString(), QStringLiteral("snake"));
        QCOMPARE(meta(r.json())[QStringLiteral("priority")].toString(), QStringLiteral("5"));
        // A bare file id and a full uri are accepted as fileName too.
        const QString id = file[QStringLiteral("name")].toString().mid(6);
        QCOMPARE(createFileBatch(m_emu, id, QStringLiteral("bare")).status, 200);
        QCOMPARE(createFileBatch(m_emu, file[QStringLiteral("uri")].toString(), QStringLiteral("uri")).status,
            200);
    }

    void malformedAndInvalidBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("truncated") << QByteArrayLiteral("{\"batch\":{") << 400;
        QTest::newRow("array") << QByteArrayLiteral("[1,2]") << 400;
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe{", 4) << 400;
        QTest::newRow("empty") << QByteArray() << 400;
        QTest::newRow("no input") << QByteArrayLiteral("{\"batch\":{\"displayName\":\"x\"}}") << 400;
        QTest::newRow("batch not object") << QByteArrayLiteral("{\"batch\":5}") << 400;
        QTest::newRow("requests wrong type")
            << QByteArrayLiteral("{\"batch\":{\"inputConfig\":{\"requests\":7}}}") << 400;
        QTest::newRow("empty inline")
            << QByteArrayLiteral("{\"batch\":{\"inputConfig\":{\"requests\":{\"requests\":[]}}}}") << 400;
        QTest::newRow("missing file")
            << QByteArrayLiteral("{\"batch\":{\"inputConfig\":{\"fileName\":\"files/zzz\"}}}") << 403;
        QTest::newRow("fileName not string")
            << QByteArrayLiteral("{\"batch\":{\"inputConfig\":{\"fileName\":{}}}}") << 400;
    }

    void malformedAndInvalidBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const auto r = m_emu.request(
            "POST", QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"), body);
        QCOMPARE(r.status, status);
        QCOMPARE(errorOf(r)[QStringLiteral("code")].toInt(), status);
        QVERIFY(!errorOf(r)[QStringLiteral("message")].toString().isEmpty());
        QVERIFY(!errorOf(r)[QStringLiteral("status")].toString().isEmpty());
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/batches")).status, 200); // still alive
    }

    void cancelAndDelete()
    {
        const QJsonObject pending = uploadAndCreate(m_emu, 10, QStringLiteral("c1"));
        const QString path = QStringLiteral("/v1beta/") + pending[QStringLiteral("name")].toString();
        auto r = m_emu.request("POST", path + QStringLiteral(":cancel"), QByteArrayLiteral("{}"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject());
        QJsonObject now = m_emu.get(path).json();
        QCOMPARE(batchState(now), QStringLiteral("BATCH_STATE_CANCELLED"));
        QCOMPARE(now[QStringLiteral("done")].toBool(), true);
        QVERIFY(meta(now).contains(QStringLiteral("endTime")));
        QVERIFY(!meta(now).contains(QStringLiteral("output")));
        r = m_emu.request("POST", path + QStringLiteral(":cancel"), QByteArrayLiteral("{}"));
        QCOMPARE(r.status, 400);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("FAILED_PRECONDITION"));
        QCOMPARE(
            m_emu.request("POST", QStringLiteral("/v1/batches/nope:cancel"), QByteArrayLiteral("{}")).status,
            404);

        // Cancelling while RUNNING keeps the progress made so far; the rest counts as failed.
        const QJsonObject running = uploadAndCreate(m_emu, 10, QStringLiteral("c2"));
        const QString path2 = QStringLiteral("/v1/") + running[QStringLiteral("name")].toString();
        QVERIFY(m_emu.advanceClock(110));
        QCOMPARE(m_emu.request("POST", path2 + QStringLiteral(":cancel")).status, 200);
        QVERIFY(m_emu.advanceClock(1000));
        now = m_emu.get(path2).json();
        QCOMPARE(batchState(now), QStringLiteral("BATCH_STATE_CANCELLED"));
        QCOMPARE(stats(now)[QStringLiteral("successfulRequestCount")].toString(), QStringLiteral("5"));
        QCOMPARE(stats(now)[QStringLiteral("failedRequestCount")].toString(), QStringLiteral("5"));
        QVERIFY(!stats(now).contains(QStringLiteral("pendingRequestCount")));

        r = m_emu.request("DELETE", path, QByteArrayLiteral("{}"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject());
        r = m_emu.get(path);
        QCOMPARE(r.status, 404);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("NOT_FOUND"));
        QCOMPARE(m_emu.request("DELETE", path).status, 404);
        const QJsonArray left
            = m_emu.get(QStringLiteral("/v1beta/batches")).json()[QStringLiteral("operations")].toArray();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left[0].toObject()[QStringLiteral("name")], running[QStringLiteral("name")]);
    }

    void expiryAfter48Hours()
    {
        QVERIFY(!m_emu.configure({ { QStringLiteral("pendingSeconds"), 3 * 24 * 3600 } }).isEmpty());
        const QJsonObject op = uploadAndCreate(m_emu, 5, QStringLiteral("stuck"));
        const QString path = QStringLiteral("/v1beta/") + op[QStringLiteral("name")].toString();
        QVERIFY(m_emu.advanceClock(47 * 3600));
        QCOMPARE(batchState(m_emu.get(path).json()), QStringLiteral("BATCH_STATE_PENDING"));
        QVERIFY(m_emu.advanceClock(3600 + 1));
        const QJsonObject now = m_emu.get(path).json();
        QCOMPARE(batchState(now), QStringLiteral("BATCH_STATE_EXPIRED"));
        QCOMPARE(now[QStringLiteral("done")].toBool(), true);
        QVERIFY(!now.contains(QStringLiteral("response")));
        QVERIFY(!meta(now).contains(QStringLiteral("output")));
        QCOMPARE(
            m_emu.state()[QStringLiteral("usage")].toObject()[QStringLiteral("activeBatches")].toInt(), 0);
    }

    void listPaginatesNewestFirst()
    {
        QVERIFY(!m_emu
                     .configure(
                         { { QStringLiteral("pendingSeconds"), 0 }, { QStringLiteral("runningSeconds"), 0 } })
                     .isEmpty());
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(2), 100);
        QStringList created;
        for (int i = 0; i < 25; ++i)
            created.prepend(
                createFileBatch(m_emu, file[QStringLiteral("name")].toString(), QStringLiteral("b%1").arg(i))
                    .json()[QStringLiteral("name")]
                    .toString());
        QStringList listed;
        QString token;
        QList<int> sizes;
        do {
            const auto r = m_emu.get(QStringLiteral("/v1beta/batches?pageSize=10")
                + (token.isEmpty() ? QString() : QStringLiteral("&pageToken=") + token));
            QCOMPARE(r.status, 200);
            const QJsonArray ops = r.json()[QStringLiteral("operations")].toArray();
            sizes.append(int(ops.size()));
            for (const QJsonValue &op : ops)
                listed.append(op[QStringLiteral("name")].toString());
            token = r.json()[QStringLiteral("nextPageToken")].toString();
        } while (!token.isEmpty() && sizes.size() < 10);
        QCOMPARE(sizes, (QList<int> { 10, 10, 5 }));
        QCOMPARE(listed, created);
        QCOMPARE(
            m_emu.get(QStringLiteral("/v1/batches")).json()[QStringLiteral("operations")].toArray().size(),
            10);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/batches?pageToken=%%%")).status, 400);
    }

    void stateCounters()
    {
        const QJsonObject op = uploadAndCreate(m_emu, 3, QStringLiteral("batch-011"));
        QCOMPARE(
            createFileBatch(m_emu,
                meta(op)[QStringLiteral("inputConfig")].toObject()[QStringLiteral("fileName")].toString(),
                QStringLiteral("batch-011"))
                .status,
            200);
        m_emu.get(QStringLiteral("/v1/") + op[QStringLiteral("name")].toString());
        const QJsonObject state = m_emu.state();
        QCOMPARE(state[QStringLiteral("batchCreatesByDisplayName")].toObject(),
            (QJsonObject { { QStringLiteral("batch-011"), 2 } }));
        const QJsonObject counts = state[QStringLiteral("requestCounts")].toObject();
        QCOMPARE(counts[QStringLiteral("POST /v1beta/models/{model}:batchGenerateContent")].toInt(), 2);
        QCOMPARE(counts[QStringLiteral("POST /upload/v1beta/files")].toInt(), 1);
        QCOMPARE(counts[QStringLiteral("POST /upload/v1beta/files?upload_id={id}")].toInt(), 1);
        QCOMPARE(counts[QStringLiteral("GET /v1/batches/{id}")].toInt(), 1);
        QCOMPARE(state[QStringLiteral("batches")].toArray().size(), 2);
        QCOMPARE(state[QStringLiteral("files")].toArray().size(), 1);
        QCOMPARE(state[QStringLiteral("usage")].toObject()[QStringLiteral("activeBatches")].toInt(), 2);
        QVERIFY(QDateTime::fromString(state[QStringLiteral("now")].toString(), Qt::ISODateWithMs).isValid());
    }

private:
    EmulatorProcess m_emu;
};

QTEST_GUILESS_MAIN(TestEmulatorBatches)
#include "tst_emulatorbatches.moc"
