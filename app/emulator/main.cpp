// gemini-emulator: the Files + Batch API emulator as a command-line server.
// gemini-emulator [--host 127.0.0.1] [--port N] [--api-key KEY] [--speed X] [--config FILE]

#include "emulatorconfig.h"
#include "emulatorserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT/SIGTERM only write a byte to a socket pair; the event loop reads it and quits cleanly,
// so the server's destructor runs (closing sockets, removing its temporary data directory).
bool installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0 && ::sigaction(SIGTERM, &action, nullptr) == 0;
}

int fail(const QString &message)
{
    std::fprintf(stderr, "gemini-emulator: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gemini-emulator"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Local emulator of the Gemini Files and Batch APIs (see app/emulator/README.md)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Address to listen on."),
        QStringLiteral("HOST"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (0 = any free port)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption apiKey(
        QStringLiteral("api-key"), QStringLiteral("Require this API key."), QStringLiteral("KEY"));
    const QCommandLineOption speed(
        QStringLiteral("speed"), QStringLiteral("Emulated seconds per real second."), QStringLiteral("X"));
    const QCommandLineOption config(QStringLiteral("config"),
        QStringLiteral("JSON file with the keys of POST /emulator/config."), QStringLiteral("FILE"));
    parser.addOptions({ host, port, apiKey, speed, config });
    parser.process(app);

    bb::emulator::EmulatorConfig settings;
    if (parser.isSet(config)) {
        QFile file(parser.value(config));
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return fail(
                QStringLiteral("%1 is not a JSON object: %2").arg(file.fileName(), error.errorString()));
        QString why;
        if (!settings.merge(doc.object(), &why))
            return fail(QStringLiteral("%1: %2").arg(file.fileName(), why));
    }
    if (parser.isSet(speed)) {
        bool ok = false;
        const double value = parser.value(speed).toDouble(&ok);
        if (!ok || value <= 0 || value > 1e6)
            return fail(QStringLiteral("--speed must be a number in (0, 1e6]"));
        settings.speed = value;
    }
    bool portOk = false;
    const uint portNumber = parser.value(port).toUInt(&portOk);
    if (!portOk || portNumber > 65535)
        return fail(QStringLiteral("--port must be between 0 and 65535"));
    const QString hostText = parser.value(host);
    const QHostAddress address = hostText == QLatin1String("localhost")
        ? QHostAddress(QHostAddress::LocalHost)
        : QHostAddress(hostText);
    if (address.isNull())
        return fail(QStringLiteral("--host must be an IP address or localhost"));

    if (!installSignalHandlers())
        return fail(QStringLiteral("cannot install signal handlers"));
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, []() { QCoreApplication::quit(); });

    bb::emulator::EmulatorServer server;
    server.setConfig(settings);
    server.setApiKey(parser.value(apiKey));
    if (!server.listen(address, quint16(portNumber)))
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                        .arg(hostText)
                        .arg(portNumber)
                        .arg(server.errorString()));

    const QString hostPart
        = address.protocol() == QAbstractSocket::IPv6Protocol && hostText != QLatin1String("localhost")
        ? QLatin1Char('[') + hostText + QLatin1Char(']')
        : hostText;
    std::printf("gemini-emulator listening on http://%s:%u\n", qPrintable(hostPart), unsigned(server.port()));
    std::fflush(stdout);

    const int rc = app.exec();
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    return rc;
}
