#include "tinyproxyprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace bb::test {

TinyproxyProcess::~TinyproxyProcess()
{
    stop();
}

QString TinyproxyProcess::executable()
{
    const QString found = QStandardPaths::findExecutable(QStringLiteral("tinyproxy"));
    if (!found.isEmpty())
        return found;
    for (const char *path : { "/usr/bin/tinyproxy", "/usr/sbin/tinyproxy" }) {
        if (QFileInfo(QString::fromLatin1(path)).isExecutable())
            return QString::fromLatin1(path);
    }
    return {};
}

quint16 TinyproxyProcess::closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QString TinyproxyProcess::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

bool TinyproxyProcess::start(const Options &options)
{
    const QString program = executable();
    if (program.isEmpty()) {
        m_error = QStringLiteral("tinyproxy is not installed");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    // A port that was free a moment ago may be taken by the time tinyproxy binds it: try again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = closedPort();
        QStringList config {
            QStringLiteral("Port %1").arg(m_port),
            QStringLiteral("Listen 127.0.0.1"),
            QStringLiteral("Timeout 600"),
            QStringLiteral("LogFile \"%1\"").arg(m_dir.filePath(QStringLiteral("tinyproxy.log"))),
            QStringLiteral("LogLevel Info"),
            QStringLiteral("MaxClients 100"),
            QStringLiteral("Allow 127.0.0.1"),
            QStringLiteral("DisableViaHeader Yes"),
        };
        for (const quint16 port : options.connectPorts)
            config.append(QStringLiteral("ConnectPort %1").arg(port));
        if (!options.user.isEmpty() && !options.password.isEmpty())
            config.append(QStringLiteral("BasicAuth %1 %2").arg(options.user, options.password));
        QFile file(m_dir.filePath(QStringLiteral("tinyproxy.conf")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_error = file.errorString();
            return false;
        }
        file.write(config.join(u'\n').toUtf8() + '\n');
        file.close();
        QFile::remove(m_dir.filePath(QStringLiteral("tinyproxy.log")));

        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(program, { QStringLiteral("-d"), QStringLiteral("-c"), file.fileName() });
        if (!m_process.waitForStarted(60'000)) {
            m_error = m_process.errorString();
            return false;
        }
        // Ready when it accepts a connection; a hang-only deadline.
        const QDeadlineTimer deadline(60'000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(1000) && log().contains(QLatin1StringView("Accepting connections"))) {
                probe.abort();
                return true;
            }
            m_process.waitForFinished(100);
        }
        m_error = QStringLiteral("tinyproxy did not start: %1 %2")
                      .arg(QString::fromLocal8Bit(m_process.readAll()), log());
        stop();
    }
    return false;
}

void TinyproxyProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(30'000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

QString TinyproxyProcess::log() const
{
    QFile file(m_dir.filePath(QStringLiteral("tinyproxy.log")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QStringList TinyproxyProcess::requestLines() const
{
    static const QRegularExpression request(QStringLiteral(R"(Request \(file descriptor \d+\): (.*)$)"));
    QStringList lines;
    for (const QString &line : log().split(u'\n')) {
        const QRegularExpressionMatch match = request.match(line);
        if (match.hasMatch())
            lines.append(match.captured(1).trimmed());
    }
    return lines;
}

} // namespace bb::test
