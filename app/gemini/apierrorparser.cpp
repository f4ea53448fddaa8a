#include "apierrorparser.h"

#include "jsonreader.h"

namespace bb::gemini {

namespace {

constexpr qsizetype BodyExcerptBytes = 2048;

bool hasTypeSuffix(const QJsonObject &detail, QLatin1StringView suffix)
{
    return detail.value(QLatin1StringView("@type")).toString().endsWith(suffix);
}

void readQuotaFailure(const QJsonObject &detail, ApiError *error)
{
    JsonReader reader;
    const QJsonArray violations = reader.array(detail, QLatin1StringView("violations"));
    for (const QJsonValue &value : violations) {
        if (!value.isObject())
            continue;
        const QJsonObject object = value.toObject();
        JsonReader fields;
        QuotaViolation violation;
        violation.quotaMetric
            = fields.string(object, QLatin1StringView("quotaMetric"), QLatin1StringView("quota_metric"));
        violation.quotaId
            = fields.string(object, QLatin1StringView("quotaId"), QLatin1StringView("quota_id"));
        violation.quotaDimensions = fields.stringMap(
            object, QLatin1StringView("quotaDimensions"), QLatin1StringView("quota_dimensions"));
        const QJsonValue quotaValue = object.value(QLatin1StringView("quotaValue"));
        violation.quotaValue
            = quotaValue.isDouble() ? QString::number(qint64(quotaValue.toDouble())) : quotaValue.toString();
        error->quotaViolations.append(violation);
    }
}

void readRetryInfo(const QJsonObject &detail, ApiError *error)
{
    const QJsonValue delay = detail.value(QLatin1StringView("retryDelay"));
    double seconds = -1;
    if (delay.isString()) {
        seconds = parseDurationSeconds(delay.toString());
    } else if (delay.isObject()) { // Duration in object form: {"seconds": "45", "nanos": 837906927}
        JsonReader reader;
        const QJsonObject object = delay.toObject();
        const qint64 whole = reader.int64(object, QLatin1StringView("seconds"));
        const qint64 nanos = reader.int64(object, QLatin1StringView("nanos"));
        if (!reader.hasError() && whole >= 0 && nanos >= 0)
            seconds = double(whole) + double(nanos) / 1e9;
    } else if (delay.isDouble() && delay.toDouble() >= 0) {
        seconds = delay.toDouble();
    }
    if (seconds >= 0)
        error->retryDelaySeconds = seconds;
}

void readHelp(const QJsonObject &detail, ApiError *error)
{
    const QJsonArray links = detail.value(QLatin1StringView("links")).toArray();
    for (const QJsonValue &value : links) {
        const QJsonObject object = value.toObject();
        HelpLink link;
        link.description = object.value(QLatin1StringView("description")).toString();
        link.url = QUrl(object.value(QLatin1StringView("url")).toString());
        if (!link.description.isEmpty() || link.url.isValid())
            error->helpLinks.append(link);
    }
}

void readErrorInfo(const QJsonObject &detail, ApiError *error)
{
    JsonReader reader;
    error->hasErrorInfo = true;
    error->errorInfo.reason = reader.string(detail, QLatin1StringView("reason"));
    error->errorInfo.domain = reader.string(detail, QLatin1StringView("domain"));
    error->errorInfo.metadata = reader.stringMap(detail, QLatin1StringView("metadata"));
}

} // namespace

bool ApiErrorParser::parseStatusBody(const QByteArray &body, ApiError *error)
{
    error->bodyExcerpt = body.left(BodyExcerptBytes);
    QJsonObject root;
    QString parseError;
    if (!parseJsonObject(body, &root, &parseError)) {
        // Some Google front ends wrap the status in a one-element array.
        const QByteArray trimmed = body.trimmed();
        if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
            const QByteArray inner = trimmed.mid(1, trimmed.size() - 2);
            if (parseJsonObject(inner, &root, &parseError))
                return parseStatusBody(inner, error);
        }
        return false;
    }
    JsonReader reader;
    QJsonObject status = reader.object(root, QLatin1StringView("error"));
    if (status.isEmpty() && root.contains(QLatin1StringView("code")))
        status = root; // a bare google.rpc.Status
    if (status.isEmpty() || reader.hasError())
        return false;

    JsonReader fields;
    const QString message = fields.string(status, QLatin1StringView("message"));
    const QString canonical = fields.string(status, QLatin1StringView("status"));
    if (!message.isEmpty())
        error->message = message;
    if (!canonical.isEmpty())
        error->status = canonical;
    const QJsonArray details = fields.array(status, QLatin1StringView("details"));
    for (const QJsonValue &value : details) {
        if (!value.isObject())
            continue;
        const QJsonObject detail = value.toObject();
        if (hasTypeSuffix(detail, QLatin1StringView("google.rpc.QuotaFailure")))
            readQuotaFailure(detail, error);
        else if (hasTypeSuffix(detail, QLatin1StringView("google.rpc.RetryInfo")))
            readRetryInfo(detail, error);
        else if (hasTypeSuffix(detail, QLatin1StringView("google.rpc.Help")))
            readHelp(detail, error);
        else if (hasTypeSuffix(detail, QLatin1StringView("google.rpc.ErrorInfo")))
            readErrorInfo(detail, error);
    }
    return true;
}

ApiError ApiErrorParser::fromHttpReply(
    int httpStatus, const QByteArray &body, ResourceKind resource, const QDateTime &serverTime)
{
    ApiError error;
    error.kind = ApiError::Kind::Http;
    error.httpStatus = httpStatus;
    error.serverTime = serverTime;
    if (!parseStatusBody(body, &error)) {
        const QString text = QString::fromUtf8(body.left(200)).simplified();
        error.message = text.isEmpty()
            ? QStringLiteral("HTTP %1 without a readable error body").arg(httpStatus)
            : QStringLiteral("HTTP %1, unparsed body: %2").arg(httpStatus).arg(text);
    } else if (error.message.isEmpty()) {
        error.message = QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(error.status).trimmed();
    }
    classify(&error, resource);
    return error;
}

namespace {

// The 404 bodies of a model the key cannot use: "This model models/gemini-2.5-flash is no longer
// available to new users…", "models/x is not found for API version v1beta, or is not supported
// for batchGenerateContent…".
bool isModelMessage(const QString &message)
{
    return message.contains(QLatin1StringView("models/"))
        && (message.contains(QLatin1StringView("no longer available"), Qt::CaseInsensitive)
            || message.contains(QLatin1StringView("is not found for API version"), Qt::CaseInsensitive)
            || message.contains(QLatin1StringView("is not supported for"), Qt::CaseInsensitive));
}

// Causes that waiting does not fix (changes-2026 row 10). "please check your plan and billing
// details" is the ordinary quota 429 and is not one of them.
bool isBillingMessage(const QString &message)
{
    static const char *const phrases[]
        = { "prepayment", "prepaid", "credits are depleted", "spend cap", "spending cap", "spend limit",
              "spending limit", "billing cap", "billing tier", "tier drop", "tier was lowered", "downgraded",
              "billing account", "billing is not enabled", "billing has not been enabled", "enable billing" };
    for (const char *phrase : phrases) {
        if (message.contains(QLatin1StringView(phrase), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// A key whose project has no billing linked gets the free tier, where batch quotas are 0.
bool isFreeTierZero(const ApiError &error)
{
    if (error.message.contains(QLatin1StringView("limit: 0")))
        return true;
    for (const QuotaViolation &v : error.quotaViolations) {
        if (v.quotaValue == QLatin1StringView("0"))
            return true;
    }
    return false;
}

} // namespace

void ApiErrorParser::classify(ApiError *error, ResourceKind resource)
{
    using C = ApiError::Classification;
    const int code = error->httpStatus;
    const bool keyMessage = error->message.contains(QLatin1StringView("API key"), Qt::CaseInsensitive);
    const bool mayNotExist = error->message.contains(QLatin1StringView("may not exist"), Qt::CaseInsensitive);

    if (error->hasErrorInfo && error->errorInfo.reason.startsWith(QLatin1StringView("API_KEY_"))) {
        error->classification = C::BadApiKey;
    } else if ((code == 400 || code == 401 || code == 403) && keyMessage && !mayNotExist) {
        error->classification = C::BadApiKey;
    } else if (code == 402 || ((code == 429 || code == 403) && isBillingMessage(error->message))
        || (code == 429 && isFreeTierZero(*error))) {
        error->classification = C::BillingStopped;
    } else if (code == 404
        && ((resource == ResourceKind::Model && !error->message.contains(QLatin1StringView("files/")))
            || isModelMessage(error->message))) {
        error->classification = C::ModelUnavailable;
    } else if (code == 429) {
        if (error->hasPerDayViolation()) {
            error->classification = C::DailyQuotaExhausted;
            const QDateTime reference
                = error->serverTime.isValid() ? error->serverTime : QDateTime::currentDateTimeUtc();
            error->retryAt = pacificMidnightAfter(reference);
        } else if (!error->quotaViolations.isEmpty() || error->retryDelaySeconds >= 0) {
            error->classification = C::RateLimited;
        } else {
            error->classification = C::BatchCapacityExhausted;
        }
    } else if (code == 403 && mayNotExist) {
        error->classification = C::FileGone;
    } else if (code == 404 && resource == ResourceKind::File) {
        error->classification = C::FileGone;
    } else if (code == 408 || code == 499 || code >= 500) {
        error->classification = C::Transient;
    } else if (code >= 400) {
        error->classification = C::InvalidRequest;
    } else {
        error->classification = C::Unknown;
    }
}

ApiError::Classification ApiErrorParser::classifyNetworkError(QNetworkReply::NetworkError error)
{
    if (error == QNetworkReply::OperationCanceledError)
        return ApiError::Classification::Aborted;
    if (isTransientNetworkError(error))
        return ApiError::Classification::Transient;
    return ApiError::Classification::Unknown;
}

} // namespace bb::gemini
