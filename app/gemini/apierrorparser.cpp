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
