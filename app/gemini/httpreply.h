#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>

namespace bb::gemini {

// What came back for one HTTP request, independent of the stack that carried it
// (QNetworkAccessManager, or UploadChunkSender's own socket): status, headers and body, or the
// transport failure. Header names compare case-insensitively.
struct HttpReply
{
    int status = 0; // 0 when no complete response arrived
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString;
    bool timedOut = false;
    QString proxy; // host:port of the proxy that carried the request, empty when direct
    bool proxyAnswers = false; // plain http through an HTTP proxy: the status may be the proxy's

    QByteArray header(QByteArrayView name) const;
    QDateTime serverTime() const; // the Date header, invalid when absent or unreadable

    static HttpReply fromNetworkReply(QNetworkReply *reply, const QByteArray &body);
    static QDateTime parseHttpDate(const QByteArray &date);
};

} // namespace bb::gemini
