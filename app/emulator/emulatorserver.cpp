#include "emulatorserver.h"

#include "apiroutes.h"
#include "batchesapi.h"
#include "controlapi.h"
#include "emulatorcontext.h"
#include "filesapi.h"
#include "httpexchange.h"
#include "modelsapi.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cmath>
#include <functional>

namespace bb::emulator {
namespace {

class HttpFrontend final : public QAbstractHttpServer
{
public:
    using Handler = std::function<void(const QHttpServerRequest &, QTcpSocket *)>;

    HttpFrontend(Handler handler, QObject *parent)
        : QAbstractHttpServer(parent)
        , m_handler(std::move(handler))
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_handler(request, socket);
        return true;
    }

    void missingHandler(const QHttpServerRequest &, QTcpSocket *socket) override { socket->abort(); }

private:
    Handler m_handler;
};

// Answers "Expect: 100-continue" (curl sends it for bodies over 1 MiB and otherwise stalls a
// second per request): Qt HttpServer 6.4 only looks at a request once its body is complete. This
// slot is connected before Qt's, peeks at the header block of each new request and, if it asks,
// sends the interim response.
class ContinueTcpServer final : public QTcpServer
{
public:
    static constexpr const char *kState = "bbExpectState"; // 0: between requests, 1: headers seen

    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        connect(socket, &QTcpSocket::readyRead, socket, [socket]() { peek(socket); });
        addPendingConnection(socket);
    }

private:
    static void peek(QTcpSocket *socket)
    {
        if (socket->property(kState).toInt() != 0)
            return;
        const QByteArray head = socket->peek(16 * 1024);
        const qsizetype end = head.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        socket->setProperty(kState, 1);
        const QByteArray headers = head.left(end).toLower();
        if (headers.contains("\nexpect: 100-continue") || headers.contains("\nexpect:100-continue"))
            socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
};

} // namespace

EmulatorServer::EmulatorServer(QObject *parent)
    : QObject(parent)
    , m_ctx(std::make_unique<EmulatorContext>())
    , m_files(std::make_unique<FilesApi>(*m_ctx))
    , m_batches(std::make_unique<BatchesApi>(*m_ctx))
    , m_models(std::make_unique<ModelsApi>(*m_ctx))
    , m_control(std::make_unique<ControlApi>(*m_ctx, [this]() { reset(); }))
{
    m_http = new HttpFrontend([this](const QHttpServerRequest &request,
                                  QTcpSocket *socket) { handle(HttpRequest::from(request), socket); },
        this);
}

EmulatorServer::~EmulatorServer() = default;

bool EmulatorServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_ctx->files.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory for file data");
        return false;
    }
    auto *tcp = new ContinueTcpServer(m_http);
    if (!tcp->listen(address, port)) {
        m_error = tcp->errorString();
        delete tcp;
        return false;
    }
    m_http->bind(tcp);
    m_address = address;
    m_port = tcp->serverPort();
    m_files->setFallbackHost(baseUrl().authority());
    return true;
}

QUrl EmulatorServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    const bool any = m_address == QHostAddress(QHostAddress::Any)
        || m_address == QHostAddress(QHostAddress::AnyIPv4)
        || m_address == QHostAddress(QHostAddress::AnyIPv6) || m_address.isNull();
    url.setHost(any ? QStringLiteral("127.0.0.1") : m_address.toString());
    url.setPort(m_port);
    return url;
}

void EmulatorServer::setApiKey(const QString &key)
{
    m_ctx->apiKey = key;
}

QString EmulatorServer::apiKey() const
{
    return m_ctx->apiKey;
}

const EmulatorConfig &EmulatorServer::config() const
{
    return m_ctx->config;
}

void EmulatorServer::setConfig(const EmulatorConfig &config)
{
    m_ctx->config = config;
    m_ctx->startupConfig = config;
    m_ctx->clock.setSpeed(config.speed);
}

bool EmulatorServer::mergeConfig(const QJsonObject &patch, QString *error)
{
    QString ignored;
    if (!m_ctx->config.merge(patch, error ? error : &ignored))
        return false;
    m_ctx->clock.setSpeed(m_ctx->config.speed);
    return true;
}

void EmulatorServer::advanceClock(double seconds)
{
    if (seconds > 0 && seconds <= 1e10)
        m_ctx->clock.advance(qint64(std::llround(seconds * 1e6)));
}

QDateTime EmulatorServer::now() const
{
    return m_ctx->clock.now();
}

QJsonObject EmulatorServer::state() const
{
    const qint64 now = m_ctx->clock.nowUs();
    m_ctx->refresh(now);
    return m_control->state(now);
}

void EmulatorServer::reset()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_hung)) {
        if (socket)
            socket->abort();
    }
    m_hung.clear();
    m_ctx->uploads.clear();
    m_ctx->batches.clear();
    m_ctx->files.clear();
    m_ctx->quotas.clear();
    m_ctx->faults.resetAll();
    m_ctx->log.clear();
    m_ctx->config = m_ctx->startupConfig;
    m_ctx->clock.reset(m_ctx->config.speed);
}

void EmulatorServer::handle(const HttpRequest &request, QTcpSocket *socket)
{
    socket->setProperty(ContinueTcpServer::kState, 0); // the next bytes start a new request
    const qint64 now = m_ctx->clock.nowUs();
    m_ctx->refresh(now);

    if (request.path == QLatin1String("/emulator") || request.path.startsWith(QLatin1String("/emulator/"))) {
        send(socket, request, m_control->handle(request, now), 0);
        return;
    }

    const ApiRoute route = ApiRoute::match(request);
    const quint64 seq = m_ctx->log.record(request, route.route, now);
    if (route.kind == ApiRoute::Kind::UploadSession)
        m_ctx->log.countUploadCommand(
            QString::fromLatin1(request.header("x-goog-upload-command").trimmed().toLower()));

    const std::optional<FaultRule> fault = m_ctx->faults.take(request);
    if (!fault) {
        process(request, route, socket, seq);
        return;
    }
    m_ctx->log.setOutcome(seq, 0, FaultRule::actionName(fault->action));
    const QPointer<QTcpSocket> guard(socket);
    switch (fault->action) {
    case FaultRule::Action::Hang:
        m_hung.removeAll(QPointer<QTcpSocket>());
        m_hung.append(guard);
        return;
    case FaultRule::Action::Delay:
        QTimer::singleShot(fault->delayMs, this, [this, request, route, guard, seq]() {
            if (guard && guard->state() == QAbstractSocket::ConnectedState)
                process(request, route, guard, seq);
        });
        return;
    case FaultRule::Action::Reset:
    case FaultRule::Action::Respond: {
        const FaultRule rule = *fault;
        const auto act = [this, rule, request, route, guard, seq]() {
            if (!guard)
                return;
            if (rule.action == FaultRule::Action::Respond) {
                send(guard, request, rule.response(), seq);
                return;
            }
            if (rule.afterBytes >= 0 && route.kind == ApiRoute::Kind::UploadSession)
                m_files->acceptPartialChunk(request, rule.afterBytes, m_ctx->clock.nowUs());
            guard->abort();
        };
        if (rule.delayMs > 0)
            QTimer::singleShot(rule.delayMs, this, act);
        else
            act();
        return;
    }
    }
}

void EmulatorServer::process(
    const HttpRequest &request, const ApiRoute &route, QTcpSocket *socket, quint64 seq)
{
    const qint64 now = m_ctx->clock.nowUs();
    m_ctx->refresh(now);

    const bool needsKey = !m_ctx->apiKey.isEmpty() && route.kind != ApiRoute::Kind::UploadSession
        && route.kind != ApiRoute::Kind::Unknown && route.kind != ApiRoute::Kind::WrongMethod;
    if (needsKey) {
        QString key = QString::fromLatin1(request.header("x-goog-api-key")).trimmed();
        if (key.isEmpty())
            key = request.queryValue(QStringLiteral("key"));
        if (key.isEmpty()) {
            send(socket, request, HttpResponse::error(GoogleError::apiKeyMissing()), seq);
            return;
        }
        if (key != m_ctx->apiKey) {
            send(socket, request, HttpResponse::error(GoogleError::apiKeyInvalid()), seq);
            return;
        }
    }
    send(socket, request, dispatch(request, route, now), seq);
}

HttpResponse EmulatorServer::dispatch(const HttpRequest &request, const ApiRoute &route, qint64 nowUs)
{
    using K = ApiRoute::Kind;
    // The v1 discovery document has no files or media resources (changes-2026.md row 16).
    if (m_ctx->config.quirks.strictV1 && route.version == QLatin1String("v1") && route.isFilesApi())
        return HttpResponse::error(GoogleError::notFound(QStringLiteral("Method not found.")));
    switch (route.kind) {
    case K::UploadStart:
        return m_files->startUpload(request, route, nowUs);
    case K::UploadSession:
        return m_files->sessionCommand(request, nowUs);
    case K::FileList:
        return m_files->list(request, nowUs);
    case K::FileGet:
        return m_files->get(route, nowUs);
    case K::FileDelete:
        return m_files->remove(route);
    case K::FileDownload:
        return m_files->download(request, route);
    case K::BatchGenerate:
    case K::BatchEmbed:
        return m_batches->create(request, route, nowUs);
    case K::BatchList:
        return m_batches->list(request, nowUs);
    case K::BatchGet:
        return m_batches->get(route, nowUs);
    case K::BatchDelete:
        return m_batches->remove(route, nowUs);
    case K::BatchCancel:
        return m_batches->cancel(request, route, nowUs);
    case K::BatchUpdateGenerate:
    case K::BatchUpdateEmbed:
        return m_batches->update(request, route, nowUs);
    case K::ModelList:
        return m_models->list(request);
    case K::ModelGet:
        return m_models->get(route);
    case K::GenerateContent:
        return m_models->generateContent(request, route);
    case K::WrongMethod:
        return HttpResponse::error(
            GoogleError::notFound(QStringLiteral("Method not found: %1 %2.")
                                      .arg(QString::fromLatin1(request.method), request.path)));
    case K::Unknown:
        break;
    }
    return HttpResponse::error(GoogleError::notFound(QStringLiteral("Method not found.")));
}

void EmulatorServer::send(
    QTcpSocket *socket, const HttpRequest &request, const HttpResponse &response, quint64 seq)
{
    if (response.status == 429)
        m_ctx->log.count429();
    if (seq != 0)
        m_ctx->log.setOutcome(seq, response.status);
    writeResponse(socket, response, EmulatorClock::httpDate(m_ctx->clock.nowUs()), request.wantsClose());
}

} // namespace bb::emulator
