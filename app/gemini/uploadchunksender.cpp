#include "uploadchunksender.h"

#include "apierror.h"
#include "proxysettings.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

namespace bb::gemini {

namespace {

// Headers the sender writes itself; a request's own values for them are not sent.
bool isFramingHeader(QByteArrayView name)
{
    for (const char *framing : { "host", "content-length", "transfer-encoding", "connection", "expect" }) {
        if (name.compare(framing, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isSafeHeaderText(QByteArrayView text)
{
    return !text.contains('\r') && !text.contains('\n') && !text.contains('\0');
}

} // namespace

QNetworkReply::NetworkError UploadChunkSender::networkErrorOf(QAbstractSocket::SocketError error) const
{
    using S = QAbstractSocket;
    using N = QNetworkReply;
    const bool viaProxy
        = m_proxy.type() == QNetworkProxy::HttpProxy || m_proxy.type() == QNetworkProxy::Socks5Proxy;
    switch (error) {
    case S::SocketAccessError: // a CONNECT answered with 403 or 405
    case S::ProxyProtocolError: // ... with another status, e.g. 502
        return viaProxy ? N::UnknownProxyError : N::UnknownNetworkError;
    case S::ConnectionRefusedError:
        return usesAbsoluteForm() ? peerIsTheProxy(N::ConnectionRefusedError) : N::ConnectionRefusedError;
    case S::RemoteHostClosedError:
        return N::RemoteHostClosedError;
    case S::HostNotFoundError:
        return usesAbsoluteForm() ? peerIsTheProxy(N::HostNotFoundError) : N::HostNotFoundError;
    case S::SocketTimeoutError:
        return N::TimeoutError;
    case S::SslHandshakeFailedError:
    case S::SslInternalError:
    case S::SslInvalidUserDataError:
        return N::SslHandshakeFailedError;
    case S::ProxyConnectionRefusedError:
        return N::ProxyConnectionRefusedError;
    case S::ProxyConnectionClosedError:
        return N::ProxyConnectionClosedError;
    case S::ProxyNotFoundError:
        return N::ProxyNotFoundError;
    case S::ProxyConnectionTimeoutError:
        return N::ProxyTimeoutError;
    case S::ProxyAuthenticationRequiredError:
        return N::ProxyAuthenticationRequiredError;
    case S::TemporaryError:
    case S::NetworkError:
        return N::TemporaryNetworkFailureError;
    default:
        return N::UnknownNetworkError;
    }
}

UploadChunkSender::UploadChunkSender(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &UploadChunkSender::onTimeout);
}

UploadChunkSender::~UploadChunkSender()
{
    closeSocket();
}

void UploadChunkSender::setProxy(const QNetworkProxy &proxy)
{
    m_proxy = proxy.type() == QNetworkProxy::DefaultProxy ? QNetworkProxy(QNetworkProxy::NoProxy) : proxy;
}

bool UploadChunkSender::usesAbsoluteForm() const
{
    return m_proxy.type() == QNetworkProxy::HttpProxy
        && m_request.url().scheme() != QLatin1StringView("https");
}

QByteArray UploadChunkSender::requestHead(
    const QNetworkRequest &request, qint64 bodySize, const QNetworkProxy &proxy)
{
    const QUrl url = request.url();
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();

    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int defaultPort = url.scheme() == QLatin1StringView("https") ? 443 : 80;
    if (url.port() != -1 && url.port() != defaultPort)
        host += ':' + QByteArray::number(url.port());

    const bool absoluteForm
        = proxy.type() == QNetworkProxy::HttpProxy && url.scheme() != QLatin1StringView("https");
    if (absoluteForm)
        target = url.scheme().toLatin1() + "://" + host + target;

    QByteArray head;
    head.reserve(512);
    head += "POST " + target + " HTTP/1.1\r\n";
    head += "Host: " + host + "\r\n";
    if (absoluteForm && !proxy.user().isEmpty()) {
        const QByteArray credentials = (proxy.user() + u':' + proxy.password()).toUtf8();
        head += "Proxy-Authorization: Basic " + credentials.toBase64() + "\r\n";
    }
    // setHeader() also sets the raw header, so the raw list holds Content-Type and User-Agent.
    for (const QByteArray &name : request.rawHeaderList()) {
        if (isFramingHeader(name))
            continue;
        head += name + ": " + request.rawHeader(name) + "\r\n";
    }
    head += "Content-Length: " + QByteArray::number(bodySize) + "\r\n\r\n";
    return head;
}

void UploadChunkSender::post(const QNetworkRequest &request, const QByteArray &body, int inactivityTimeoutMs)
{
    m_reply = {};
    m_parser = {};
    m_request = request;
    m_body = body;
    m_written = 0;
    m_timeoutMs = inactivityTimeoutMs;
    m_head = requestHead(request, body.size(), m_proxy);
    m_active = true;

    QString problem;
    for (const QByteArray &name : request.rawHeaderList()) {
        if (!isSafeHeaderText(name) || !isSafeHeaderText(request.rawHeader(name)))
            problem = QStringLiteral("header '%1' contains a line break").arg(QString::fromLatin1(name));
    }
    if (request.url().scheme() == QLatin1StringView("https") && !QSslSocket::supportsSsl())
        problem = QStringLiteral("TLS is not available (no OpenSSL backend)");
    if (!problem.isEmpty()) {
        closeSocket();
        // Reported from the event loop, like every other outcome.
        const quint64 generation = ++m_generation;
        QTimer::singleShot(0, this, [this, generation, problem] {
            if (m_active && m_generation == generation)
                finishWithError(QNetworkReply::ProtocolInvalidOperationError, problem);
        });
        return;
    }

    // An idle connection to the same server from the previous chunk carries this one: no new
    // TCP (and TLS) handshake and no new slow start per chunk on a long-distance link.
    if (m_socket && m_origin == originOf(request.url())
        && m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesAvailable() == 0) {
        m_reused = true;
        touch();
        sendRequest();
        return;
    }
    connectFresh();
}

QString UploadChunkSender::originOf(const QUrl &url) const
{
    return url.scheme() + QStringLiteral("://") + url.host(QUrl::FullyEncoded) + u':'
        + QString::number(url.port(url.scheme() == QLatin1StringView("https") ? 443 : 80))
        + QStringLiteral(" via ") + QString::number(int(m_proxy.type())) + u' ' + proxyHostPort(m_proxy)
        + u' ' + m_proxy.user();
}

void UploadChunkSender::connectFresh()
{
    closeSocket();
    m_reused = false;
    m_written = 0;
    m_parser = {};
    const QUrl url = m_request.url();
    const bool tls = url.scheme() == QLatin1StringView("https");
    QTcpSocket *socket = nullptr;
    if (tls) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration configuration = m_request.sslConfiguration();
        configuration.setAllowedNextProtocols({ QByteArrayLiteral("http/1.1") });
        ssl->setSslConfiguration(configuration);
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
    }
    m_socket = socket;
    m_origin = originOf(url);
    connect(socket, &QAbstractSocket::errorOccurred, this, &UploadChunkSender::onSocketError);
    connect(socket, &QAbstractSocket::disconnected, this, &UploadChunkSender::onDisconnected);
    connect(socket, &QIODevice::readyRead, this, &UploadChunkSender::onReadyRead);
    connect(socket, &QIODevice::bytesWritten, this, &UploadChunkSender::onBytesWritten);

    const quint16 port = quint16(url.port(tls ? 443 : 80));
    // Never Qt's application-wide default: exactly the proxy the resolver chose, or none.
    socket->setProxy(usesAbsoluteForm() ? QNetworkProxy(QNetworkProxy::NoProxy) : m_proxy);
    if (usesAbsoluteForm()) {
        connect(socket, &QAbstractSocket::connected, this, &UploadChunkSender::sendRequest);
        socket->connectToHost(m_proxy.hostName(), m_proxy.port());
    } else if (tls) {
        auto *ssl = static_cast<QSslSocket *>(socket);
        // Handshake errors are not ignored: the socket fails with SslHandshakeFailedError.
        connect(ssl, &QSslSocket::encrypted, this, &UploadChunkSender::sendRequest);
        ssl->connectToHostEncrypted(url.host(), port);
    } else {
        connect(socket, &QAbstractSocket::connected, this, &UploadChunkSender::sendRequest);
        socket->connectToHost(url.host(), port);
    }
    touch();
}

void UploadChunkSender::abort()
{
    m_active = false;
    ++m_generation;
    closeSocket();
    m_body.clear();
}

void UploadChunkSender::sendRequest()
{
    touch();
    // Two writes into the socket's buffer; the body's data is shared with the caller's array.
    m_socket->write(m_head);
    if (!m_body.isEmpty())
        m_socket->write(m_body);
}

void UploadChunkSender::onBytesWritten(qint64 bytes)
{
    if (!m_active)
        return;
    touch();
    const qint64 before = qBound<qint64>(0, m_written - m_head.size(), m_body.size());
    m_written += bytes;
    const qint64 sent = qBound<qint64>(0, m_written - m_head.size(), m_body.size());
    if (sent > before)
        Q_EMIT bodyProgress(sent, m_body.size());
}

void UploadChunkSender::onReadyRead()
{
    if (!m_socket)
        return;
    if (!m_active) {
        closeSocket(); // bytes on an idle connection: it cannot carry another request
        return;
    }
    touch();
    const QByteArray data = m_socket->readAll();
    switch (m_parser.feed(data)) {
    case HttpResponseParser::State::Complete:
        finishWithResponse();
        break;
    case HttpResponseParser::State::Failed:
        finishWithError(
            QNetworkReply::ProtocolFailure, QStringLiteral("malformed response: ") + m_parser.problem());
        break;
    case HttpResponseParser::State::Incomplete:
        break;
    }
}

bool UploadChunkSender::retryOnFreshConnection()
{
    // A kept-alive connection the server had already closed when this request went out: nothing
    // of a reply came back, so send it again, once, on a new connection. (Had the server taken the
    // chunk after all, it answers the resend with its offset and the upload job asks it.)
    if (!m_reused || m_parser.hasStarted())
        return false;
    connectFresh();
    return true;
}

void UploadChunkSender::onDisconnected()
{
    if (!m_socket)
        return;
    if (!m_active) {
        closeSocket();
        return;
    }
    // The server may answer and close before all of the body was taken (e.g. an early error).
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (!m_socket || !m_active)
        return;
    if (m_parser.endOfStream() == HttpResponseParser::State::Complete) {
        finishWithResponse();
        return;
    }
    if (retryOnFreshConnection())
        return;
    finishWithError(QNetworkReply::RemoteHostClosedError,
        QStringLiteral("the server closed the connection: ") + m_parser.problem());
}

void UploadChunkSender::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_socket)
        return;
    if (!m_active) {
        closeSocket();
        return;
    }
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    // A reply that already arrived in full wins over an error while the body was still going out.
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (!m_socket || !m_active)
        return;
    if (retryOnFreshConnection())
        return;
    finishWithError(networkErrorOf(error), m_socket->errorString());
}

void UploadChunkSender::onTimeout()
{
    if (!m_active)
        return;
    m_reply = {};
    m_reply.timedOut = true;
    m_reply.proxy = proxyHostPort(m_proxy);
    m_reply.networkError = QNetworkReply::TimeoutError;
    m_reply.networkErrorString = QStringLiteral("no progress for %1 ms").arg(m_timeoutMs);
    m_active = false;
    closeSocket();
    m_body.clear();
    Q_EMIT finished();
}

void UploadChunkSender::touch()
{
    if (m_timeoutMs > 0)
        m_timer.start(m_timeoutMs);
}

void UploadChunkSender::finishWithResponse()
{
    if (usesAbsoluteForm() && m_parser.reply().status == 407) {
        // The proxy's answer, not the server's (through a tunnel, Qt reports it as a socket error).
        finishWithError(QNetworkReply::ProxyAuthenticationRequiredError,
            QStringLiteral("the proxy requires authentication (HTTP 407)"));
        return;
    }
    m_reply = m_parser.reply();
    m_reply.proxy = proxyHostPort(m_proxy);
    m_reply.proxyAnswers = usesAbsoluteForm();
    m_active = false;
    m_timer.stop();
    if (!m_parser.allowsReuse())
        closeSocket();
    m_body.clear();
    Q_EMIT finished();
}

void UploadChunkSender::finishWithError(QNetworkReply::NetworkError error, const QString &message)
{
    m_reply = {};
    m_reply.networkError = error;
    m_reply.networkErrorString = message;
    m_reply.proxy = proxyHostPort(m_proxy);
    m_active = false;
    closeSocket();
    m_body.clear();
    Q_EMIT finished();
}

void UploadChunkSender::closeSocket()
{
    m_timer.stop();
    m_origin.clear();
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

} // namespace bb::gemini
