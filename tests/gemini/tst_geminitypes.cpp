// Parsers of the client's typed values: File, BatchJob (Operation), pages, timestamps, durations,
// and their behaviour on malformed input (never a crash, always a reason).
#include "batchjob.h"
#include "createbatchrequest.h"
#include "geminifile.h"
#include "jsonreader.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QTest>

using namespace bb::gemini;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

const char *SucceededOperation = R"({
  "name": "batches/q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5",
  "metadata": {
    "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
    "model": "models/gemini-2.5-flash",
    "displayName": "batch-011",
    "inputConfig": {"fileName": "files/k3v9q0mz7t2a"},
    "output": {"responsesFile": "files/batch-q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"},
    "createTime": "2026-03-02T09:20:11.904512337Z",
    "endTime": "2026-03-02T09:41:57.118830214Z",
    "updateTime": "2026-03-02T09:41:57.118830190Z",
    "batchStats": {"requestCount": "100", "successfulRequestCount": "98", "failedRequestCount": "2"},
    "state": "BATCH_STATE_SUCCEEDED",
    "name": "batches/q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"
  },
  "done": true,
  "response": {
    "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput",
    "responsesFile": "files/batch-q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"
  }
})";

const char *UploadedFile = R"({
    "name": "files/k3v9q0mz7t2a",
    "displayName": "batch-011.jsonl",
    "mimeType": "application/jsonl",
    "sizeBytes": "52311",
    "createTime": "2026-03-02T09:14:05.482193Z",
    "updateTime": "2026-03-02T09:14:05.482193Z",
    "expirationTime": "2026-03-04T09:14:05.447120318Z",
    "sha256Hash": "OTJhYjkwOGM=",
    "uri": "https:\/\/generativelanguage.googleapis.com/v1beta/files/k3v9q0mz7t2a",
    "state": "ACTIVE",
    "source": "UPLOADED"
})";

// Replaces the value at `path` (keys separated by '.') in `object`.
QJsonObject replaced(QJsonObject object, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        object.insert(path.first(), value);
        return object;
    }
    const QJsonObject inner = object.value(path.first()).toObject();
    object.insert(path.first(), replaced(inner, path.mid(1), value));
    return object;
}

void collectPaths(const QJsonObject &object, const QStringList &prefix, QList<QStringList> *paths)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QStringList path = prefix + QStringList { it.key() };
        paths->append(path);
        if (it.value().isObject())
            collectPaths(it.value().toObject(), path, paths);
    }
}

const QList<QJsonValue> &hostileValues()
{
    static const QList<QJsonValue> values { QJsonValue(QJsonValue::Null), QJsonValue(1), QJsonValue(-1.5),
        QJsonValue(1e300), QJsonValue(QStringLiteral("x")), QJsonValue(true), QJsonValue(QJsonArray { 1, 2 }),
        QJsonValue(QJsonObject { { QStringLiteral("a"), 1 } }) };
    return values;
}

} // namespace

class TestGeminiTypes final : public QObject
{
    Q_OBJECT

private slots:
    void timestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDate day(2026, 3, 2);
        QTest::newRow("0 digits") << QStringLiteral("2026-03-02T09:14:05Z")
                                  << QDateTime(day, QTime(9, 14, 5), Qt::UTC);
        QTest::newRow("1 digit") << QStringLiteral("2026-03-02T09:14:05.5Z")
                                 << QDateTime(day, QTime(9, 14, 5, 500), Qt::UTC);
        QTest::newRow("3 digits") << QStringLiteral("2026-03-02T09:14:05.482Z")
                                  << QDateTime(day, QTime(9, 14, 5, 482), Qt::UTC);
        QTest::newRow("6 digits") << QStringLiteral("2026-03-02T09:14:05.482193Z")
                                  << QDateTime(day, QTime(9, 14, 5, 482), Qt::UTC);
        QTest::newRow("9 digits") << QStringLiteral("2026-03-04T09:14:05.447120318Z")
                                  << QDateTime(QDate(2026, 3, 4), QTime(9, 14, 5, 447), Qt::UTC);
        QTest::newRow("offset") << QStringLiteral("2026-03-02T10:14:05+01:00")
                                << QDateTime(day, QTime(9, 14, 5), Qt::UTC);
        QTest::newRow("negative offset")
            << QStringLiteral("2026-03-02T01:14:05.1-08:00") << QDateTime(day, QTime(9, 14, 5, 100), Qt::UTC);
        QTest::newRow("no zone") << QStringLiteral("2026-03-02T09:14:05") << QDateTime();
        QTest::newRow("month 13") << QStringLiteral("2026-13-02T09:14:05Z") << QDateTime();
        QTest::newRow("10 digits") << QStringLiteral("2026-03-02T09:14:05.1234567890Z") << QDateTime();
        QTest::newRow("garbage") << QStringLiteral("yesterday") << QDateTime();
        QTest::newRow("empty") << QString() << QDateTime();
    }

    void timestamps()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = parseRfc3339(text);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(parsed, expected);
            QCOMPARE(parsed.timeSpec(), Qt::UTC);
        }
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("seconds");
        QTest::newRow("whole") << QStringLiteral("53s") << 53.0;
        QTest::newRow("fractional") << QStringLiteral("45.837906927s") << 45.837906927;
        QTest::newRow("short fraction") << QStringLiteral("23.1s") << 23.1;
        QTest::newRow("zero") << QStringLiteral("0s") << 0.0;
        QTest::newRow("no unit") << QStringLiteral("45") << -1.0;
        QTest::newRow("negative") << QStringLiteral("-3s") << -1.0;
        QTest::newRow("minutes") << QStringLiteral("1m") << -1.0;
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        QVERIFY(qAbs(parseDurationSeconds(text) - seconds) < 1e-9);
    }

    void fileFromProtocolExample()
    {
        GeminiFile file;
        QString error;
        QVERIFY2(GeminiFile::fromJson(json(UploadedFile), &file, &error), qPrintable(error));
        QCOMPARE(file.name, QStringLiteral("files/k3v9q0mz7t2a"));
        QCOMPARE(file.id(), QStringLiteral("k3v9q0mz7t2a"));
        QCOMPARE(file.displayName, QStringLiteral("batch-011.jsonl"));
        QCOMPARE(file.mimeType, QStringLiteral("application/jsonl"));
        QCOMPARE(file.sizeBytes, 52311);
        QCOMPARE(file.createTime, QDateTime(QDate(2026, 3, 2), QTime(9, 14, 5, 482), Qt::UTC));
        QCOMPARE(file.expirationTime, QDateTime(QDate(2026, 3, 4), QTime(9, 14, 5, 447), Qt::UTC));
        QCOMPARE(file.state, GeminiFile::State::Active);
        QCOMPARE(file.stateName, QStringLiteral("ACTIVE"));
        QCOMPARE(file.source, QStringLiteral("UPLOADED"));
        QCOMPARE(file.uri,
            QUrl(QStringLiteral("https://generativelanguage.googleapis.com/v1beta/files/k3v9q0mz7t2a")));
        QVERIFY(!file.error.isSet());
    }

    void sha256HexDecodesBase64OfHex()
    {
        const QByteArray content = QByteArrayLiteral("{\"key\":\"q-001\"}\n");
        const QByteArray hex = QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
        GeminiFile file;
        file.sha256Hash = QString::fromLatin1(hex.toBase64());
        QCOMPARE(file.sha256Hex(), QString::fromLatin1(hex));
        // A raw digest in base64 is tolerated too.
        file.sha256Hash
            = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toBase64());
        QCOMPARE(file.sha256Hex(), QString::fromLatin1(hex));
        file.sha256Hash = QStringLiteral("not base64!");
        QCOMPARE(file.sha256Hex(), QString());
        file.sha256Hash = QStringLiteral("OTJhYjkwOGM="); // base64 of 8 hex chars: not a digest
        QCOMPARE(file.sha256Hex(), QString());
    }

    void fileNames_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("id");
        QTest::newRow("prefixed") << QStringLiteral("files/abc123") << QStringLiteral("abc123");
        QTest::newRow("bare") << QStringLiteral("abc123") << QStringLiteral("abc123");
        QTest::newRow("uri") << QStringLiteral(
            "https://generativelanguage.googleapis.com/v1beta/files/abc123")
                             << QStringLiteral("abc123");
        QTest::newRow("download uri")
            << QStringLiteral("https://h/v1beta/files/abc123:download?alt=media") << QStringLiteral("abc123");
        QTest::newRow("batch output") << QStringLiteral("files/batch-xyz") << QStringLiteral("batch-xyz");
    }

    void fileNames()
    {
        QFETCH(QString, input);
        QFETCH(QString, id);
        QCOMPARE(fileIdFromName(input), id);
    }

    void fileMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("no name") << QByteArrayLiteral(R"({"displayName":"x"})");
        QTest::newRow("name number") << QByteArrayLiteral(R"({"name":5})");
        QTest::newRow("size object") << QByteArrayLiteral(R"({"name":"files/a","sizeBytes":{}})");
        QTest::newRow("size text") << QByteArrayLiteral(R"({"name":"files/a","sizeBytes":"lots"})");
        QTest::newRow("size fraction") << QByteArrayLiteral(R"({"name":"files/a","sizeBytes":1.5})");
        QTest::newRow("time number") << QByteArrayLiteral(R"({"name":"files/a","createTime":42})");
        QTest::newRow("time text") << QByteArrayLiteral(R"({"name":"files/a","createTime":"noon"})");
        QTest::newRow("state array") << QByteArrayLiteral(R"({"name":"files/a","state":[]})");
        QTest::newRow("error string") << QByteArrayLiteral(R"({"name":"files/a","error":"bad"})");
    }

    void fileMalformed()
    {
        QFETCH(QByteArray, body);
        GeminiFile file;
        QString error;
        QVERIFY(!GeminiFile::fromJson(QJsonDocument::fromJson(body).object(), &file, &error));
        QVERIFY(!error.isEmpty());
    }

    void fileToleratesSnakeCaseAndNumbers()
    {
        GeminiFile file;
        QString error;
        QVERIFY2(GeminiFile::fromJson(
                     json(R"({"name":"files/a","display_name":"d","size_bytes":202,"state":"WEIRD"})"), &file,
                     &error),
            qPrintable(error));
        QCOMPARE(file.displayName, QStringLiteral("d"));
        QCOMPARE(file.sizeBytes, 202);
        QCOMPARE(file.state, GeminiFile::State::Unknown);
        QCOMPARE(file.stateName, QStringLiteral("WEIRD"));
    }

    void filePages_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("next");
        QTest::newRow("empty project") << QByteArrayLiteral("{}") << true << 0 << QString();
        QTest::newRow("token") << QByteArrayLiteral(R"({"files":[{"name":"files/a"}],"nextPageToken":"t1"})")
                               << true << 1 << QStringLiteral("t1");
        QTest::newRow("empty token") << QByteArrayLiteral(
            R"({"files":[{"name":"files/a"}],"nextPageToken":""})")
                                     << true << 1 << QString();
        QTest::newRow("files object") << QByteArrayLiteral(R"({"files":{}})") << false << 0 << QString();
        QTest::newRow("entry string")
            << QByteArrayLiteral(R"({"files":["files/a"]})") << false << 0 << QString();
        QTest::newRow("token number")
            << QByteArrayLiteral(R"({"files":[],"nextPageToken":7})") << false << 0 << QString();
    }

    void filePages()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(int, count);
        QFETCH(QString, next);
        FilePage page;
        QString error;
        QCOMPARE(FilePage::fromJson(QJsonDocument::fromJson(body).object(), &page, &error), ok);
        if (ok) {
            QCOMPARE(page.files.size(), count);
            QCOMPARE(page.nextPageToken, next);
            QCOMPARE(page.hasNextPage(), !next.isEmpty());
        } else {
            QVERIFY(!error.isEmpty());
        }
    }

    void batchSucceeded()
    {
        BatchJob batch;
        QString error;
        QVERIFY2(BatchJob::fromJson(json(SucceededOperation), &batch, &error), qPrintable(error));
        QCOMPARE(batch.name, QStringLiteral("batches/q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
        QCOMPARE(batch.id(), QStringLiteral("q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
        QCOMPARE(batch.displayName, QStringLiteral("batch-011"));
        QCOMPARE(batch.model, QStringLiteral("models/gemini-2.5-flash"));
        QCOMPARE(batch.state, BatchJob::State::Succeeded);
        QVERIFY(batch.isTerminal());
        QVERIFY(batch.done);
        QCOMPARE(batch.inputFileName, QStringLiteral("files/k3v9q0mz7t2a"));
        QCOMPARE(batch.responsesFile, QStringLiteral("files/batch-q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
        QCOMPARE(batch.stats.requestCount, 100);
        QCOMPARE(batch.stats.successfulRequestCount, 98);
        QCOMPARE(batch.stats.failedRequestCount, 2);
        QCOMPARE(batch.stats.pendingRequestCount, 0);
        QCOMPARE(batch.createTime, QDateTime(QDate(2026, 3, 2), QTime(9, 20, 11, 904), Qt::UTC));
        QCOMPARE(batch.endTime, QDateTime(QDate(2026, 3, 2), QTime(9, 41, 57, 118), Qt::UTC));
        QVERIFY(!batch.error.isSet());
    }

    void batchOutputOnlyInResponse()
    {
        QJsonObject operation = json(SucceededOperation);
        QJsonObject metadata = operation.value(QStringLiteral("metadata")).toObject();
        metadata.remove(QStringLiteral("output"));
        operation.insert(QStringLiteral("metadata"), metadata);
        BatchJob batch;
        QString error;
        QVERIFY2(BatchJob::fromJson(operation, &batch, &error), qPrintable(error));
        QCOMPARE(batch.responsesFile, QStringLiteral("files/batch-q2w8e4r6t0y1u3i5o7p9a2s4d6f8g0h1j3k5"));
    }

    void batchStates_data()
    {
        QTest::addColumn<QString>("wire");
        QTest::addColumn<BatchJob::State>("state");
        QTest::addColumn<bool>("terminal");
        QTest::newRow("pending") << QStringLiteral("BATCH_STATE_PENDING") << BatchJob::State::Pending
                                 << false;
        QTest::newRow("running") << QStringLiteral("BATCH_STATE_RUNNING") << BatchJob::State::Running
                                 << false;
        QTest::newRow("succeeded") << QStringLiteral("BATCH_STATE_SUCCEEDED") << BatchJob::State::Succeeded
                                   << true;
        QTest::newRow("failed") << QStringLiteral("BATCH_STATE_FAILED") << BatchJob::State::Failed << true;
        QTest::newRow("cancelled") << QStringLiteral("BATCH_STATE_CANCELLED") << BatchJob::State::Cancelled
                                   << true;
        QTest::newRow("expired") << QStringLiteral("BATCH_STATE_EXPIRED") << BatchJob::State::Expired << true;
        QTest::newRow("unspecified") << QStringLiteral("BATCH_STATE_UNSPECIFIED")
                                     << BatchJob::State::Unspecified << false;
        QTest::newRow("sdk succeeded")
            << QStringLiteral("JOB_STATE_SUCCEEDED") << BatchJob::State::Succeeded << true;
        QTest::newRow("sdk running") << QStringLiteral("JOB_STATE_RUNNING") << BatchJob::State::Running
                                     << false;
        QTest::newRow("vertex paused")
            << QStringLiteral("JOB_STATE_PAUSED") << BatchJob::State::Unknown << false;
        QTest::newRow("future") << QStringLiteral("BATCH_STATE_CANCELLING") << BatchJob::State::Unknown
                                << false;
        QTest::newRow("absent") << QString() << BatchJob::State::Unspecified << false;
    }

    void batchStates()
    {
        QFETCH(QString, wire);
        QFETCH(BatchJob::State, state);
        QFETCH(bool, terminal);
        QJsonObject operation = json(R"({"name":"batches/b1","metadata":{"name":"batches/b1"}})");
        if (!wire.isEmpty())
            operation = replaced(operation, { QStringLiteral("metadata"), QStringLiteral("state") }, wire);
        BatchJob batch;
        QString error;
        QVERIFY2(BatchJob::fromJson(operation, &batch, &error), qPrintable(error));
        QCOMPARE(batch.state, state);
        QCOMPARE(batch.stateName, wire); // unknown values are preserved
        QCOMPARE(batch.isTerminal(), terminal);
    }

    void batchInlineResponsesDoubleNesting()
    {
        const QJsonObject operation = json(R"({"name":"batches/b2","done":true,"metadata":{
            "state":"BATCH_STATE_SUCCEEDED","batchStats":{"requestCount":2,"successfulRequestCount":"1","failedRequestCount":1},
            "output":{"inlinedResponses":{"inlinedResponses":[
              {"response":{"candidates":[{"content":{"parts":[{"text":"101"}]}}]},"metadata":{"key":"q-001"}},
              {"error":{"code":13,"message":"internal"},"metadata":{"key":"q-002"}}]}}}})");
        BatchJob batch;
        QString error;
        QVERIFY2(BatchJob::fromJson(operation, &batch, &error), qPrintable(error));
        QVERIFY(batch.hasInlinedResponses);
        QCOMPARE(batch.inlinedResponses.size(), 2);
        QCOMPARE(batch.inlinedResponses[0].key, QStringLiteral("q-001"));
        QVERIFY(!batch.inlinedResponses[0].isError());
        QVERIFY(batch.inlinedResponses[0].response.contains(QStringLiteral("candidates")));
        QCOMPARE(batch.inlinedResponses[1].key, QStringLiteral("q-002"));
        QVERIFY(batch.inlinedResponses[1].isError());
        QCOMPARE(batch.inlinedResponses[1].error.code, 13);
        QCOMPARE(batch.stats.requestCount, 2);
        QCOMPARE(batch.stats.failedRequestCount, 1);
    }

    void batchOperationError()
    {
        const QJsonObject operation = json(R"({"name":"batches/b3","done":true,
            "metadata":{"state":"BATCH_STATE_FAILED"},"error":{"code":3,"message":"bad input line 7"}})");
        BatchJob batch;
        QString error;
        QVERIFY2(BatchJob::fromJson(operation, &batch, &error), qPrintable(error));
        QCOMPARE(batch.state, BatchJob::State::Failed);
        QVERIFY(batch.error.isSet());
        QCOMPARE(batch.error.code, 3);
        QCOMPARE(batch.error.message, QStringLiteral("bad input line 7"));
    }

    void batchBareObjectTolerated()
    {
        BatchJob batch;
        QString error;
        QVERIFY2(BatchJob::fromJson(json(R"({"name":"batches/b4","state":"JOB_STATE_SUCCEEDED",
            "display_name":"snake","output":{"responses_file":"files/batch-b4"}})"),
                     &batch, &error),
            qPrintable(error));
        QCOMPARE(batch.state, BatchJob::State::Succeeded);
        QCOMPARE(batch.displayName, QStringLiteral("snake"));
        QCOMPARE(batch.responsesFile, QStringLiteral("files/batch-b4"));
        QVERIFY(batch.done);
    }

    void batchMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("no name") << QByteArrayLiteral(R"({"metadata":{"state":"BATCH_STATE_PENDING"}})");
        QTest::newRow("metadata array") << QByteArrayLiteral(R"({"name":"batches/a","metadata":[]})");
        QTest::newRow("stats string")
            << QByteArrayLiteral(R"({"name":"batches/a","metadata":{"batchStats":"3"}})");
        QTest::newRow("count text") << QByteArrayLiteral(
            R"({"name":"batches/a","metadata":{"batchStats":{"requestCount":"x"}}})");
        QTest::newRow("done string") << QByteArrayLiteral(
            R"({"name":"batches/a","done":"yes","metadata":{}})");
        QTest::newRow("inlined number")
            << QByteArrayLiteral(R"({"name":"batches/a","metadata":{"output":{"inlinedResponses":4}}})");
        QTest::newRow("inlined item string") << QByteArrayLiteral(
            R"({"name":"batches/a","metadata":{"output":{"inlinedResponses":{"inlinedResponses":["x"]}}}})");
    }

    void batchMalformed()
    {
        QFETCH(QByteArray, body);
        BatchJob batch;
        QString error;
        QVERIFY(!BatchJob::fromJson(QJsonDocument::fromJson(body).object(), &batch, &error));
        QVERIFY(!error.isEmpty());
    }

    void batchPage()
    {
        BatchPage page;
        QString error;
        const QJsonObject list
            = QJsonObject { { QStringLiteral("operations"), QJsonArray { json(SucceededOperation) } },
                  { QStringLiteral("nextPageToken"), QStringLiteral("n2") } };
        QVERIFY2(BatchPage::fromJson(list, &page, &error), qPrintable(error));
        QCOMPARE(page.batches.size(), 1);
        QCOMPARE(page.nextPageToken, QStringLiteral("n2"));
        QVERIFY(BatchPage::fromJson(QJsonObject {}, &page, &error));
        QVERIFY(page.batches.isEmpty());
        QVERIFY(!page.hasNextPage());
        QVERIFY(!BatchPage::fromJson(json(R"({"operations":[1]})"), &page, &error));
    }

    // Every field of real replies replaced by every JSON type: parsers must answer, not crash.
    void hostileValuesNeverCrash()
    {
        const QList<QJsonObject> samples { json(SucceededOperation), json(UploadedFile) };
        int parsed = 0;
        int refused = 0;
        for (const QJsonObject &sample : samples) {
            QList<QStringList> paths;
            collectPaths(sample, {}, &paths);
            for (const QStringList &path : paths) {
                for (const QJsonValue &value : hostileValues()) {
                    const QJsonObject mutated = replaced(sample, path, value);
                    BatchJob batch;
                    GeminiFile file;
                    QString error;
                    const bool ok = sample.contains(QStringLiteral("metadata"))
                        ? BatchJob::fromJson(mutated, &batch, &error)
                        : GeminiFile::fromJson(mutated, &file, &error);
                    ok ? ++parsed : ++refused;
                    QCOMPARE(error.isEmpty(), ok);
                }
            }
        }
        QVERIFY(parsed > 0);
        QVERIFY(refused > 0);
    }

    void createBatchBodies()
    {
        CreateBatchRequest request;
        request.model = QStringLiteral("models/gemini-2.5-flash");
        request.displayName = QStringLiteral("batch-011");
        request.inputFileName = QStringLiteral("k3v9q0mz7t2a");
        QCOMPARE(request.modelId(), QStringLiteral("gemini-2.5-flash"));
        QVERIFY(request.validate().isEmpty());
        QCOMPARE(QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact),
            QByteArrayLiteral(
                R"({"batch":{"displayName":"batch-011","inputConfig":{"fileName":"files/k3v9q0mz7t2a"}}})"));

        CreateBatchRequest inlined;
        inlined.model = QStringLiteral("gemini-2.5-flash");
        inlined.displayName = QStringLiteral("inline-7");
        inlined.inlineRequests.append(
            json(R"({"request":{"contents":[{"parts":[{"text":"hi"}]}]},"metadata":{"key":"q-001"}})"));
        QVERIFY(inlined.validate().isEmpty());
        const QJsonObject body = inlined.toJson();
        const QJsonArray requests = body[QStringLiteral("batch")][QStringLiteral("inputConfig")]
                                        [QStringLiteral("requests")][QStringLiteral("requests")]
                                            .toArray();
        QCOMPARE(requests.size(), 1);

        CreateBatchRequest both = inlined;
        both.inputFileName = QStringLiteral("files/x");
        QVERIFY(!both.validate().isEmpty());
        CreateBatchRequest badModel = request;
        badModel.model = QStringLiteral("../x");
        QVERIFY(!badModel.validate().isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestGeminiTypes)
#include "tst_geminitypes.moc"
