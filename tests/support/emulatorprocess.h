#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QProcess>
#include <QStringList>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace bb::test {

// Runs <build>/bin/gemini-emulator --port 0 [extra args] for a test and talks to its control API.
// The helpers are synchronous (they spin the event loop through QSignalSpy::wait) and meant for
// test code only. The destructor stops the process with SIGTERM.
//
//   bb::test::EmulatorProcess emulator;
//   QVERIFY2(emulator.start({QStringLiteral("--api-key"), QStringLiteral("k")}),
//   qPrintable(emulator.errorString())); client.setBaseUrl(emulator.baseUrl()); emulator.advanceClock(3600);
class EmulatorProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatorProcess)

public:
    struct Reply
    {
        int status = 0; // 0: no HTTP reply (connection error or timeout)
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QString error; // network error text, if any

        QJsonObject json() const;
        QByteArray header(const QByteArray &name) const; // case-insensitive
    };

    explicit EmulatorProcess(QObject *parent = nullptr);
    ~EmulatorProcess() override;

    // Starts the emulator and waits for its "listening on" line. False: see errorString().
    bool start(const QStringList &extraArgs = {}, int timeoutMs = 60'000);
    // SIGTERM, then waits for a clean exit; true when it exited with code 0.
    bool stop(int timeoutMs = 60'000);
    bool isRunning() const;
    qint64 processId() const;
    QString errorString() const { return m_error; }
    QProcess &process() { return m_process; }

    QUrl baseUrl() const { return m_baseUrl; } // http://127.0.0.1:PORT (no trailing slash)
    quint16 port() const { return quint16(m_baseUrl.port()); }
    QUrl url(const QString &pathAndQuery) const; // baseUrl() + "/v1beta/files?..."

    // Control API helpers (empty/false results on failure; see lastReply()).
    QJsonObject state();
    bool advanceClock(double seconds);
    // Moves the emulated clock to `marginSeconds` after the next Pacific midnight, where per-day
    // quotas reset: a test of a daily limit then has almost a whole emulated day before the next.
    bool advancePastPacificMidnight(double marginSeconds = 5);
    QJsonObject configure(const QJsonObject &patch); // returns the full config
    bool addFaults(const QJsonArray &rules);
    bool clearFaults();
    bool reset();
    QJsonArray requests(quint64 sinceSeq = 0);
    const Reply &lastReply() const { return m_last; }

    // Any HTTP request against the emulator; `pathOrUrl` is a path ("/v1beta/files") or a full URL.
    Reply request(const QByteArray &method, const QString &pathOrUrl, const QByteArray &body = {},
        const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 120'000);
    Reply get(const QString &pathOrUrl, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Reply postJson(const QString &pathOrUrl, const QJsonObject &body,
        const QList<QPair<QByteArray, QByteArray>> &headers = {});

    static QString executablePath();

private:
    QProcess m_process;
    QNetworkAccessManager *m_network = nullptr;
    QUrl m_baseUrl;
    QString m_error;
    Reply m_last;
};

} // namespace bb::test
