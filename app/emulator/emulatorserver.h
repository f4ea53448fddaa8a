#pragma once

#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

QT_BEGIN_NAMESPACE
class QAbstractHttpServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace bb::emulator {

struct ApiRoute;
struct EmulatorConfig;
struct EmulatorContext;
struct HttpRequest;
struct HttpResponse;
class BatchesApi;
class ControlApi;
class FilesApi;
class ModelsApi;

// A local stand-in for generativelanguage.googleapis.com: the Files and Batch APIs under /v1beta
// and /v1 (and /upload/…, /download/…), an emulated clock, realistic limits, fault injection and a
// control API under /emulator/. Runs on the thread that owns it, without blocking it; usable
// in-process (the desktop app's Sandbox mode) or through the gemini-emulator executable.
class EmulatorServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatorServer)

public:
    explicit EmulatorServer(QObject *parent = nullptr);
    ~EmulatorServer() override;

    // Port 0 picks a free port. Returns false (see errorString()) when the address is unusable.
    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost), quint16 port = 0);
    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_address; }
    // http://HOST:PORT without a trailing slash (127.0.0.1 when listening on any address).
    QUrl baseUrl() const;
    QString errorString() const { return m_error; }

    // A non-empty key turns on the key check (x-goog-api-key header or ?key=).
    void setApiKey(const QString &key);
    QString apiKey() const;

    const EmulatorConfig &config() const;
    // Replaces the configuration; it also becomes what /emulator/reset returns to.
    void setConfig(const EmulatorConfig &config);
    // Partial update with the JSON keys of POST /emulator/config.
    bool mergeConfig(const QJsonObject &patch, QString *error = nullptr);

    void advanceClock(double seconds);
    QDateTime now() const;
    QJsonObject state() const;
    // Forgets all files, sessions, batches, counters, faults and logs; clock and config go back
    // to their start values.
    void reset();

private:
    void handle(const HttpRequest &request, QTcpSocket *socket);
    void process(const HttpRequest &request, const ApiRoute &route, QTcpSocket *socket, quint64 seq);
    HttpResponse dispatch(const HttpRequest &request, const ApiRoute &route, qint64 nowUs);
    void send(QTcpSocket *socket, const HttpRequest &request, const HttpResponse &response, quint64 seq);

    std::unique_ptr<EmulatorContext> m_ctx;
    std::unique_ptr<FilesApi> m_files;
    std::unique_ptr<BatchesApi> m_batches;
    std::unique_ptr<ModelsApi> m_models;
    std::unique_ptr<ControlApi> m_control;
    QAbstractHttpServer *m_http = nullptr;
    QList<QPointer<QTcpSocket>> m_hung;
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace bb::emulator
