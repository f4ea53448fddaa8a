#include "apierror.h"

#include <QMetaEnum>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

namespace bb::gemini {

qint64 ApiError::retryDelayMs() const
{
    if (retryDelaySeconds < 0)
        return -1;
    return qint64(std::ceil(retryDelaySeconds * 1000.0));
}

bool ApiError::hasPerDayViolation() const
{
    for (const QuotaViolation &violation : quotaViolations) {
        if (violation.quotaId.contains(QLatin1StringView("PerDay")))
            return true;
    }
    return false;
}

QString ApiError::toString() const
{
    if (!isError())
        return QStringLiteral("no error");
    QString text = classificationName(classification) + QLatin1StringView(" (") + kindName(kind);
    if (httpStatus > 0)
        text += QLatin1StringView(", HTTP ") + QString::number(httpStatus);
    if (!status.isEmpty())
        text += QLatin1StringView(" ") + status;
    if (networkError != QNetworkReply::NoError)
        text += QLatin1StringView(", ") + describeNetworkError(networkError);
    text += QLatin1StringView(")");
    if (!operation.isEmpty())
        text += QLatin1StringView(" in ") + operation;
    if (!message.isEmpty())
        text += QLatin1StringView(": ") + message;
    if (retryDelaySeconds >= 0)
        text += QLatin1StringView(" [retry in ") + QString::number(retryDelaySeconds)
            + QLatin1StringView(" s]");
    if (retryAt.isValid())
        text += QLatin1StringView(" [retry at ") + retryAt.toString(Qt::ISODate) + QLatin1StringView("]");
    return text;
}

QUrl ApiError::billingUrl() const
{
    for (const HelpLink &link : helpLinks) {
        if (link.url.isValid() && !link.url.isRelative())
            return link.url;
    }
    static const QRegularExpression urlInText(QStringLiteral(R"(https://[^\s"'<>]+[^\s"'<>.,;)])"));
    if (const QRegularExpressionMatch m = urlInText.match(message); m.hasMatch())
        return QUrl(m.captured(0));
    return QUrl(QStringLiteral("https://ai.google.dev/gemini-api/docs/billing"));
}

ApiError ApiError::make(Kind kind, Classification classification, const QString &message)
{
    ApiError error;
    error.kind = kind;
    error.classification = classification;
    error.message = message;
    return error;
}

QString describeNetworkError(QNetworkReply::NetworkError error)
{
    using E = QNetworkReply::NetworkError;
    switch (error) {
    case E::NoError:
        return QStringLiteral("no error");
    case E::ConnectionRefusedError:
        return QStringLiteral("connection refused by the server");
    case E::RemoteHostClosedError:
        return QStringLiteral("the server closed the connection");
    case E::HostNotFoundError:
        return QStringLiteral("host name not found");
    case E::TimeoutError:
        return QStringLiteral("the connection timed out");
    case E::OperationCanceledError:
        return QStringLiteral("the request was cancelled");
    case E::SslHandshakeFailedError:
        return QStringLiteral("TLS handshake failed (certificate not trusted?)");
    case E::TemporaryNetworkFailureError:
        return QStringLiteral("temporary network failure");
    case E::NetworkSessionFailedError:
        return QStringLiteral("the network session failed");
    case E::BackgroundRequestNotAllowedError:
        return QStringLiteral("background request not allowed");
    case E::TooManyRedirectsError:
        return QStringLiteral("too many redirects");
    case E::InsecureRedirectError:
        return QStringLiteral("refused an insecure redirect");
    case E::UnknownNetworkError:
        return QStringLiteral("unknown network error");
    case E::ProxyConnectionRefusedError:
        return QStringLiteral("connection to the proxy refused");
    case E::ProxyConnectionClosedError:
        return QStringLiteral("the proxy closed the connection");
    case E::ProxyNotFoundError:
        return QStringLiteral("proxy host not found");
    case E::ProxyTimeoutError:
        return QStringLiteral("the connection to the proxy timed out");
    case E::ProxyAuthenticationRequiredError:
        return QStringLiteral("the proxy requires authentication");
    case E::UnknownProxyError:
        return QStringLiteral("unknown proxy error");
    case E::ContentAccessDenied:
        return QStringLiteral("access denied (HTTP 403)");
    case E::ContentOperationNotPermittedError:
        return QStringLiteral("operation not permitted (HTTP 405)");
    case E::ContentNotFoundError:
        return QStringLiteral("not found (HTTP 404)");
    case E::AuthenticationRequiredError:
        return QStringLiteral("authentication required (HTTP 401)");
    case E::ContentReSendError:
        return QStringLiteral("the request had to be sent again and could not be");
    case E::ContentConflictError:
        return QStringLiteral("conflict (HTTP 409)");
    case E::ContentGoneError:
        return QStringLiteral("gone (HTTP 410)");
    case E::UnknownContentError:
        return QStringLiteral("HTTP client error");
    case E::ProtocolUnknownError:
        return QStringLiteral("unsupported URL scheme");
    case E::ProtocolInvalidOperationError:
        return QStringLiteral("invalid operation for this protocol (HTTP 400)");
    case E::ProtocolFailure:
        return QStringLiteral("HTTP protocol failure (broken reply)");
    case E::InternalServerError:
        return QStringLiteral("internal server error (HTTP 500)");
    case E::OperationNotImplementedError:
        return QStringLiteral("not implemented (HTTP 501)");
    case E::ServiceUnavailableError:
        return QStringLiteral("service unavailable (HTTP 503)");
    case E::UnknownServerError:
        return QStringLiteral("HTTP server error");
    }
    return QStringLiteral("network error %1").arg(int(error));
}

bool isProxyFailure(QNetworkReply::NetworkError error)
{
    using E = QNetworkReply::NetworkError;
    return error == E::ProxyConnectionRefusedError || error == E::ProxyNotFoundError
        || error == E::ProxyAuthenticationRequiredError || error == E::UnknownProxyError;
}

QNetworkReply::NetworkError peerIsTheProxy(QNetworkReply::NetworkError error)
{
    if (error == QNetworkReply::ConnectionRefusedError)
        return QNetworkReply::ProxyConnectionRefusedError;
    if (error == QNetworkReply::HostNotFoundError)
        return QNetworkReply::ProxyNotFoundError;
    return error;
}

QString describeProxyFailure(QNetworkReply::NetworkError error, const QString &proxy)
{
    using E = QNetworkReply::NetworkError;
    switch (error) {
    case E::ProxyConnectionRefusedError:
        return QStringLiteral("the proxy at %1 refused the connection (is it running?)").arg(proxy);
    case E::ProxyNotFoundError:
        return QStringLiteral("the proxy host of %1 was not found").arg(proxy);
    case E::ProxyAuthenticationRequiredError:
        return QStringLiteral("the proxy at %1 requires a user name and password").arg(proxy);
    case E::UnknownProxyError:
        return QStringLiteral("the proxy at %1 refused to connect to the server").arg(proxy);
    default:
        break;
    }
    return QStringLiteral("the proxy at %1: %2").arg(proxy, describeNetworkError(error));
}

bool isTransientNetworkError(QNetworkReply::NetworkError error)
{
    using E = QNetworkReply::NetworkError;
    switch (error) {
    case E::ConnectionRefusedError:
    case E::RemoteHostClosedError:
    case E::HostNotFoundError:
    case E::TimeoutError:
    case E::TemporaryNetworkFailureError:
    case E::NetworkSessionFailedError:
    case E::UnknownNetworkError:
    case E::ProxyConnectionRefusedError:
    case E::ProxyConnectionClosedError:
    case E::ProxyTimeoutError:
    case E::ProtocolFailure:
    case E::ContentReSendError:
    case E::InternalServerError:
    case E::ServiceUnavailableError:
    case E::UnknownServerError:
        return true;
    default:
        return false;
    }
}

QDateTime pacificMidnightAfter(const QDateTime &time)
{
    const QTimeZone pacific(QByteArrayLiteral("America/Los_Angeles"));
    if (!pacific.isValid()) {
        // Without zone data, midnight PST (UTC-8) is never earlier than the real reset.
        const QDateTime shifted = time.toUTC().addSecs(-8 * 3600);
        return QDateTime(shifted.date().addDays(1), QTime(0, 0), Qt::UTC).addSecs(8 * 3600);
    }
    const QDateTime local = time.toTimeZone(pacific);
    return QDateTime(local.date().addDays(1), QTime(0, 0), pacific).toUTC();
}

QString kindName(ApiError::Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<ApiError::Kind>().valueToKey(int(kind)));
}

QString classificationName(ApiError::Classification classification)
{
    return QString::fromLatin1(
        QMetaEnum::fromType<ApiError::Classification>().valueToKey(int(classification)));
}

} // namespace bb::gemini
