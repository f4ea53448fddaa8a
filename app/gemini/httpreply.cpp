#include "httpreply.h"

#include <QLocale>

namespace bb::gemini {

QByteArray HttpReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QDateTime HttpReply::serverTime() const
{
    return parseHttpDate(header("Date"));
}

HttpReply HttpReply::fromNetworkReply(QNetworkReply *reply, const QByteArray &body)
{
    HttpReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.headers = reply->rawHeaderPairs();
    result.body = body;
    result.networkError = reply->error();
    if (result.networkError != QNetworkReply::NoError)
        result.networkErrorString = reply->errorString();
    return result;
}

QDateTime HttpReply::parseHttpDate(const QByteArray &date)
{
    const QByteArray trimmed = date.trimmed();
    if (trimmed.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(QString::fromLatin1(trimmed), Qt::RFC2822Date);
    if (!time.isValid()) {
        time = QLocale::c().toDateTime(
            QString::fromLatin1(trimmed), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        time.setTimeSpec(Qt::UTC);
    }
    return time.isValid() ? time.toUTC() : QDateTime();
}

} // namespace bb::gemini
