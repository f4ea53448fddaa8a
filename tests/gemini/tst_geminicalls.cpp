// Every Files and Batch API call of the client against the real gemini-emulator over 127.0.0.1.
#include "geminitestenv.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

using namespace bb::gemini;
using namespace bb::gemini::test;

class TestGeminiCalls final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Env> m_env;

    GeminiClient &client() { return m_env->client(); }

    BatchJob waitForTerminal(const QString &name)
    {
        QElapsedTimer timer;
        timer.start();
        BatchJob last;
        while (timer.elapsed() < 30'000) {
            const Result<BatchJob> result = runJob(client().getBatch(name));
            if (!result.ok()) {
                qWarning("%s", qPrintable(result.error.toString()));
                return last;
            }
            last = result.value;
            if (last.isTerminal())
                return last;
            m_env->emulator().advanceClock(120);
            QTest::qWait(20);
        }
        return last;
    }

    GeminiFile uploadJsonl(const QTemporaryDir &dir, const QString &name, int lines)
    {
        const Result<GeminiFile> uploaded = uploadBytes(client(), dir, name, makeJsonl(lines));
        if (!uploaded.ok())
            qWarning("upload failed: %s", qPrintable(uploaded.error.toString()));
        return uploaded.value;
    }

    BatchJob createFromFile(const QString &fileName, const QString &displayName)
    {
        CreateBatchRequest request;
        request.model = QStringLiteral("gemini-3.5-flash");
        request.displayName = displayName;
        request.inputFileName = fileName;
        const Result<BatchJob> created = runJob(client().createBatch(request));
        if (!created.ok())
            qWarning("create failed: %s", qPrintable(created.error.toString()));
        return created.value;
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<Env>();
        QVERIFY2(m_env->isRunning(), "gemini-emulator did not start");
    }

    void init() { m_env->reset(); }

    void cleanupTestCase() { m_env.reset(); }

    void uploadThenGetFile()
    {
        QTemporaryDir dir;
        const QByteArray content = makeJsonl(20);
        const Result<GeminiFile> uploaded = uploadBytes(client(), dir, QStringLiteral("in.jsonl"), content);
        QVERIFY2(uploaded.ok(), qPrintable(uploaded.error.toString()));
        const GeminiFile &file = uploaded.value;
        QVERIFY(file.name.startsWith(QStringLiteral("files/")));
        QCOMPARE(file.displayName, QStringLiteral("in.jsonl"));
        QCOMPARE(file.sizeBytes, content.size());
        QCOMPARE(file.sha256Hex(), sha256Hex(content));
        QCOMPARE(file.state, GeminiFile::State::Active);

        const Result<GeminiFile> fetched = runJob(client().getFile(file.name));
        QVERIFY2(fetched.ok(), qPrintable(fetched.error.toString()));
        QCOMPARE(fetched.value.name, file.name);
        QCOMPARE(fetched.value.sizeBytes, content.size());
        QCOMPARE(fetched.value.mimeType, QStringLiteral("application/jsonl"));
        QCOMPARE(fetched.value.sha256Hash, file.sha256Hash);
        QVERIFY(fetched.value.createTime.isValid());
        QCOMPARE(fetched.value.createTime.secsTo(fetched.value.expirationTime), 48 * 3600);
        // The id alone and the full uri address the same file.
        QCOMPARE(runJob(client().getFile(file.id())).value.name, file.name);
        QCOMPARE(runJob(client().getFile(file.uri.toString())).value.name, file.name);
    }

    void listFilesAcrossPages()
    {
        QTemporaryDir dir;
        QSet<QString> uploaded;
        for (int i = 0; i < 7; ++i) {
            const Result<GeminiFile> file
                = uploadBytes(client(), dir, QStringLiteral("f%1.jsonl").arg(i), makeJsonl(1 + i));
            QVERIFY2(file.ok(), qPrintable(file.error.toString()));
            uploaded.insert(file.value.name);
        }
        // Page by page.
        QSet<QString> listed;
        QList<int> pageSizes;
        QString token;
        do {
            const Result<FilePage> page = runJob(client().listFiles(3, token));
            QVERIFY2(page.ok(), qPrintable(page.error.toString()));
            pageSizes.append(page.value.files.size());
            for (const GeminiFile &file : page.value.files)
                listed.insert(file.name);
            token = page.value.nextPageToken;
            QVERIFY(pageSizes.size() < 10);
        } while (!token.isEmpty());
        QCOMPARE(pageSizes, (QList<int> { 3, 3, 1 }));
        QCOMPARE(listed, uploaded);

        // The walker.
        AllFilesJob *all = client().listAllFiles(3);
        int pages = 0;
        connect(all, &GeminiJob::finished, this, [&pages, all] { pages = all->pagesFetched(); });
        const Result<QList<GeminiFile>> everything = runJob(all);
        QVERIFY2(everything.ok(), qPrintable(everything.error.toString()));
        QCOMPARE(everything.value.size(), 7);
        QCOMPARE(pages, 3);
        // Requests carried an explicit pageSize and the tokens.
        const QList<QJsonObject> lists = m_env->requests(QStringLiteral("^/v1beta/files$"));
        QVERIFY(lists.size() >= 6);
        for (const QJsonObject &request : lists)
            QVERIFY(request.value(QStringLiteral("query"))
                        .toVariant()
                        .toString()
                        .contains(QStringLiteral("pageSize=3")));
    }

    void deleteFile()
    {
        QTemporaryDir dir;
        const GeminiFile file = uploadJsonl(dir, QStringLiteral("gone.jsonl"), 3);
        QVERIFY(!file.name.isEmpty());
        const Result<bool> deleted = runJob(client().deleteFile(file.name));
        QVERIFY2(deleted.ok(), qPrintable(deleted.error.toString()));
        const Result<GeminiFile> again = runJob(client().getFile(file.name));
        QVERIFY(!again.ok());
        QCOMPARE(again.error.classification, ApiError::Classification::FileGone);
    }

    void batchFromFileLifecycle()
    {
        QTemporaryDir dir;
        const GeminiFile input = uploadJsonl(dir, QStringLiteral("batch-011.jsonl"), 12);
        QVERIFY(!input.name.isEmpty());
        const BatchJob created = createFromFile(input.name, QStringLiteral("batch-011"));
        QVERIFY(created.name.startsWith(QStringLiteral("batches/")));
        QCOMPARE(created.displayName, QStringLiteral("batch-011"));
        QCOMPARE(created.model, QStringLiteral("models/gemini-3.5-flash"));
        QCOMPARE(created.state, BatchJob::State::Pending);
        QCOMPARE(created.inputFileName, input.name);
        QVERIFY(!created.done);
        QVERIFY(created.createTime.isValid());

        // The create body is the JS SDK's camelCase form.
        const QList<QJsonObject> creates = m_env->requests(QStringLiteral(":batchGenerateContent$"));
        QCOMPARE(creates.size(), 1);
        QCOMPARE(creates.first().value(QStringLiteral("path")).toString(),
            QStringLiteral("/v1beta/models/gemini-3.5-flash:batchGenerateContent"));
        const QJsonObject body = creates.first().value(QStringLiteral("body")).toObject();
        QCOMPARE(body[QStringLiteral("batch")][QStringLiteral("inputConfig")][QStringLiteral("fileName")]
                     .toString(),
            input.name);
        QCOMPARE(body[QStringLiteral("batch")][QStringLiteral("displayName")].toString(),
            QStringLiteral("batch-011"));

        const BatchJob finished = waitForTerminal(created.name);
        QCOMPARE(finished.state, BatchJob::State::Succeeded);
        QVERIFY(finished.done);
        QVERIFY(finished.endTime.isValid());
        QCOMPARE(finished.stats.requestCount, 12);
        QCOMPARE(finished.stats.successfulRequestCount + finished.stats.failedRequestCount, 12);
        QCOMPARE(finished.responsesFile, QStringLiteral("files/batch-") + finished.id());

        // Results download, both URL forms, byte-identical, one line per key.
        const QString apiPath = dir.filePath(QStringLiteral("results-api.jsonl"));
        const Result<QString> api = runJob(client().download(finished.responsesFile, apiPath));
        QVERIFY2(api.ok(), qPrintable(api.error.toString()));
        DownloadJob *prefixed
            = client().download(finished.responsesFile, dir.filePath(QStringLiteral("results-dl.jsonl")));
        prefixed->setUrlForm(DownloadJob::UrlForm::DownloadPrefix);
        const Result<QString> other = runJob(prefixed);
        QVERIFY2(other.ok(), qPrintable(other.error.toString()));
        QFile a(api.value);
        QFile b(other.value);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray results = a.readAll();
        QCOMPARE(results, b.readAll());
        const QList<QByteArray> lines = results.trimmed().split('\n');
        QCOMPARE(lines.size(), 12);
        QSet<QString> keys;
        for (const QByteArray &line : lines)
            keys.insert(QJsonDocument::fromJson(line).object().value(QStringLiteral("key")).toString());
        QCOMPARE(keys.size(), 12);
        QVERIFY(keys.contains(QStringLiteral("q-00000")));
        QVERIFY(!m_env->requests(QStringLiteral("^/download/v1beta/files/.*:download$")).isEmpty());
    }

    void inlineBatch()
    {
        CreateBatchRequest request;
        request.model = QStringLiteral("models/gemini-3.5-flash");
        request.displayName = QStringLiteral("inline-7");
        for (int i = 0; i < 3; ++i) {
            const QJsonObject content { { QStringLiteral("parts"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("text"), QStringLiteral("question %1").arg(i) } } } } };
            request.inlineRequests.append(
                QJsonObject { { QStringLiteral("request"),
                                  QJsonObject { { QStringLiteral("contents"), QJsonArray { content } } } },
                    { QStringLiteral("metadata"),
                        QJsonObject { { QStringLiteral("key"), QStringLiteral("k%1").arg(i) } } } });
        }
        const Result<BatchJob> created = runJob(client().createBatch(request));
        QVERIFY2(created.ok(), qPrintable(created.error.toString()));
        const BatchJob finished = waitForTerminal(created.value.name);
        QCOMPARE(finished.state, BatchJob::State::Succeeded);
        QVERIFY(finished.hasInlinedResponses);
        QCOMPARE(finished.inlinedResponses.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(finished.inlinedResponses.at(i).key, QStringLiteral("k%1").arg(i));
    }

    // A batch still pending after 48 h (emulated clock) expires: terminal, done, no output.
    void batchExpiresAfter48Hours()
    {
        QVERIFY(m_env->configure(QJsonObject { { QStringLiteral("pendingSeconds"), 3 * 24 * 3600 } }));
        QTemporaryDir dir;
        const GeminiFile input = uploadJsonl(dir, QStringLiteral("slow.jsonl"), 2);
        const BatchJob batch = createFromFile(input.name, QStringLiteral("slow"));
        QVERIFY(!batch.name.isEmpty());
        QVERIFY(m_env->emulator().advanceClock(47 * 3600));
        QCOMPARE(runJob(client().getBatch(batch.name)).value.state, BatchJob::State::Pending);
        QVERIFY(m_env->emulator().advanceClock(3600 + 60));
        QSignalSpy observed(&client(), &GeminiClient::serverTimeObserved);
        BatchCallJob *get = client().getBatch(batch.name);
        QDateTime serverTime;
        connect(get, &GeminiJob::finished, this, [&serverTime, get] { serverTime = get->serverTime(); });
        const Result<BatchJob> expired = runJob(get);
        // The job reports the server's (advanced) clock from the Date header.
        QVERIFY(serverTime.isValid());
        QVERIFY(batch.createTime.secsTo(serverTime) >= 48 * 3600);
        QCOMPARE(observed.count(), 1);
        QCOMPARE(observed.first().first().toDateTime(), serverTime);
        QVERIFY2(expired.ok(), qPrintable(expired.error.toString()));
        QCOMPARE(expired.value.state, BatchJob::State::Expired);
        QCOMPARE(expired.value.stateName, QStringLiteral("BATCH_STATE_EXPIRED"));
        QVERIFY(expired.value.isTerminal());
        QVERIFY(expired.value.done);
        QVERIFY(expired.value.responsesFile.isEmpty());
    }

    void listBatchesAcrossPages()
    {
        QTemporaryDir dir;
        const GeminiFile input = uploadJsonl(dir, QStringLiteral("shared.jsonl"), 2);
        QSet<QString> created;
        for (int i = 0; i < 5; ++i) {
            const BatchJob batch = createFromFile(input.name, QStringLiteral("list-%1").arg(i));
            QVERIFY(!batch.name.isEmpty());
            created.insert(batch.name);
        }
        QSet<QString> listed;
        QList<int> sizes;
        QString token;
        do {
            const Result<BatchPage> page = runJob(client().listBatches(2, token));
            QVERIFY2(page.ok(), qPrintable(page.error.toString()));
            sizes.append(page.value.batches.size());
            for (const BatchJob &batch : page.value.batches) {
                listed.insert(batch.name);
                QVERIFY(batch.displayName.startsWith(QStringLiteral("list-")));
            }
            token = page.value.nextPageToken;
            QVERIFY(sizes.size() < 10);
        } while (!token.isEmpty());
        QCOMPARE(sizes, (QList<int> { 2, 2, 1 }));
        QCOMPARE(listed, created);
        const Result<QList<BatchJob>> all = runJob(client().listAllBatches(2));
        QVERIFY2(all.ok(), qPrintable(all.error.toString()));
        QCOMPARE(all.value.size(), 5);
    }

    // python-genai#1250: without pageSize the service returned an empty list. Every list the
    // client sends carries one, even when asked for "the server's default" (0).
    void listsAlwaysSendPageSize()
    {
        QTemporaryDir dir;
        const GeminiFile input = uploadJsonl(dir, QStringLiteral("p.jsonl"), 2);
        QVERIFY(!createFromFile(input.name, QStringLiteral("paged")).name.isEmpty());
        QVERIFY(!m_env->emulator()
                     .configure({ { QStringLiteral("quirks"),
                         QJsonObject { { QStringLiteral("emptyListWithoutPageSize"), true } } } })
                     .isEmpty());
        const Result<QList<BatchJob>> batches = runJob(client().listAllBatches(0));
        QVERIFY2(batches.ok(), qPrintable(batches.error.toString()));
        QCOMPARE(batches.value.size(), 1);
        const Result<QList<GeminiFile>> files = runJob(client().listAllFiles(0));
        QVERIFY2(files.ok(), qPrintable(files.error.toString()));
        QCOMPARE(files.value.size(), 1);
        const Result<QList<GeminiModel>> models = runJob(client().listAllModels(0));
        QVERIFY2(models.ok(), qPrintable(models.error.toString()));
        QVERIFY(models.value.size() >= 5);
        for (const QJsonObject &request : m_env->requests(QStringLiteral("^/v1beta/(batches|files|models)$")))
            QVERIFY2(
                request.value(QStringLiteral("query")).toString().contains(QLatin1StringView("pageSize=")),
                qPrintable(request.value(QStringLiteral("query")).toString()));
        QVERIFY(!m_env->emulator()
                     .configure({ { QStringLiteral("quirks"),
                         QJsonObject { { QStringLiteral("emptyListWithoutPageSize"), false } } } })
                     .isEmpty());
    }

    void cancelBatch()
    {
        QTemporaryDir dir;
        const GeminiFile input = uploadJsonl(dir, QStringLiteral("c.jsonl"), 4);
        const BatchJob batch = createFromFile(input.name, QStringLiteral("to-cancel"));
        QVERIFY(!batch.name.isEmpty());
        const Result<bool> cancelled = runJob(client().cancelBatch(batch.name));
        QVERIFY2(cancelled.ok(), qPrintable(cancelled.error.toString()));
        const QList<QJsonObject> requests = m_env->requests(QStringLiteral(":cancel$"));
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(requests.first().value(QStringLiteral("body")), QJsonValue(QJsonObject {}));
        const BatchJob after = waitForTerminal(batch.name);
        QCOMPARE(after.state, BatchJob::State::Cancelled);
        QVERIFY(after.done);
    }

    void deleteBatch()
    {
        QTemporaryDir dir;
        const GeminiFile input = uploadJsonl(dir, QStringLiteral("d.jsonl"), 2);
        const BatchJob batch = createFromFile(input.name, QStringLiteral("to-delete"));
        QVERIFY(!batch.name.isEmpty());
        const Result<bool> deleted = runJob(client().deleteBatch(batch.name));
        QVERIFY2(deleted.ok(), qPrintable(deleted.error.toString()));
        const Result<BatchJob> again = runJob(client().getBatch(batch.name));
        QVERIFY(!again.ok());
        QCOMPARE(again.error.httpStatus, 404);
        QCOMPARE(again.error.classification, ApiError::Classification::InvalidRequest);
    }

    void apiVersionV1()
    {
        client().setApiVersion(QStringLiteral("v1"));
        QTemporaryDir dir;
        const Result<GeminiFile> uploaded
            = uploadBytes(client(), dir, QStringLiteral("v1.jsonl"), makeJsonl(2));
        QVERIFY2(uploaded.ok(), qPrintable(uploaded.error.toString()));
        const Result<FilePage> page = runJob(client().listFiles());
        QVERIFY2(page.ok(), qPrintable(page.error.toString()));
        QCOMPARE(page.value.files.size(), 1);
        QVERIFY(!m_env->requests(QStringLiteral("^/upload/v1/files")).isEmpty());
        QVERIFY(!m_env->requests(QStringLiteral("^/v1/files$")).isEmpty());
        QVERIFY(m_env->requests(QStringLiteral("v1beta")).isEmpty());
    }

    // With a key configured, every request carries it in x-goog-api-key and none in its URL (the
    // emulator checks the value and logs only whether a key header/query was present).
    void keyOnlyInHeader()
    {
        const QString key = QStringLiteral("AIzaTestKey-1234567890");
        Env keyed({ QStringLiteral("--api-key"), key });
        QVERIFY(keyed.isRunning());
        keyed.client().setApiKey(key);
        QTemporaryDir dir;
        const Result<GeminiFile> file
            = uploadBytes(keyed.client(), dir, QStringLiteral("k.jsonl"), makeJsonl(3), 100);
        QVERIFY2(file.ok(), qPrintable(file.error.toString()));
        QVERIFY(runJob(keyed.client().getFile(file.value.name)).ok());
        QVERIFY(runJob(keyed.client().listFiles()).ok());
        CreateBatchRequest request;
        request.model = QStringLiteral("gemini-3.5-flash");
        request.displayName = QStringLiteral("keyed");
        request.inputFileName = file.value.name;
        QVERIFY(runJob(keyed.client().createBatch(request)).ok());
        QVERIFY(runJob(keyed.client().listBatches()).ok());
        const QList<QJsonObject> requests = keyed.requests();
        QVERIFY(requests.size() >= 6);
        for (const QJsonObject &logged : requests) {
            const QString where = logged.value(QStringLiteral("path")).toString() + QLatin1Char('?')
                + logged.value(QStringLiteral("query")).toVariant().toString();
            QVERIFY2(!where.contains(key), qPrintable(where));
            QVERIFY2(!where.contains(QStringLiteral("key=")), qPrintable(where));
            QVERIFY(logged.value(QStringLiteral("hasApiKeyHeader")).toBool());
            QVERIFY(!logged.value(QStringLiteral("hasApiKeyQuery")).toBool());
        }
    }

    void nonLoopbackHttpRefused()
    {
        const int before = m_env->requests().size();
        QVERIFY(!client().setBaseUrl(QUrl(QStringLiteral("http://generativelanguage.googleapis.com/"))));
        const Result<FilePage> page = runJob(client().listFiles());
        QCOMPARE(page.error.kind, ApiError::Kind::Refused);
        QCOMPARE(page.error.classification, ApiError::Classification::InvalidRequest);
        QCOMPARE(m_env->requests().size(), before);
    }
};

QTEST_GUILESS_MAIN(TestGeminiCalls)
#include "tst_geminicalls.moc"
