#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace bb::test {

// A real tinyproxy (Debian's package) on 127.0.0.1 for a test: a generated config (a free port,
// Listen and Allow 127.0.0.1, ConnectPort for the given ports, optional BasicAuth, a log at
// LogLevel Info in a temporary folder), run in the foreground (-d) and stopped by the destructor.
class TinyproxyProcess final
{
public:
    struct Options
    {
        QList<quint16> connectPorts; // CONNECT is allowed to these ports only
        QString user; // BasicAuth user and password, when both are set
        QString password;
    };

    TinyproxyProcess() = default;
    ~TinyproxyProcess();
    TinyproxyProcess(const TinyproxyProcess &) = delete;
    TinyproxyProcess &operator=(const TinyproxyProcess &) = delete;

    static QString executable(); // empty when tinyproxy is not installed

    bool start(const Options &options);
    void stop();
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QString url() const; // http://127.0.0.1:PORT

    QString log() const;
    // What tinyproxy logged as "Request (file descriptor N): <line>": each request line it read.
    QStringList requestLines() const;

    // A loopback port nothing listens on (bound, then released).
    static quint16 closedPort();

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace bb::test
