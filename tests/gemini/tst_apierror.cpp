// google.rpc.Status parsing, error classification, URL policy and client settings (no network).
#include "apierrorparser.h"
#include "filejobs.h"
#include "geminiclient.h"
#include "urlpolicy.h"

#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace bb::gemini;
using C = ApiError::Classification;

namespace {

// Bodies from limits-and-errors.md §8.
const QByteArray PerMinute429 = QByteArrayLiteral(R"({"error": {"code": 429,
  "message": "You exceeded your current quota, please check your plan and billing details.\nPlease retry in 37.482913004s.",
  "status": "RESOURCE_EXHAUSTED",
  "details": [
    {"@type": "type.googleapis.com/google.rpc.Help",
     "links": [{"description": "Learn more about Gemini API quotas", "url": "https:\/\/ai.google.dev/gemini-api/docs/rate-limits"}]},
    {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
     "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count",
                     "quotaId": "GenerateContentPaidTierInputTokensPerModelPerMinute",
                     "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash"},
                     "quotaValue": "1000000"}]},
    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "45.837906927s"}]}})");

const QByteArray PerDay429
    = QByteArrayLiteral(R"({"error": {"code": 429, "message": "You exceeded your current quota",
  "status": "RESOURCE_EXHAUSTED",
  "details": [
    {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
     "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                     "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                     "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash"},
                     "quotaValue": "20"}]},
    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "23s"}]}})");

const QByteArray Capacity429 = QByteArrayLiteral(R"({"error": {"code": 429,
  "message": "You exceeded your current quota, please check your plan and billing details.", "status": "RESOURCE_EXHAUSTED",
  "details": [{"@type": "type.googleapis.com/google.rpc.Help",
               "links": [{"description": "Learn more about Gemini API quotas", "url": "https:\/\/ai.google.dev/gemini-api/docs/rate-limits"}]}]}})");

const QByteArray BadKey400 = QByteArrayLiteral(
    R"({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
  "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com",
               "metadata": {"service": "generativelanguage.googleapis.com"}},
              {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en-US",
               "message": "API key not valid. Please pass a valid API key."}]}})");

} // namespace

class TestApiError final : public QObject
{
    Q_OBJECT

private slots:
    void classification_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("resource");
        QTest::addColumn<C>("expected");
        const int file = int(ResourceKind::File);
        const int batch = int(ResourceKind::Batch);
        const int other = int(ResourceKind::Other);
        QTest::newRow("429 per minute") << 429 << PerMinute429 << batch << C::RateLimited;
        QTest::newRow("429 per day") << 429 << PerDay429 << batch << C::DailyQuotaExhausted;
        QTest::newRow("429 help only") << 429 << Capacity429 << batch << C::BatchCapacityExhausted;
        QTest::newRow("429 no details")
            << 429
            << QByteArrayLiteral(R"({"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}})")
            << batch << C::BatchCapacityExhausted;
        QTest::newRow("429 html") << 429 << QByteArrayLiteral("<html>Too Many</html>") << batch
                                  << C::BatchCapacityExhausted;
        QTest::newRow("400 bad key") << 400 << BadKey400 << other << C::BadApiKey;
        QTest::newRow("403 key message")
            << 403
            << QByteArrayLiteral(
                   R"({"error":{"code":403,"message":"API key expired.","status":"PERMISSION_DENIED"}})")
            << other << C::BadApiKey;
        QTest::newRow("403 file gone")
            << 403
            << QByteArrayLiteral(
                   R"({"error": {"code": 403, "message": "You do not have permission to access the File abc123xyz or it may not exist.", "status": "PERMISSION_DENIED"}})")
            << batch << C::FileGone;
        QTest::newRow("404 file") << 404
                                  << QByteArrayLiteral(R"({"error":{"code":404,"status":"NOT_FOUND"}})")
                                  << file << C::FileGone;
        QTest::newRow("404 file, empty body") << 404 << QByteArray() << file << C::FileGone;
        QTest::newRow("404 batch") << 404
                                   << QByteArrayLiteral(R"({"error":{"code":404,"status":"NOT_FOUND"}})")
                                   << batch << C::InvalidRequest;
        QTest::newRow("400 mime")
            << 400
            << QByteArrayLiteral(
                   R"({"error": {"code": 400, "message": "Unsupported MIME type: jsonl", "status": "INVALID_ARGUMENT"}})")
            << other << C::InvalidRequest;
        QTest::newRow("402 prepaid")
            << 402
            << QByteArrayLiteral(
                   R"({"error": {"code": 402, "message": "Your prepayment credits are depleted.", "status": "RESOURCE_EXHAUSTED"}})")
            << other << C::BillingStopped;
        // changes-2026 rows 1, 10 and 18: the bodies of late 2026.
        const int model = int(ResourceKind::Model);
        QTest::newRow("404 retired model")
            << 404
            << QByteArray(
                   R"({"error":{"code":404,"message":"This model models/gemini-2.5-flash is no longer available to new users. Please update your code to use a newer model for the latest features and improvements.","status":"NOT_FOUND"}})")
            << model << C::ModelUnavailable;
        QTest::newRow("404 retired model, any call")
            << 404
            << QByteArray(
                   R"({"error":{"code":404,"message":"This model models/gemini-2.0-flash is no longer available to new users.","status":"NOT_FOUND"}})")
            << other << C::ModelUnavailable;
        QTest::newRow("404 unknown model")
            << 404
            << QByteArray(
                   R"({"error":{"code":404,"message":"models/gemini-x is not found for API version v1beta, or is not supported for batchGenerateContent. Call ListModels to see the list of available models and their supported methods.","status":"NOT_FOUND"}})")
            << batch << C::ModelUnavailable;
        QTest::newRow("404 on create, no body") << 404 << QByteArray() << model << C::ModelUnavailable;
        QTest::newRow("404 on create for the file")
            << 404
            << QByteArray(
                   R"({"error":{"code":404,"message":"File files/abc not found.","status":"NOT_FOUND"}})")
            << model << C::InvalidRequest;
        QTest::newRow("429 prepay depleted")
            << 429
            << QByteArray(
                   R"({"error":{"code":429,"message":"Your prepayment credits are depleted. Please go to AI Studio at https:\/\/ai.studio/projects to manage your project and billing.","status":"RESOURCE_EXHAUSTED"}})")
            << model << C::BillingStopped;
        QTest::newRow("429 spend cap")
            << 429
            << QByteArray(
                   R"({"error":{"code":429,"message":"Your project has reached its monthly spending cap for its billing tier.","status":"RESOURCE_EXHAUSTED"}})")
            << model << C::BillingStopped;
        QTest::newRow("429 free tier limit 0")
            << 429
            << QByteArray(
                   R"({"error":{"code":429,"message":"You exceeded your current quota. Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-3.5-flash","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier","quotaValue":"0"}]}]}})")
            << model << C::BillingStopped;
        QTest::newRow("429 exhausted, no details")
            << 429
            << QByteArray(
                   R"({"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}})")
            << model << C::BatchCapacityExhausted;
        QTest::newRow("429 plan and billing details is a quota")
            << 429
            << QByteArray(
                   R"({"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED"}})")
            << model << C::BatchCapacityExhausted;
        QTest::newRow("503 empty message, odd status")
            << 503 << QByteArray(R"({"error":{"message":"","code":503,"status":"Service Unavailable"}})")
            << other << C::Transient;
        QTest::newRow("408") << 408 << QByteArray() << other << C::Transient;
        QTest::newRow("500")
            << 500
            << QByteArrayLiteral(
                   R"({"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}})")
            << other << C::Transient;
        QTest::newRow("502 html") << 502 << QByteArrayLiteral("<html><body>Bad Gateway</body></html>")
                                  << other << C::Transient;
        QTest::newRow("503")
            << 503
            << QByteArrayLiteral(
                   R"({"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}})")
            << other << C::Transient;
        QTest::newRow("504") << 504 << QByteArray() << other << C::Transient;
        QTest::newRow("error not object")
            << 500 << QByteArrayLiteral(R"({"error":"boom"})") << other << C::Transient;
        QTest::newRow("details wrong types")
            << 429
            << QByteArrayLiteral(
                   R"({"error":{"code":"x","message":7,"details":[1,"a",{"@type":5},{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":"no"}]}})")
            << other << C::BatchCapacityExhausted;
        QTest::newRow("array wrapped")
            << 400 << QByteArray(QByteArrayLiteral("[") + BadKey400 + QByteArrayLiteral("]")) << other
            << C::BadApiKey;
        QTest::newRow("unexpected 3xx") << 304 << QByteArray() << other << C::Unknown;
    }

    void classification()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, resource);
        QFETCH(C, expected);
        const ApiError error = ApiErrorParser::fromHttpReply(status, body, ResourceKind(resource));
        QCOMPARE(error.kind, ApiError::Kind::Http);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.classification, expected);
        QVERIFY(error.isError());
        QVERIFY(!error.message.isEmpty());
        QVERIFY(!error.toString().isEmpty());
    }

    void billingLink()
    {
        const ApiError inText = ApiErrorParser::fromHttpReply(429,
            R"({"error":{"code":429,"message":"Your prepayment credits are depleted. Please go to AI Studio at https:\/\/ai.studio/projects to manage your project and billing.","status":"RESOURCE_EXHAUSTED"}})",
            ResourceKind::Model);
        QCOMPARE(inText.billingUrl(), QUrl(QStringLiteral("https://ai.studio/projects")));
        const ApiError none = ApiErrorParser::fromHttpReply(402, {}, ResourceKind::Model);
        QCOMPARE(none.classification, ApiError::Classification::BillingStopped);
        QCOMPARE(none.billingUrl(), QUrl(QStringLiteral("https://ai.google.dev/gemini-api/docs/billing")));
    }

    void perMinuteDetails()
    {
        const ApiError error = ApiErrorParser::fromHttpReply(429, PerMinute429, ResourceKind::Batch);
        QCOMPARE(error.status, QStringLiteral("RESOURCE_EXHAUSTED"));
        QVERIFY(error.message.startsWith(QStringLiteral("You exceeded your current quota")));
        QVERIFY(qAbs(error.retryDelaySeconds - 45.837906927) < 1e-9);
        QCOMPARE(error.retryDelayMs(), 45'838);
        QCOMPARE(error.quotaViolations.size(), 1);
        const QuotaViolation &violation = error.quotaViolations.first();
        QCOMPARE(violation.quotaId, QStringLiteral("GenerateContentPaidTierInputTokensPerModelPerMinute"));
        QCOMPARE(violation.quotaMetric,
            QStringLiteral("generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count"));
        QCOMPARE(
            violation.quotaDimensions.value(QStringLiteral("model")), QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(violation.quotaValue, QStringLiteral("1000000"));
        QCOMPARE(error.helpLinks.size(), 1);
        QCOMPARE(error.helpLinks.first().url,
            QUrl(QStringLiteral("https://ai.google.dev/gemini-api/docs/rate-limits")));
        QVERIFY(!error.retryAt.isValid());
    }

    void perDayRetryAtPacificMidnight_data()
    {
        QTest::addColumn<QDateTime>("serverTime");
        QTest::addColumn<QDateTime>("expected");
        // PST (UTC-8) in winter, PDT (UTC-7) in summer; the DST switch day has 23 hours.
        QTest::newRow("winter morning") << QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC)
                                        << QDateTime(QDate(2026, 3, 3), QTime(8, 0), Qt::UTC);
        QTest::newRow("winter, after Pacific midnight") << QDateTime(
            QDate(2026, 3, 3), QTime(8, 0, 1), Qt::UTC) << QDateTime(QDate(2026, 3, 4), QTime(8, 0), Qt::UTC);
        QTest::newRow("summer") << QDateTime(QDate(2026, 7, 1), QTime(12, 0), Qt::UTC)
                                << QDateTime(QDate(2026, 7, 2), QTime(7, 0), Qt::UTC);
        QTest::newRow("dst start day") << QDateTime(QDate(2026, 3, 8), QTime(12, 0), Qt::UTC)
                                       << QDateTime(QDate(2026, 3, 9), QTime(7, 0), Qt::UTC);
    }

    void perDayRetryAtPacificMidnight()
    {
        QFETCH(QDateTime, serverTime);
        QFETCH(QDateTime, expected);
        const ApiError error = ApiErrorParser::fromHttpReply(429, PerDay429, ResourceKind::Batch, serverTime);
        QCOMPARE(error.classification, C::DailyQuotaExhausted);
        QVERIFY(error.hasPerDayViolation());
        QCOMPARE(error.retryDelaySeconds, 23.0); // parsed, but retrying would not help
        QCOMPARE(error.retryAt, expected);
    }

    void badKeyErrorInfo()
    {
        const ApiError error = ApiErrorParser::fromHttpReply(400, BadKey400, ResourceKind::Other);
        QVERIFY(error.hasErrorInfo);
        QCOMPARE(error.errorInfo.reason, QStringLiteral("API_KEY_INVALID"));
        QCOMPARE(error.errorInfo.domain, QStringLiteral("googleapis.com"));
        QCOMPARE(error.errorInfo.metadata.value(QStringLiteral("service")),
            QStringLiteral("generativelanguage.googleapis.com"));
    }

    void retryDelayForms_data()
    {
        QTest::addColumn<QByteArray>("delay");
        QTest::addColumn<double>("seconds");
        QTest::newRow("string") << QByteArrayLiteral(R"("10s")") << 10.0;
        QTest::newRow("fraction") << QByteArrayLiteral(R"("0.5s")") << 0.5;
        QTest::newRow("object") << QByteArrayLiteral(R"({"seconds":"45","nanos":837906927})") << 45.837906927;
        QTest::newRow("garbage") << QByteArrayLiteral(R"("soon")") << -1.0;
        QTest::newRow("array") << QByteArrayLiteral("[]") << -1.0;
    }

    void retryDelayForms()
    {
        QFETCH(QByteArray, delay);
        QFETCH(double, seconds);
        const QByteArray body
            = QByteArrayLiteral(
                  R"({"error":{"code":429,"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":)")
            + delay + QByteArrayLiteral("}]}}");
        const ApiError error = ApiErrorParser::fromHttpReply(429, body, ResourceKind::Other);
        QVERIFY(qAbs(error.retryDelaySeconds - seconds) < 1e-9);
        QCOMPARE(error.classification, seconds >= 0 ? C::RateLimited : C::BatchCapacityExhausted);
    }

    void networkErrors()
    {
        const QMetaEnum errors = QMetaEnum::fromType<QNetworkReply::NetworkError>();
        for (int i = 0; i < errors.keyCount(); ++i) {
            const auto error = QNetworkReply::NetworkError(errors.value(i));
            QVERIFY(!describeNetworkError(error).isEmpty());
            QVERIFY(!describeNetworkError(error).startsWith(QStringLiteral("network error")));
        }
        QCOMPARE(ApiErrorParser::classifyNetworkError(QNetworkReply::RemoteHostClosedError), C::Transient);
        QCOMPARE(ApiErrorParser::classifyNetworkError(QNetworkReply::TimeoutError), C::Transient);
        QCOMPARE(ApiErrorParser::classifyNetworkError(QNetworkReply::ConnectionRefusedError), C::Transient);
        QCOMPARE(ApiErrorParser::classifyNetworkError(QNetworkReply::SslHandshakeFailedError), C::Unknown);
        QCOMPARE(ApiErrorParser::classifyNetworkError(QNetworkReply::OperationCanceledError), C::Aborted);
    }

    void urlPolicy_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https") << QStringLiteral("https://generativelanguage.googleapis.com/") << true;
        QTest::newRow("https ip") << QStringLiteral("https://10.1.2.3:8443/") << true;
        QTest::newRow("http 127.0.0.1") << QStringLiteral("http://127.0.0.1:8080/") << true;
        QTest::newRow("http 127.8.9.10") << QStringLiteral("http://127.8.9.10/") << true;
        QTest::newRow("http ::1") << QStringLiteral("http://[::1]:9/") << true;
        QTest::newRow("http localhost") << QStringLiteral("http://localhost:1/") << true;
        QTest::newRow("http LOCALHOST") << QStringLiteral("http://LOCALHOST/") << true;
        QTest::newRow("http remote") << QStringLiteral("http://generativelanguage.googleapis.com/") << false;
        QTest::newRow("http private") << QStringLiteral("http://10.0.0.1/") << false;
        QTest::newRow("http 0.0.0.0") << QStringLiteral("http://0.0.0.0/") << false;
        QTest::newRow("http loopback lookalike") << QStringLiteral("http://127.0.0.1.nip.io/") << false;
        QTest::newRow("http localhost lookalike") << QStringLiteral("http://localhost.example.com/") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/") << false;
        QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
        QTest::newRow("no host") << QStringLiteral("https:///x") << false;
    }

    void urlPolicy()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        QCOMPARE(UrlPolicy::isAllowed(QUrl(url)), allowed);
        GeminiClient client;
        QCOMPARE(client.setBaseUrl(QUrl(url)), allowed);
        QCOMPARE(client.baseUrlError().isEmpty(), allowed);
    }

    void sessionRewrite()
    {
        const QUrl session(QStringLiteral("https://generativelanguage.googleapis.com/upload/v1beta/"
                                          "files?upload_id=AJRbA5Ux9kQ2&upload_protocol=resumable"));
        const QUrl rewritten
            = UrlPolicy::rewriteToBase(session, QUrl(QStringLiteral("http://127.0.0.1:4567/")));
        QCOMPARE(rewritten.toString(),
            QStringLiteral("http://127.0.0.1:4567/upload/v1beta/"
                           "files?upload_id=AJRbA5Ux9kQ2&upload_protocol=resumable"));
    }

    void clientUrlsAndHeaders()
    {
        GeminiClient client;
        QCOMPARE(client.baseUrl(), QUrl(QStringLiteral("https://generativelanguage.googleapis.com/")));
        QCOMPARE(client.apiVersion(), QStringLiteral("v1beta"));
        QCOMPARE(client.requestTimeout(), GeminiClient::DefaultTimeoutMs);
        QCOMPARE(client.apiUrl(QStringLiteral("files/abc")).toString(),
            QStringLiteral("https://generativelanguage.googleapis.com/v1beta/files/abc"));
        QVERIFY(client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9000/proxy"))));
        client.setApiVersion(QStringLiteral("v1"));
        QCOMPARE(client.prefixedUrl(QStringLiteral("upload"), QStringLiteral("files")).toString(),
            QStringLiteral("http://127.0.0.1:9000/proxy/upload/v1/files"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("alt"), QStringLiteral("media"));
        QCOMPARE(client.apiUrl(QStringLiteral("files/a:download"), query).toString(),
            QStringLiteral("http://127.0.0.1:9000/proxy/v1/files/a:download?alt=media"));

        // Page tokens are opaque: every reserved character is percent-encoded.
        FilePageJob *page = client.listFiles(3, QStringLiteral("a+b/c=d&e f%41"));
        QCOMPARE(page->url().query(QUrl::FullyEncoded),
            QStringLiteral("pageSize=3&pageToken=a%2Bb%2Fc%3Dd%26e%20f%2541"));
        delete page; // never started

        client.setApiKey(QStringLiteral("AIza-secret"));
        const QNetworkRequest request = client.newRequest(client.apiUrl(QStringLiteral("files")));
        QCOMPARE(request.rawHeader("x-goog-api-key"), QByteArrayLiteral("AIza-secret"));
        QVERIFY(!request.url().toString().contains(QStringLiteral("AIza")));
        QVERIFY(
            !client.newRequest(client.apiUrl(QStringLiteral("files")), false).hasRawHeader("x-goog-api-key"));
        client.setApiKey(QString());
        QVERIFY(!client.newRequest(client.apiUrl(QStringLiteral("files"))).hasRawHeader("x-goog-api-key"));
        QVERIFY(!client.setBaseUrl(QUrl(QStringLiteral("https://h/?key=AIza"))));
    }

    // A refused base URL fails every job without touching the network, after start() returns.
    void refusedBaseUrlFailsJobs()
    {
        GeminiClient client;
        QVERIFY(!client.setBaseUrl(QUrl(QStringLiteral("http://example.com/"))));
        FileJob *job = client.getFile(QStringLiteral("files/abc"));
        QSignalSpy finished(job, &GeminiJob::finished);
        QSignalSpy destroyed(job, &QObject::destroyed);
        ApiError error;
        connect(job, &GeminiJob::finished, this, [&error](GeminiJob *done) { error = done->error(); });
        job->start();
        QCOMPARE(finished.count(), 0);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(error.kind, ApiError::Kind::Refused);
        QCOMPARE(error.classification, C::InvalidRequest);
        QVERIFY(error.message.contains(QStringLiteral("example.com")));
        QVERIFY(destroyed.wait(10'000));
        QCOMPARE(finished.count(), 1);
    }

    void invalidNamesRefused()
    {
        GeminiClient client;
        QVERIFY(client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1/"))));
        FileJob *job = client.getFile(QStringLiteral("files/../../etc"));
        QSignalSpy finished(job, &GeminiJob::finished);
        ApiError error;
        connect(job, &GeminiJob::finished, this, [&error](GeminiJob *done) { error = done->error(); });
        job->start();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(error.kind, ApiError::Kind::Refused);
    }

    void generatedOutputsAreNeverReadOrDeleted()
    {
        // files.get and DELETE on files/batch-<36> answer 400 from the service; the client does
        // not send them at all (nothing listens on port 1: a sent request would be a network error).
        GeminiClient client;
        QVERIFY(client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1/"))));
        const QString output = QStringLiteral("files/batch-0123456789abcdefghijklmnopqrstuvwxyz");
        for (GeminiJob *job : { static_cast<GeminiJob *>(client.getFile(output)),
                 static_cast<GeminiJob *>(client.deleteFile(output)) }) {
            QSignalSpy finished(job, &GeminiJob::finished);
            ApiError error;
            connect(job, &GeminiJob::finished, this, [&error](GeminiJob *done) { error = done->error(); });
            job->start();
            QVERIFY(finished.wait(10'000));
            QCOMPARE(error.kind, ApiError::Kind::Refused);
            QVERIFY2(error.message.contains(QStringLiteral("batch's output")), qPrintable(error.message));
        }
    }

    void abortBeforeStartFinishesOnce()
    {
        GeminiClient client;
        FileJob *job = client.getFile(QStringLiteral("files/abc"));
        QSignalSpy finished(job, &GeminiJob::finished);
        ApiError error;
        connect(job, &GeminiJob::finished, this, [&error](GeminiJob *done) { error = done->error(); });
        job->start();
        job->abort();
        job->abort();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(error.kind, ApiError::Kind::Aborted);
        QCOMPARE(error.classification, C::Aborted);
        QTest::qWait(50);
        QCOMPARE(finished.count(), 1);
    }
};

QTEST_MAIN(TestApiError)
#include "tst_apierror.moc"
