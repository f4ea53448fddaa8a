#include "apptranslator.h"
#include "cliargs.h"
#include "offlinecommands.h"
#include "onlinesession.h"
#include "projectpath.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Batchboard"));
    QCoreApplication::setApplicationName(QStringLiteral("Batchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BB_VERSION));
    bb::installTranslators(QString()); // messages in the system's language

    const bb::cli::Arguments args = bb::cli::parseArguments(app.arguments().mid(1));
    if (args.version) {
        bb::cli::printOut(QStringLiteral("batchboard-cli %1\n").arg(QStringLiteral(BB_VERSION)));
        return 0;
    }
    if (args.help) {
        bb::cli::printOut(bb::cli::usage().arg(bb::defaultProjectPath()));
        return 0;
    }
    if (!args.error.isEmpty()) {
        bb::cli::printError(args.error);
        bb::cli::printError(QCoreApplication::translate("cli", "run `batchboard-cli --help` for usage"));
        return 2;
    }
    const QString project = args.project.isEmpty() ? bb::defaultProjectPath() : args.project;
    if (args.command == QLatin1StringView("validate"))
        return bb::cli::runValidate(args);
    if (args.command == QLatin1StringView("import"))
        return bb::cli::runImport(args, project);
    if (args.command == QLatin1StringView("import-report"))
        return bb::cli::runImportReport(args, project);
    if (args.command == QLatin1StringView("status"))
        return bb::cli::runStatus(args, project);
    if (args.command == QLatin1StringView("export"))
        return bb::cli::runExport(args, project);

    bb::cli::OnlineSession session(args, project);
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &session, [&session, notifier] {
            char byte;
            [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
            notifier->setEnabled(false);
            session.interrupt();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    QMetaObject::invokeMethod(&session, &bb::cli::OnlineSession::start, Qt::QueuedConnection);
    return app.exec();
}
