// Batchboard desktop app: the window, the engine and — without an API key — the built-in
// Gemini emulator (Sandbox mode), all in this process.

#include "appcontroller.h"
#include "appsettings.h"
#include "apptranslator.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Batchboard"));
    QApplication::setApplicationName(QStringLiteral("Batchboard"));
    QApplication::setApplicationVersion(QStringLiteral(BB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("batchboard"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/batchboard.svg")));

    bb::AppSettings settings;
    bb::installTranslators(settings.language());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Takes a folder of Gemini Batch API JSONL files to every result downloaded."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
        QCoreApplication::translate("main", "Run against the built-in emulator this time."));
    parser.addOption(sandbox);
    parser.addPositionalArgument(QStringLiteral("project"),
        QCoreApplication::translate("main", "Project file to open (created if missing)."),
        QStringLiteral("[project]"));
    parser.process(app);

    bb::AppController controller(&settings);
    controller.start(parser.positionalArguments().value(0), parser.isSet(sandbox));
    return app.exec();
}
