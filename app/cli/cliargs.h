#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace bb::cli {

// batchboard-cli [global options] COMMAND [command options] [ARGS...]; global options may also
// follow the command. Parsed by hand because QCommandLineParser has no notion of subcommands.
struct Arguments
{
    QString command;
    QStringList positional;
    QString project; // --project FILE
    QString baseUrl; // --base-url URL
    QString model; // --model NAME
    QString proxy; // --proxy URL|none|system (empty: the desktop app's choice, else the system's)
    QString out; // export --out FILE
    QString spendCap; // resume --spend-cap USD|none (empty = leave the project's cap as it is)
    bool json = false; // status --json
    bool untilDone = false; // resume --until-done
    bool continueAnyway = false; // resume --continue-anyway: past a failure alarm
    QString canaryMinutes; // resume --canary-minutes N (0 = off; empty = leave as it is)
    bool help = false;
    bool version = false;
    bool recursive = false; // import/validate --recursive
    QString error; // set when the command line is wrong
};

Arguments parseArguments(const QStringList &arguments); // arguments without the program name
QString usage();
QStringList commands();

} // namespace bb::cli
