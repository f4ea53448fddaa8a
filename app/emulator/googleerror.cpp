#include "googleerror.h"

#include <QJsonDocument>

namespace bb::emulator {
namespace {

const QString kQuotaMessage = QStringLiteral(
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.");

QJsonObject helpDetail()
{
    return QJsonObject {
        { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.Help") },
        { QStringLiteral("links"),
            QJsonArray { QJsonObject {
                { QStringLiteral("description"), QStringLiteral("Learn more about Gemini API quotas") },
                { QStringLiteral("url"),
                    QStringLiteral("https://ai.google.dev/gemini-api/docs/rate-limits") },
            } } },
    };
}

} // namespace

QJsonObject GoogleError::toJson() const
{
    QJsonObject error {
        { QStringLiteral("code"), httpStatus },
        { QStringLiteral("message"), message },
        { QStringLiteral("status"), status },
    };
    if (!details.isEmpty())
        error.insert(QStringLiteral("details"), details);
    return QJsonObject { { QStringLiteral("error"), error } };
}

QByteArray GoogleError::body() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

QString GoogleError::canonicalStatus(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return QStringLiteral("INVALID_ARGUMENT");
    case 401:
        return QStringLiteral("UNAUTHENTICATED");
    case 402:
    case 429:
        return QStringLiteral("RESOURCE_EXHAUSTED");
    case 403:
        return QStringLiteral("PERMISSION_DENIED");
    case 404:
        return QStringLiteral("NOT_FOUND");
    case 409:
        return QStringLiteral("ALREADY_EXISTS");
    case 499:
        return QStringLiteral("CANCELLED");
    case 501:
        return QStringLiteral("UNIMPLEMENTED");
    case 502:
    case 503:
        return QStringLiteral("UNAVAILABLE");
    case 504:
        return QStringLiteral("DEADLINE_EXCEEDED");
    default:
        return httpStatus >= 500 ? QStringLiteral("INTERNAL") : QStringLiteral("UNKNOWN");
    }
}

QString GoogleError::defaultMessage(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return QStringLiteral("Request contains an invalid argument.");
    case 402:
        return QStringLiteral("Your prepayment credits are depleted. Please add credits to your billing "
                              "account.");
    case 403:
        return QStringLiteral("The caller does not have permission");
    case 404:
        return QStringLiteral("Requested entity was not found.");
    case 429:
        return QStringLiteral("Resource has been exhausted (e.g. check quota).");
    case 499:
        return QStringLiteral("The operation was cancelled.");
    case 503:
        return QStringLiteral("The model is overloaded. Please try again later.");
    case 504:
        return QStringLiteral("Deadline expired before operation could complete.");
    default:
        if (httpStatus >= 500)
            return QStringLiteral("An internal error has occurred. Please retry or report in "
                                  "https://developers.generativeai.google/guide/troubleshooting");
        return QStringLiteral("Request failed.");
    }
}

GoogleError GoogleError::make(int httpStatus, const QString &message)
{
    GoogleError e;
    e.httpStatus = httpStatus;
    e.status = canonicalStatus(httpStatus);
    e.message = message.isEmpty() ? defaultMessage(httpStatus) : message;
    return e;
}

GoogleError GoogleError::invalidArgument(const QString &message)
{
    return make(400, message);
}

GoogleError GoogleError::failedPrecondition(const QString &message)
{
    GoogleError e = make(400, message);
    e.status = QStringLiteral("FAILED_PRECONDITION");
    return e;
}

GoogleError GoogleError::notFound(const QString &message)
{
    return make(404, message);
}

GoogleError GoogleError::alreadyExists(const QString &message)
{
    return make(409, message);
}

GoogleError GoogleError::fileNotAccessible(const QString &fileId)
{
    return make(403,
        QStringLiteral("You do not have permission to access the File %1 or it may not exist.").arg(fileId));
}

GoogleError GoogleError::apiKeyInvalid()
{
    const QString text = QStringLiteral("API key not valid. Please pass a valid API key.");
    GoogleError e = make(400, text);
    e.details = QJsonArray {
        QJsonObject {
            { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.ErrorInfo") },
            { QStringLiteral("reason"), QStringLiteral("API_KEY_INVALID") },
            { QStringLiteral("domain"), QStringLiteral("googleapis.com") },
            { QStringLiteral("metadata"),
                QJsonObject {
                    { QStringLiteral("service"), QStringLiteral("generativelanguage.googleapis.com") } } },
        },
        QJsonObject {
            { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.LocalizedMessage") },
            { QStringLiteral("locale"), QStringLiteral("en-US") },
            { QStringLiteral("message"), text },
        },
    };
    return e;
}

GoogleError GoogleError::apiKeyMissing()
{
    return make(403,
        QStringLiteral("Method doesn't allow unregistered callers (callers without established "
                       "identity). Please use API Key or other form of API consumer identity "
                       "to call this API."));
}

GoogleError GoogleError::fileIdTooLong()
{
    return invalidArgument(
        QStringLiteral("* GetFileRequest.name: File ID (name excluding 'files/') cannot be more than 40 "
                       "characters.\n"));
}

GoogleError GoogleError::modelRetired(const QString &model, const QString &replacement)
{
    return notFound(
        QStringLiteral("This model models/%1 is no longer available to new users. Please update your "
                       "code to use %2 for the latest features and improvements.")
            .arg(model, replacement.isEmpty() ? QStringLiteral("a newer model") : replacement));
}

GoogleError GoogleError::modelNotFound(const QString &model, const QString &version, const QString &method)
{
    return notFound(
        QStringLiteral("models/%1 is not found for API version %2, or is not supported for %3. Call "
                       "ListModels to see the list of available models and their supported methods.")
            .arg(model, version, method.isEmpty() ? QStringLiteral("get") : method));
}

GoogleError GoogleError::capacityExhausted(bool withHelpLink)
{
    GoogleError e = make(429,
        kQuotaMessage
            + QStringLiteral(" To monitor your current usage, head to: "
                             "https://ai.dev/rate-limit. "));
    if (withHelpLink)
        e.details = QJsonArray { helpDetail() };
    return e;
}

QString GoogleError::durationString(qint64 us)
{
    if (us < 0)
        us = 0;
    const qint64 seconds = us / 1000000;
    const qint64 micros = us % 1000000;
    if (micros == 0)
        return QString::number(seconds) + QLatin1Char('s');
    QString fraction = QStringLiteral("%1").arg(micros, 6, 10, QLatin1Char('0'));
    return QString::number(seconds) + QLatin1Char('.') + fraction + QLatin1Char('s');
}

GoogleError GoogleError::quotaExceeded(const Quota &quota)
{
    QString text = kQuotaMessage
        + QStringLiteral("\n* Quota exceeded for metric: %1, limit: %2").arg(quota.metric).arg(quota.limit);
    if (!quota.model.isEmpty())
        text += QStringLiteral(", model: %1").arg(quota.model);
    text += QStringLiteral("\nPlease retry in %1.").arg(durationString(quota.retryDelayUs));

    GoogleError e = make(429, text);
    QJsonObject dimensions { { QStringLiteral("location"), QStringLiteral("global") } };
    if (!quota.model.isEmpty())
        dimensions.insert(QStringLiteral("model"), quota.model);
    if (quota.withHelpLink)
        e.details.append(helpDetail());
    e.details.append(QJsonObject {
        { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.QuotaFailure") },
        { QStringLiteral("violations"),
            QJsonArray { QJsonObject {
                { QStringLiteral("quotaMetric"), quota.metric },
                { QStringLiteral("quotaId"), quota.quotaId },
                { QStringLiteral("quotaDimensions"), dimensions },
                { QStringLiteral("quotaValue"), QString::number(quota.limit) },
            } } },
    });
    e.details.append(QJsonObject {
        { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.RetryInfo") },
        { QStringLiteral("retryDelay"), durationString(quota.retryDelayUs) },
    });
    return e;
}

} // namespace bb::emulator
