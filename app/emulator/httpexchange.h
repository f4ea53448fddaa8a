#pragma once

#include "googleerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
class QTcpSocket;
QT_END_NAMESPACE

namespace bb::emulator {

using HeaderPair = QPair<QByteArray, QByteArray>;

// A self-contained copy of one request, so it can be handled later (delay faults) after Qt has
// reused its QHttpServerRequest for the next request on the connection.
struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path; // decoded
    QString rawQuery; // as sent
    QUrlQuery query;
    QList<HeaderPair> headers; // names lowercased, in arrival order
    QByteArray body;
    QString host; // Host header value (host[:port])

    QByteArray header(QByteArrayView lowerName) const;
    bool hasHeader(QByteArrayView lowerName) const;
    QString queryValue(const QString &name) const;
    bool wantsClose() const;

    static HttpRequest from(const QHttpServerRequest &request);
};

struct HttpResponse
{
    int status = 200;
    QList<HeaderPair> headers;
    QByteArray body;
    QString filePath; // when set, the body is streamed from this file instead of `body`

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;

    static HttpResponse json(const QJsonObject &object, int status = 200);
    static HttpResponse error(const GoogleError &error);
    static HttpResponse empty(int status = 200);
};

// Writes a complete HTTP/1.1 response (status line, headers, Content-Length, body) to `socket`.
// File bodies are streamed in bounded blocks as the socket drains, never read whole.
void writeResponse(QTcpSocket *socket, const HttpResponse &response, const QByteArray &date, bool closeAfter);

} // namespace bb::emulator
