#include "geminijob.h"

#include "geminiclient.h"
#include "proxysettings.h"
#include "urlpolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace bb::gemini {

namespace {

constexpr int MaxRedirects = 5;
const QByteArray KeyHeader = QByteArrayLiteral("x-goog-api-key");

} // namespace

GeminiJob::GeminiJob(GeminiClient *client, const QString &operation, ResourceKind resource)
    : QObject(client)
    , m_client(client)
    , m_operation(operation)
    , m_resource(resource)
    , m_timeoutMs(client ? client->requestTimeout() : GeminiClient::DefaultTimeoutMs)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &GeminiJob::onTimeout);
}

GeminiJob::~GeminiJob()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
    }
}

void GeminiJob::start()
{
    if (m_started || m_finished)
        return;
    m_started = true;
    // Start from the event loop so that finished() never fires inside start().
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_finished)
                return;
            if (!m_client) {
                fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest,
                    QStringLiteral("the client was destroyed"));
                return;
            }
            doStart();
        },
        Qt::QueuedConnection);
}

void GeminiJob::abort()
{
    if (m_finished)
        return;
    dropRequest();
    doAbort();
    fail(ApiError::Kind::Aborted, ApiError::Classification::Aborted, QStringLiteral("aborted by the caller"));
}

void GeminiJob::finishWithSuccess()
{
    finishWithError(ApiError {});
}

void GeminiJob::finishWithError(ApiError error)
{
    if (m_finished)
        return;
    m_finished = true;
    dropRequest();
    if (error.isError() && error.operation.isEmpty())
        error.operation = m_operation;
    m_error = std::move(error);
    if (m_error.classification == ApiError::Classification::ProxyFailure && m_client
        && m_proxyGeneration == m_client->proxyGeneration())
        Q_EMIT m_client->proxyFailed(m_error);
    Q_EMIT finished(this);
    deleteLater();
}

void GeminiJob::fail(ApiError::Kind kind, ApiError::Classification classification, const QString &message)
{
    finishWithError(ApiError::make(kind, classification, message));
}

void GeminiJob::noteRequestSent()
{
    if (m_client)
        m_proxyGeneration = m_client->proxyGeneration();
}

void GeminiJob::sendRequest(const QByteArray &verb, const QNetworkRequest &request, const QByteArray &body)
{
    dropRequest();
    m_verb = verb;
    m_request = request;
    m_body = body;
    m_redirects = 0;
    m_timedOut = false;
    noteRequestSent();

    const QString refusal = UrlPolicy::check(request.url());
    if (!refusal.isEmpty()) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest, refusal);
        return;
    }
    QNetworkAccessManager *network = m_client ? m_client->networkAccessManager() : nullptr;
    if (!network) {
        fail(ApiError::Kind::Refused, ApiError::Classification::InvalidRequest,
            QStringLiteral("the client was destroyed"));
        return;
    }

    QNetworkReply *reply = nullptr;
    if (m_verb == "GET")
        reply = network->get(m_request);
    else if (m_verb == "POST")
        reply = network->post(m_request, m_body);
    else if (m_verb == "DELETE" && m_body.isEmpty())
        reply = network->deleteResource(m_request);
    else
        reply = network->sendCustomRequest(m_request, m_verb, m_body);
    reply->setParent(this);
    m_reply = reply;

    connect(reply, &QNetworkReply::finished, this, &GeminiJob::onFinished);
    connect(reply, &QNetworkReply::readyRead, this, &GeminiJob::onReadyRead);
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
        touch();
        replyUploadProgress(sent, total);
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        touch();
        if (!isRedirect(httpStatus(reply)))
            replyDownloadProgress(received, total);
    });
    if (m_timeoutMs > 0)
        m_timer.start(m_timeoutMs);
}

void GeminiJob::dropRequest()
{
    m_timer.stop();
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void GeminiJob::touch()
{
    if (m_reply && m_timeoutMs > 0)
        m_timer.start(m_timeoutMs);
}

void GeminiJob::onTimeout()
{
    if (!m_reply)
        return;
    m_timedOut = true;
    m_reply->abort(); // emits finished() synchronously; onFinished() reports the timeout
}

void GeminiJob::onReadyRead()
{
    QNetworkReply *reply = m_reply;
    if (!reply || sender() != reply)
        return;
    touch();
    if (!isRedirect(httpStatus(reply)))
        replyReadyRead(reply);
}

void GeminiJob::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || sender() != reply)
        return;
    m_timer.stop();
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    noteServerTime(serverTimeOf(reply));
    if (!m_timedOut && isRedirect(httpStatus(reply)) && followRedirect(reply)) {
        reply->deleteLater();
        return;
    }
    replyFinished(reply);
    reply->deleteLater();
}

bool GeminiJob::followRedirect(QNetworkReply *reply)
{
    QUrl location = reply->header(QNetworkRequest::LocationHeader).toUrl();
    if (location.isEmpty())
        location = QUrl(QString::fromUtf8(reply->rawHeader("Location")));
    if (location.isEmpty())
        return false; // a 3xx without a target: reported as an HTTP error
    const int status = httpStatus(reply);
    const QUrl target = reply->url().resolved(location);
    ApiError error;
    error.kind = ApiError::Kind::Network;
    error.classification = ApiError::Classification::InvalidRequest;
    error.httpStatus = status;
    if (++m_redirects > MaxRedirects) {
        error.networkError = QNetworkReply::TooManyRedirectsError;
        error.message = describeNetworkError(error.networkError);
        finishWithError(error);
        return true;
    }
    QString refusal = UrlPolicy::check(target);
    if (refusal.isEmpty() && reply->url().scheme() == QLatin1StringView("https")
        && target.scheme() != QLatin1StringView("https"))
        refusal = QStringLiteral("refused a redirect from https to %1").arg(target.scheme());
    if (!refusal.isEmpty()) {
        error.kind = ApiError::Kind::Refused;
        error.networkError = QNetworkReply::InsecureRedirectError;
        error.message = refusal;
        finishWithError(error);
        return true;
    }
    QNetworkRequest next = m_request;
    next.setUrl(target);
    if (!UrlPolicy::isSameOrigin(m_request.url(), target))
        next.setRawHeader(KeyHeader, QByteArray()); // the key never leaves its origin
    if (status == 303 || ((status == 301 || status == 302) && m_verb == "POST")) {
        m_verb = "GET";
        m_body.clear();
    }
    const int redirects = m_redirects;
    sendRequest(m_verb, next, m_body);
    m_redirects = redirects;
    return true;
}

ApiError GeminiJob::errorForReply(QNetworkReply *reply, const QByteArray &body) const
{
    HttpReply response = HttpReply::fromNetworkReply(reply, body);
    response.timedOut = m_timedOut;
    if (m_client) {
        const QNetworkProxy proxy = m_client->proxyFor(reply->url());
        response.proxy = proxyHostPort(proxy);
        // Plain http through an HTTP proxy: the connection's peer is the proxy itself, so a
        // refused connection is the proxy's (QNetworkAccessManager reports it as the server's).
        response.proxyAnswers
            = proxy.type() == QNetworkProxy::HttpProxy && reply->url().scheme() != QLatin1StringView("https");
        if (response.proxyAnswers)
            response.networkError = peerIsTheProxy(response.networkError);
        // A tunnel the proxy refused (CONNECT answered 403/405, or a SOCKS refusal) reaches us
        // as an unknown network error ("Proxy denied connection"): nothing else on the way is
        // unknown to Qt, and retrying cannot change the proxy's rules.
        if (proxy.type() != QNetworkProxy::NoProxy
            && response.networkError == QNetworkReply::UnknownNetworkError)
            response.networkError = QNetworkReply::UnknownProxyError;
    }
    return errorForResponse(response, m_timeoutMs);
}

ApiError GeminiJob::errorForResponse(const HttpReply &reply, int timeoutMs) const
{
    ApiError error;
    error.operation = m_operation;
    error.serverTime = reply.serverTime();
    const int status = reply.status;
    const QNetworkReply::NetworkError networkError = reply.networkError;
    const bool transportError
        = networkError > QNetworkReply::NoError && networkError < QNetworkReply::ContentAccessDenied;
    if (reply.timedOut) {
        error.kind = ApiError::Kind::Timeout;
        error.classification = ApiError::Classification::Transient;
        error.networkError = QNetworkReply::TimeoutError;
        error.message = QStringLiteral("no progress for %1 ms").arg(timeoutMs);
        return error;
    }
    // Plain http through an HTTP proxy: a 407, or a 401 that is not the API's JSON (tinyproxy
    // answers wrong credentials so), is the proxy refusing us, not the server.
    const bool proxyRefused
        = reply.proxyAnswers && (status == 407 || (status == 401 && !reply.body.trimmed().startsWith('{')));
    if (proxyRefused) {
        error.kind = ApiError::Kind::Network;
        error.httpStatus = status;
        error.networkError = QNetworkReply::ProxyAuthenticationRequiredError;
        error.classification = ApiError::Classification::ProxyFailure;
        error.proxy = reply.proxy;
        error.message = describeProxyFailure(error.networkError, reply.proxy);
        return error;
    }
    if (status == 0 || transportError) {
        error.kind = ApiError::Kind::Network;
        error.httpStatus = status;
        error.networkError
            = networkError == QNetworkReply::NoError ? QNetworkReply::UnknownNetworkError : networkError;
        error.networkErrorString = reply.networkErrorString;
        error.classification = ApiErrorParser::classifyNetworkError(error.networkError);
        error.message = describeNetworkError(error.networkError);
        error.proxy = reply.proxy;
        if (!reply.proxy.isEmpty()) {
            if (isProxyFailure(error.networkError))
                error.classification = ApiError::Classification::ProxyFailure;
            error.message = describeProxyFailure(error.networkError, reply.proxy);
        }
        return error;
    }
    if (status < 200 || status > 299) {
        ApiError http = ApiErrorParser::fromHttpReply(status, reply.body, m_resource, error.serverTime);
        http.operation = m_operation;
        return http;
    }
    if (networkError != QNetworkReply::NoError) {
        error.kind = ApiError::Kind::Network;
        error.httpStatus = status;
        error.networkError = networkError;
        error.networkErrorString = reply.networkErrorString;
        error.classification = ApiErrorParser::classifyNetworkError(networkError);
        error.message = describeNetworkError(networkError);
    }
    return error;
}

void GeminiJob::noteServerTime(const QDateTime &time)
{
    if (!time.isValid())
        return;
    m_serverTime = time;
    if (m_client)
        Q_EMIT m_client->serverTimeObserved(time);
}

int GeminiJob::httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QByteArray GeminiJob::readBody(QNetworkReply *reply)
{
    return reply->isOpen() ? reply->readAll() : QByteArray();
}

bool GeminiJob::isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QDateTime GeminiJob::serverTimeOf(QNetworkReply *reply)
{
    return HttpReply::parseHttpDate(reply->rawHeader("Date"));
}

} // namespace bb::gemini
