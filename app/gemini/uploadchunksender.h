#pragma once

#include "httpreply.h"
#include "httpresponseparser.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace bb::gemini {

// Sends upload chunks — HTTP/1.1 POSTs with a large body — on a connection of its own (kept
// alive from one chunk to the next when the server allows) and reads the replies. Exists for throughput:
// Qt 6.4's QNetworkAccessManager hands request bodies to its HTTP thread 16 KiB per cross-thread round trip,
// which caps an upload at a fraction of what the link and the server can take (issue 8 #2). Here the body
// goes to the socket in one shared buffer and the kernel takes it in pieces as large as it accepts.
//
// Same guarantees as the rest of the client: the caller has checked the URL against UrlPolicy;
// https uses QSslSocket with the request's TLS configuration and full verification (errors are
// never ignored); the request carries exactly the headers of `request` (the key only in
// x-goog-api-key); no bytes moving for `inactivityTimeoutMs` ends the request. Redirects are not
// followed (an upload session never redirects; a 3xx is reported as the reply it is).
//
// Proxies: setProxy() names the proxy ProxyResolver chose for the URL. https goes through an
// HTTP proxy in a CONNECT tunnel (QTcpSocket::setProxy; TLS runs end to end inside it). Plain
// http (loopback only, e.g. an emulator with BATCHBOARD_PROXY_LOOPBACK=1) goes to the proxy as
// an absolute-form request ("POST http://host:port/path HTTP/1.1", Proxy-Authorization when the
// proxy has credentials), which is what QNetworkAccessManager does for http and what every HTTP
// proxy accepts — a CONNECT to a plain-http port is refused by many (tinyproxy allows CONNECT to
// ports 443 and 563 only, unless configured). A SOCKS5 proxy carries both on the socket.
class UploadChunkSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadChunkSender)

public:
    explicit UploadChunkSender(QObject *parent = nullptr);
    ~UploadChunkSender() override;

    // Starts the POST; finished() follows exactly once unless abort() comes first. The body is
    // shared, not copied.
    void post(const QNetworkRequest &request, const QByteArray &body, int inactivityTimeoutMs);
    // Drops the request (and the connection) without finished().
    void abort();
    bool isActive() const { return m_active; }
    // The proxy for the next post() (NoProxy or DefaultProxy: direct).
    void setProxy(const QNetworkProxy &proxy);

    // The outcome, valid in and after finished(): a response, or the transport failure.
    const HttpReply &reply() const { return m_reply; }

    // The request head as it goes on the wire (for tests and diagnostics).
    static QByteArray requestHead(const QNetworkRequest &request, qint64 bodySize,
        const QNetworkProxy &proxy = QNetworkProxy(QNetworkProxy::NoProxy));

Q_SIGNALS:
    // Body bytes handed to the kernel so far.
    void bodyProgress(qint64 sent, qint64 total);
    void finished();

private:
    QString originOf(const QUrl &url) const;
    bool usesAbsoluteForm() const; // plain http through an HTTP proxy
    QNetworkReply::NetworkError networkErrorOf(QAbstractSocket::SocketError error) const;
    void connectFresh();
    void sendRequest();
    bool retryOnFreshConnection();
    void onBytesWritten(qint64 bytes);
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void onTimeout();
    void touch();
    void finishWithResponse();
    void finishWithError(QNetworkReply::NetworkError error, const QString &message);
    void closeSocket();

    QPointer<QTcpSocket> m_socket; // in use, or idle and kept alive for the next chunk
    QString m_origin; // scheme://host:port (and proxy) of m_socket
    QNetworkProxy m_proxy { QNetworkProxy::NoProxy };
    bool m_active = false; // a request is in flight
    bool m_reused = false; // ... on a connection that carried an earlier one
    quint64 m_generation = 0;
    QNetworkRequest m_request;
    QTimer m_timer;
    int m_timeoutMs = 0;
    QByteArray m_head;
    QByteArray m_body;
    qint64 m_written = 0;
    HttpResponseParser m_parser;
    HttpReply m_reply;
};

} // namespace bb::gemini
