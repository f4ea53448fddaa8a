// Every error class, produced by the emulator's fault rules and limits, as the client classifies it.
#include "geminitestenv.h"

#include <QElapsedTimer>
#include <QTimeZone>

using namespace bb::gemini;
using namespace bb::gemini::test;
using C = ApiError::Classification;
using K = ApiError::Kind;

namespace {

enum class Call
{
    ListFiles,
    GetFile,
    GetBatch,
    ListBatches,
};

QJsonObject parse(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QJsonObject quotaBody(const QString &quotaId, const QString &retryDelay)
{
    QJsonArray details { QJsonObject {
        { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.QuotaFailure") },
        { QStringLiteral("violations"),
            QJsonArray { QJsonObject {
                { QStringLiteral("quotaMetric"),
                    QStringLiteral("generativelanguage.googleapis.com/generate_content_free_tier_requests") },
                { QStringLiteral("quotaId"), quotaId },
                { QStringLiteral("quotaDimensions"),
                    QJsonObject { { QStringLiteral("location"), QStringLiteral("global") },
                        { QStringLiteral("model"), QStringLiteral("gemini-3.5-flash") } } },
                { QStringLiteral("quotaValue"), QStringLiteral("20") } } } } } };
    if (!retryDelay.isEmpty())
        details.append(QJsonObject {
            { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.RetryInfo") },
            { QStringLiteral("retryDelay"), retryDelay } });
    return QJsonObject { { QStringLiteral("error"),
        QJsonObject { { QStringLiteral("code"), 429 },
            { QStringLiteral("message"), QStringLiteral("You exceeded your current quota.") },
            { QStringLiteral("status"), QStringLiteral("RESOURCE_EXHAUSTED") },
            { QStringLiteral("details"), details } } } };
}

QJsonObject statusBody(int code, const QString &status, const QString &message)
{
    return QJsonObject { { QStringLiteral("error"),
        QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("status"), status },
            { QStringLiteral("message"), message } } } };
}

QJsonObject rule(const QString &pathRegex, const QString &action, int status = 0, const QJsonValue &body = {},
    int times = 1)
{
    QJsonObject object { { QStringLiteral("method"), QStringLiteral("GET") },
        { QStringLiteral("path"), pathRegex }, { QStringLiteral("action"), action },
        { QStringLiteral("times"), times } };
    if (status)
        object.insert(QStringLiteral("status"), status);
    if (!body.isUndefined() && !body.isNull())
        object.insert(QStringLiteral("body"), body);
    return object;
}

} // namespace

Q_DECLARE_METATYPE(Call)

class TestGeminiErrors final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Env> m_env;

    GeminiClient &client() { return m_env->client(); }

    ApiError call(Call which, int timeoutMs = 0)
    {
        GeminiJob *job = nullptr;
        switch (which) {
        case Call::ListFiles:
            job = client().listFiles(10);
            break;
        case Call::GetFile:
            job = client().getFile(QStringLiteral("files/abcdef123456"));
            break;
        case Call::GetBatch:
            job = client().getBatch(QStringLiteral("batches/abcdefghijklmnopqrstuvwxyz0123456789"));
            break;
        case Call::ListBatches:
            job = client().listBatches(10);
            break;
        }
        if (timeoutMs > 0)
            job->setTimeout(timeoutMs);
        ApiError error;
        bool done = false;
        connect(job, &GeminiJob::finished, this, [&](GeminiJob *finished) {
            error = finished->error();
            done = true;
        });
        job->start();
        if (!QTest::qWaitFor([&done] { return done; }, 120'000)) // only a hang: every call ends sooner
            job->abort();
        return error;
    }

    static void verifyPacificMidnight(const ApiError &error, const QDateTime &before)
    {
        const QDateTime reference = error.serverTime.isValid() ? error.serverTime : before;
        QVERIFY(error.retryAt.isValid());
        QCOMPARE(error.retryAt, pacificMidnightAfter(reference));
        const QDateTime pacific
            = error.retryAt.toTimeZone(QTimeZone(QByteArrayLiteral("America/Los_Angeles")));
        QCOMPARE(pacific.time(), QTime(0, 0));
        QVERIFY(reference.secsTo(error.retryAt) > 0);
        QVERIFY(reference.secsTo(error.retryAt) <= 25 * 3600);
    }

    QString uploadSmall(const QTemporaryDir &dir, const QString &name)
    {
        const Result<GeminiFile> file = uploadBytes(client(), dir, name, makeJsonl(4));
        if (!file.ok())
            qWarning("upload failed: %s", qPrintable(file.error.toString()));
        return file.value.name;
    }

    Result<BatchJob> create(const QString &fileName, const QString &displayName)
    {
        CreateBatchRequest request;
        request.model = QStringLiteral("gemini-3.5-flash");
        request.displayName = displayName;
        request.inputFileName = fileName;
        return runJob(client().createBatch(request));
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<Env>();
        QVERIFY2(m_env->isRunning(), "gemini-emulator did not start");
    }

    void init() { m_env->reset(); }

    void cleanupTestCase() { m_env.reset(); }

    void faults_data()
    {
        QTest::addColumn<Call>("which");
        QTest::addColumn<QJsonObject>("fault");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<K>("kind");
        QTest::addColumn<C>("classification");
        QTest::addColumn<int>("httpStatus");

        const QString files = QStringLiteral("^/v1beta/files");
        const QString batches = QStringLiteral("^/v1beta/batches");
        QTest::newRow("429 per-minute quota")
            << Call::ListFiles
            << rule(files, QStringLiteral("respond"), 429,
                   quotaBody(QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                       QStringLiteral("45.837906927s")))
            << 0 << K::Http << C::RateLimited << 429;
        QTest::newRow("429 per-day quota")
            << Call::ListBatches
            << rule(batches, QStringLiteral("respond"), 429,
                   quotaBody(QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
                       QStringLiteral("23s")))
            << 0 << K::Http << C::DailyQuotaExhausted << 429;
        QTest::newRow("429 help only") << Call::ListBatches
                                       << rule(batches, QStringLiteral("respond"), 429,
                                              parse(R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED",
                "message":"You exceeded your current quota","details":[{"@type":"type.googleapis.com/google.rpc.Help",
                "links":[{"description":"Learn more","url":"https:\/\/ai.google.dev/gemini-api/docs/rate-limits"}]}]}})"))
                                       << 0 << K::Http << C::BatchCapacityExhausted << 429;
        QTest::newRow("429 no details") << Call::ListBatches
                                        << rule(batches, QStringLiteral("respond"), 429,
                                               statusBody(429, QStringLiteral("RESOURCE_EXHAUSTED"),
                                                   QStringLiteral("You exceeded your current quota")))
                                        << 0 << K::Http << C::BatchCapacityExhausted << 429;
        QTest::newRow("500 internal") << Call::ListFiles
                                      << rule(files, QStringLiteral("respond"), 500,
                                             statusBody(500, QStringLiteral("INTERNAL"),
                                                 QStringLiteral("An internal error has occurred.")))
                                      << 0 << K::Http << C::Transient << 500;
        QTest::newRow("503 overloaded")
            << Call::GetBatch
            << rule(batches, QStringLiteral("respond"), 503,
                   statusBody(503, QStringLiteral("UNAVAILABLE"), QStringLiteral("The model is overloaded.")))
            << 0 << K::Http << C::Transient << 503;
        QTest::newRow("502 not JSON")
            << Call::ListFiles
            << rule(files, QStringLiteral("respond"), 502, QStringLiteral("<html>Bad Gateway</html>")) << 0
            << K::Http << C::Transient << 502;
        QTest::newRow("408") << Call::ListFiles << rule(files, QStringLiteral("respond"), 408) << 0 << K::Http
                             << C::Transient << 408;
        // Qt silently resends an idempotent request once when a kept-alive connection drops, so
        // the reset must persist (times: 0 = unlimited) to reach the client.
        QTest::newRow("reset") << Call::ListFiles << rule(files, QStringLiteral("reset"), 0, {}, 0) << 0
                               << K::Network << C::Transient << 0;
        QTest::newRow("hang times out") << Call::GetBatch << rule(batches, QStringLiteral("hang")) << 600
                                        << K::Timeout << C::Transient << 0;
        QTest::newRow("403 file gone") << Call::GetFile
                                       << rule(files, QStringLiteral("respond"), 403,
                                              statusBody(403, QStringLiteral("PERMISSION_DENIED"),
                                                  QStringLiteral("You do not have permission to access the "
                                                                 "File abcdef123456 or it may not exist.")))
                                       << 0 << K::Http << C::FileGone << 403;
        QTest::newRow("404 file") << Call::GetFile
                                  << rule(files, QStringLiteral("respond"), 404,
                                         statusBody(
                                             404, QStringLiteral("NOT_FOUND"), QStringLiteral("not found")))
                                  << 0 << K::Http << C::FileGone << 404;
        QTest::newRow("400 invalid") << Call::GetBatch
                                     << rule(batches, QStringLiteral("respond"), 400,
                                            statusBody(400, QStringLiteral("INVALID_ARGUMENT"),
                                                QStringLiteral("bad")))
                                     << 0 << K::Http << C::InvalidRequest << 400;
        QTest::newRow("200 not JSON")
            << Call::ListFiles
            << rule(files, QStringLiteral("respond"), 200, QStringLiteral("this is not json")) << 0
            << K::MalformedResponse << C::Unknown << 200;
        QTest::newRow("200 files not a list")
            << Call::ListFiles << rule(files, QStringLiteral("respond"), 200, parse(R"({"files":"nope"})"))
            << 0 << K::MalformedResponse << C::Unknown << 200;
        QTest::newRow("200 file wrong types")
            << Call::GetFile
            << rule(files, QStringLiteral("respond"), 200, parse(R"({"name":5,"sizeBytes":{}})")) << 0
            << K::MalformedResponse << C::Unknown << 200;
        QTest::newRow("200 batch wrong types")
            << Call::GetBatch
            << rule(batches, QStringLiteral("respond"), 200,
                   parse(R"({"name":"batches/x","metadata":{"batchStats":{"requestCount":"many"}}})"))
            << 0 << K::MalformedResponse << C::Unknown << 200;
        QTest::newRow("200 JSON array")
            << Call::ListBatches << rule(batches, QStringLiteral("respond"), 200, QJsonArray { 1, 2 }) << 0
            << K::MalformedResponse << C::Unknown << 200;
    }

    void faults()
    {
        QFETCH(Call, which);
        QFETCH(QJsonObject, fault);
        QFETCH(int, timeoutMs);
        QFETCH(K, kind);
        QFETCH(C, classification);
        QFETCH(int, httpStatus);
        QVERIFY(m_env->addFaults(QJsonArray { fault }));
        const QDateTime before = QDateTime::currentDateTimeUtc();
        QElapsedTimer timer;
        timer.start();
        const ApiError error = call(which, timeoutMs);
        QVERIFY2(error.isError(), "the call succeeded");
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.classification, classification);
        QCOMPARE(error.httpStatus, httpStatus);
        QVERIFY(!error.message.isEmpty());
        QVERIFY(!error.operation.isEmpty());
        if (kind == K::Timeout) // the job's own timeout ended it, not a hang of the test
            QVERIFY2(timer.elapsed() < 60'000, qPrintable(QString::number(timer.elapsed())));
        if (classification == C::RateLimited) {
            QVERIFY(qAbs(error.retryDelaySeconds - 45.837906927) < 1e-9);
            QCOMPARE(error.retryDelayMs(), 45'838);
            QCOMPARE(error.quotaViolations.size(), 1);
            QCOMPARE(error.quotaViolations.first().quotaDimensions.value(QStringLiteral("model")),
                QStringLiteral("gemini-3.5-flash"));
        }
        if (classification == C::DailyQuotaExhausted)
            verifyPacificMidnight(error, before);
        // Without the fault, a list call succeeds again.
        QVERIFY(m_env->emulator().clearFaults());
        if (which == Call::ListFiles || which == Call::ListBatches) {
            const ApiError second = call(which);
            QVERIFY2(!second.isError(), qPrintable(second.toString()));
        }
    }

    void delayBelowTimeoutSucceeds()
    {
        QJsonObject fault = rule(QStringLiteral("^/v1beta/files"), QStringLiteral("delay"));
        fault.insert(QStringLiteral("delayMs"), 400);
        QVERIFY(m_env->addFaults(QJsonArray { fault }));
        QElapsedTimer timer;
        timer.start();
        const ApiError error = call(Call::ListFiles, 30'000);
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        QVERIFY(timer.elapsed() >= 350);
    }

    void badApiKey()
    {
        Env keyed({ QStringLiteral("--api-key"), QStringLiteral("right-key") });
        QVERIFY(keyed.isRunning());
        keyed.client().setApiKey(QStringLiteral("wrong-key"));
        const Result<FilePage> wrong = runJob(keyed.client().listFiles());
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error.classification, C::BadApiKey);
        QVERIFY(wrong.error.httpStatus >= 400 && wrong.error.httpStatus < 500);
        keyed.client().setApiKey(QString());
        const Result<FilePage> missing = runJob(keyed.client().listFiles());
        QVERIFY(!missing.ok());
        QVERIFY(missing.error.classification == C::BadApiKey
            || missing.error.classification == C::InvalidRequest);
        keyed.client().setApiKey(QStringLiteral("right-key"));
        const Result<FilePage> right = runJob(keyed.client().listFiles());
        QVERIFY2(right.ok(), qPrintable(right.error.toString()));
    }

    void fileGoneAfter48Hours()
    {
        QTemporaryDir dir;
        const QString name = uploadSmall(dir, QStringLiteral("old.jsonl"));
        QVERIFY(!name.isEmpty());
        QVERIFY(runJob(client().getFile(name)).ok());
        m_env->emulator().advanceClock(48 * 3600 + 60);
        const Result<GeminiFile> gone = runJob(client().getFile(name));
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error.classification, C::FileGone);
        QCOMPARE(gone.error.httpStatus, 403);
        QCOMPARE(gone.error.status, QStringLiteral("PERMISSION_DENIED"));
        const Result<BatchJob> batch = create(name, QStringLiteral("too-late"));
        QVERIFY(!batch.ok());
        QCOMPARE(batch.error.classification, C::FileGone);
    }

    void batchCreatesPerMinuteLimit()
    {
        QVERIFY(m_env->configure(QJsonObject {
            { QStringLiteral("limits"), QJsonObject { { QStringLiteral("batchCreatesPerMinute"), 1 } } } }));
        QTemporaryDir dir;
        const QString name = uploadSmall(dir, QStringLiteral("rpm.jsonl"));
        QVERIFY(create(name, QStringLiteral("first")).ok());
        const Result<BatchJob> second = create(name, QStringLiteral("second"));
        QVERIFY(!second.ok());
        QCOMPARE(second.error.httpStatus, 429);
        QCOMPARE(second.error.classification, C::RateLimited);
        QVERIFY(second.error.retryDelaySeconds > 0);
        QVERIFY(!second.error.quotaViolations.isEmpty());
    }

    void batchCreatesPerDayLimit()
    {
        QVERIFY(m_env->configure(QJsonObject {
            { QStringLiteral("limits"), QJsonObject { { QStringLiteral("batchCreatesPerDay"), 1 } } } }));
        QTemporaryDir dir;
        const QString name = uploadSmall(dir, QStringLiteral("rpd.jsonl"));
        QVERIFY(create(name, QStringLiteral("first")).ok());
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const Result<BatchJob> second = create(name, QStringLiteral("second"));
        QVERIFY(!second.ok());
        QCOMPARE(second.error.classification, C::DailyQuotaExhausted);
        QVERIFY(second.error.hasPerDayViolation());
        verifyPacificMidnight(second.error, before);
    }

    void concurrentBatchesLimit()
    {
        QVERIFY(m_env->configure(QJsonObject {
            { QStringLiteral("limits"), QJsonObject { { QStringLiteral("concurrentBatches"), 1 } } } }));
        QTemporaryDir dir;
        const QString name = uploadSmall(dir, QStringLiteral("cc.jsonl"));
        QVERIFY(create(name, QStringLiteral("first")).ok());
        const Result<BatchJob> second = create(name, QStringLiteral("second"));
        QVERIFY(!second.ok());
        QCOMPARE(second.error.httpStatus, 429);
        QCOMPARE(second.error.classification, C::BatchCapacityExhausted);
        QVERIFY(second.error.quotaViolations.isEmpty());
        QCOMPARE(second.error.retryDelaySeconds, -1.0);
    }

    void uploadsPerMinuteLimit()
    {
        QVERIFY(m_env->configure(QJsonObject {
            { QStringLiteral("limits"), QJsonObject { { QStringLiteral("uploadsPerMinute"), 1 } } } }));
        QTemporaryDir dir;
        QVERIFY(!uploadSmall(dir, QStringLiteral("u1.jsonl")).isEmpty());
        const Result<GeminiFile> second
            = uploadBytes(client(), dir, QStringLiteral("u2.jsonl"), makeJsonl(2));
        QVERIFY(!second.ok());
        QCOMPARE(second.error.httpStatus, 429);
        QCOMPARE(second.error.classification, C::RateLimited);
    }

    void maxFileBytesLimit()
    {
        QVERIFY(m_env->configure(QJsonObject {
            { QStringLiteral("limits"), QJsonObject { { QStringLiteral("maxFileBytes"), 100 } } } }));
        QTemporaryDir dir;
        const Result<GeminiFile> big = uploadBytes(client(), dir, QStringLiteral("big.jsonl"), makeJsonl(10));
        QVERIFY(!big.ok());
        QCOMPARE(big.error.kind, K::Http);
        QVERIFY(big.error.httpStatus >= 400 && big.error.httpStatus < 500);
        QVERIFY(big.error.classification == C::InvalidRequest
            || big.error.classification == C::BatchCapacityExhausted);
    }

    // Redirects are followed by the job itself: a hop to loopback is fine, a hop to plain http on
    // another host is refused before any request goes there.
    void redirects_data()
    {
        QTest::addColumn<QString>("location");
        QTest::addColumn<bool>("followed");
        QTest::newRow("same server") << QStringLiteral("/v1/files?pageSize=5") << true;
        QTest::newRow("plain http elsewhere")
            << QStringLiteral("http://generativelanguage.googleapis.com/v1beta/files") << false;
    }

    void redirects()
    {
        QFETCH(QString, location);
        QFETCH(bool, followed);
        QJsonObject fault
            = rule(QStringLiteral("^/v1beta/files$"), QStringLiteral("respond"), 302, QString());
        fault.insert(QStringLiteral("headers"), QJsonObject { { QStringLiteral("Location"), location } });
        QVERIFY(m_env->addFaults(QJsonArray { fault }));
        client().setApiKey(QStringLiteral("k"));
        const Result<FilePage> page = runJob(client().listFiles(10));
        if (followed) {
            QVERIFY2(page.ok(), qPrintable(page.error.toString()));
            const QList<QJsonObject> hops = m_env->requests(QStringLiteral("^/v1/files$"));
            QCOMPARE(hops.size(), 1);
            QVERIFY(
                hops.first().value(QStringLiteral("hasApiKeyHeader")).toBool()); // same origin keeps the key
        } else {
            QCOMPARE(page.error.kind, K::Refused);
            QCOMPARE(page.error.classification, C::InvalidRequest);
            QCOMPARE(page.error.httpStatus, 302);
        }
    }

    void connectionRefusedIsTransient()
    {
        // A port nobody listens on: start a server-less client against loopback.
        GeminiClient refused;
        QVERIFY(refused.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1/"))));
        const Result<FilePage> page = runJob(refused.listFiles());
        QCOMPARE(page.error.kind, K::Network);
        QCOMPARE(page.error.networkError, QNetworkReply::ConnectionRefusedError);
        QCOMPARE(page.error.classification, C::Transient);
    }
};

QTEST_GUILESS_MAIN(TestGeminiErrors)
#include "tst_geminierrors.moc"
