#include "httpexchange.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>

namespace bb::emulator {
namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QByteArrayLiteral("TRACE");
    default:
        return QByteArrayLiteral("UNKNOWN");
    }
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 402:
        return QByteArrayLiteral("Payment Required");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    default:
        return QByteArrayLiteral("Status");
    }
}

// Feeds a file into the socket in blocks whenever the socket's write buffer runs low.
class FileStreamer final : public QObject
{
public:
    FileStreamer(QTcpSocket *socket, const QString &path, bool closeAfter)
        : QObject(socket)
        , m_socket(socket)
        , m_file(path)
        , m_closeAfter(closeAfter)
    {
    }

    bool open() { return m_file.open(QIODevice::ReadOnly); }
    qint64 size() const { return m_file.size(); }

    void start()
    {
        connect(m_socket, &QTcpSocket::bytesWritten, this, &FileStreamer::pump);
        pump();
    }

private:
    static constexpr qint64 kBlock = 1 << 20;
    static constexpr qint64 kHighWater = 4 << 20;

    void pump()
    {
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
            deleteLater();
            return;
        }
        while (m_socket->bytesToWrite() < kHighWater && !m_file.atEnd()) {
            const QByteArray block = m_file.read(kBlock);
            if (block.isEmpty())
                break;
            m_socket->write(block);
        }
        if (m_file.atEnd() || m_file.error() != QFile::NoError) {
            disconnect(m_socket, nullptr, this, nullptr);
            if (m_file.error() != QFile::NoError)
                m_socket->abort();
            else if (m_closeAfter)
                m_socket->disconnectFromHost();
            deleteLater();
        }
    }

    QPointer<QTcpSocket> m_socket;
    QFile m_file;
    bool m_closeAfter;
};

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerName) const
{
    for (const HeaderPair &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView lowerName) const
{
    for (const HeaderPair &h : headers) {
        if (h.first == lowerName)
            return true;
    }
    return false;
}

QString HttpRequest::queryValue(const QString &name) const
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

bool HttpRequest::wantsClose() const
{
    return header("connection").toLower().contains("close");
}

HttpRequest HttpRequest::from(const QHttpServerRequest &request)
{
    HttpRequest r;
    r.method = methodName(request.method());
    const QUrl url = request.url();
    r.path = url.path(QUrl::FullyDecoded);
    r.rawQuery = url.query(QUrl::FullyEncoded);
    r.query = QUrlQuery(url);
    const auto headers = request.headers();
    r.headers.reserve(headers.size());
    for (const auto &h : headers)
        r.headers.append({ h.first.toLower(), h.second });
    r.body = request.body();
    r.host = QString::fromLatin1(r.header("host"));
    return r;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (HeaderPair &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({ name, value });
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const HeaderPair &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

HttpResponse HttpResponse::json(const QJsonObject &object, int status)
{
    HttpResponse r;
    r.status = status;
    r.headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json; charset=UTF-8") });
    r.body = QJsonDocument(object).toJson(QJsonDocument::Indented);
    return r;
}

HttpResponse HttpResponse::error(const GoogleError &error)
{
    return json(error.toJson(), error.httpStatus);
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse r;
    r.status = status;
    return r;
}

void writeResponse(QTcpSocket *socket, const HttpResponse &response, const QByteArray &date, bool closeAfter)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;

    FileStreamer *streamer = nullptr;
    qint64 length = response.body.size();
    int status = response.status;
    if (!response.filePath.isEmpty()) {
        streamer = new FileStreamer(socket, response.filePath, closeAfter);
        if (streamer->open()) {
            length = streamer->size();
        } else {
            delete streamer;
            streamer = nullptr;
            status = 500;
            length = 0;
        }
    }

    QByteArray head;
    head.reserve(512);
    head += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const HeaderPair &h : response.headers)
        head += h.first + ": " + h.second + "\r\n";
    head += "Date: " + date + "\r\n";
    head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    if (closeAfter)
        head += "Connection: close\r\n";
    head += "\r\n";
    socket->write(head);

    if (streamer) {
        streamer->start();
        return;
    }
    if (!response.body.isEmpty() && status == response.status)
        socket->write(response.body);
    if (closeAfter)
        socket->disconnectFromHost();
}

} // namespace bb::emulator
