#include "emulatorprocess.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTimeZone>

namespace bb::test {
namespace {

const QByteArray kListening = QByteArrayLiteral("gemini-emulator listening on ");

} // namespace

QJsonObject EmulatorProcess::Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray EmulatorProcess::Reply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

EmulatorProcess::EmulatorProcess(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_process.setReadChannel(QProcess::StandardOutput);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

EmulatorProcess::~EmulatorProcess()
{
    if (isRunning() && !stop()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString EmulatorProcess::executablePath()
{
    const QString fromEnv = qEnvironmentVariable("BB_GEMINI_EMULATOR");
    return fromEnv.isEmpty() ? QStringLiteral(BB_GEMINI_EMULATOR_PATH) : fromEnv;
}

bool EmulatorProcess::start(const QStringList &extraArgs, int timeoutMs)
{
    if (isRunning()) {
        m_error = QStringLiteral("already running");
        return false;
    }
    QStringList args { QStringLiteral("--port"), QStringLiteral("0") };
    args += extraArgs;
    m_process.start(executablePath(), args);
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(executablePath(), m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray pending;
    while (!deadline.hasExpired()) {
        if (!m_process.canReadLine()
            && !m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            if (m_process.state() != QProcess::Running)
                break;
            continue;
        }
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine().trimmed();
            if (line.startsWith(kListening)) {
                m_baseUrl = QUrl(QString::fromLatin1(line.mid(kListening.size())));
                if (m_baseUrl.host() == QLatin1String("0.0.0.0"))
                    m_baseUrl.setHost(QStringLiteral("127.0.0.1"));
                return true;
            }
        }
    }
    m_error = m_process.state() == QProcess::Running
        ? QStringLiteral("gemini-emulator did not report a listening address in time")
        : QStringLiteral("gemini-emulator exited (code %1) before listening").arg(m_process.exitCode());
    m_process.kill();
    m_process.waitForFinished(5000);
    return false;
}

bool EmulatorProcess::stop(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
    m_process.terminate(); // SIGTERM
    if (!m_process.waitForFinished(timeoutMs)) {
        m_error = QStringLiteral("gemini-emulator did not stop after SIGTERM");
        return false;
    }
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

bool EmulatorProcess::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

qint64 EmulatorProcess::processId() const
{
    return m_process.processId();
}

QUrl EmulatorProcess::url(const QString &pathOrUrl) const
{
    if (pathOrUrl.startsWith(QLatin1String("http://")) || pathOrUrl.startsWith(QLatin1String("https://")))
        return QUrl(pathOrUrl);
    QString base = m_baseUrl.toString();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + (pathOrUrl.startsWith(QLatin1Char('/')) ? pathOrUrl : QLatin1Char('/') + pathOrUrl));
}

EmulatorProcess::Reply EmulatorProcess::request(const QByteArray &method, const QString &pathOrUrl,
    const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkRequest req(url(pathOrUrl));
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_network->sendCustomRequest(req, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(timeoutMs)) {
        reply->abort();
    }
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError)
        out.error = reply->errorString();
    reply->deleteLater();
    m_last = out;
    return out;
}

EmulatorProcess::Reply EmulatorProcess::get(
    const QString &pathOrUrl, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return request(QByteArrayLiteral("GET"), pathOrUrl, {}, headers);
}

EmulatorProcess::Reply EmulatorProcess::postJson(
    const QString &pathOrUrl, const QJsonObject &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return request(
        QByteArrayLiteral("POST"), pathOrUrl, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

QJsonObject EmulatorProcess::state()
{
    const Reply r = get(QStringLiteral("/emulator/state"));
    return r.status == 200 ? r.json() : QJsonObject();
}

bool EmulatorProcess::advanceClock(double seconds)
{
    return postJson(QStringLiteral("/emulator/clock"),
               QJsonObject { { QStringLiteral("advanceSeconds"), seconds } })
               .status
        == 200;
}

bool EmulatorProcess::advancePastPacificMidnight(double marginSeconds)
{
    const QDateTime now
        = QDateTime::fromString(state()[QStringLiteral("now")].toString(), Qt::ISODateWithMs).toUTC();
    if (!now.isValid())
        return false;
    // The emulator's own rule (Quotas::pacificDate): America/Los_Angeles, else UTC-8.
    const QTimeZone pacific(QByteArrayLiteral("America/Los_Angeles"));
    const QDateTime midnight = pacific.isValid()
        ? QDateTime(now.toTimeZone(pacific).date().addDays(1), QTime(0, 0), pacific)
        : QDateTime(now.addSecs(-8 * 3600).date().addDays(1), QTime(0, 0), Qt::UTC).addSecs(8 * 3600);
    return advanceClock(double(now.msecsTo(midnight)) / 1000.0 + marginSeconds);
}

QJsonObject EmulatorProcess::configure(const QJsonObject &patch)
{
    const Reply r = postJson(QStringLiteral("/emulator/config"), patch);
    return r.status == 200 ? r.json() : QJsonObject();
}

bool EmulatorProcess::addFaults(const QJsonArray &rules)
{
    return postJson(QStringLiteral("/emulator/faults"), QJsonObject { { QStringLiteral("rules"), rules } })
               .status
        == 200;
}

bool EmulatorProcess::clearFaults()
{
    return request(QByteArrayLiteral("DELETE"), QStringLiteral("/emulator/faults")).status == 200;
}

bool EmulatorProcess::reset()
{
    return request(QByteArrayLiteral("POST"), QStringLiteral("/emulator/reset"), QByteArrayLiteral("{}"))
               .status
        == 200;
}

QJsonArray EmulatorProcess::requests(quint64 sinceSeq)
{
    const Reply r = get(QStringLiteral("/emulator/requests?since=%1").arg(sinceSeq));
    return r.json().value(QStringLiteral("requests")).toArray();
}

} // namespace bb::test
