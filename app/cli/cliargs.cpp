#include "cliargs.h"

#include <QCoreApplication>

namespace bb::cli {

QStringList commands()
{
    return { QStringLiteral("import"), QStringLiteral("import-report"), QStringLiteral("validate"),
        QStringLiteral("status"), QStringLiteral("resume"), QStringLiteral("export"),
        QStringLiteral("cancel"), QStringLiteral("cleanup") };
}

Arguments parseArguments(const QStringList &arguments)
{
    Arguments a;
    auto takeValue = [&](qsizetype &i, const QString &name, QString &target) {
        const QString &arg = arguments[i];
        const qsizetype eq = arg.indexOf(u'=');
        if (eq > 0) {
            target = arg.mid(eq + 1);
        } else if (i + 1 < arguments.size()) {
            target = arguments[++i];
        } else {
            a.error = QCoreApplication::translate("cli", "%1 needs a value").arg(name);
            return;
        }
        if (target.isEmpty())
            a.error = QCoreApplication::translate("cli", "%1 needs a value").arg(name);
    };
    bool onlyPositional = false;
    for (qsizetype i = 0; i < arguments.size() && a.error.isEmpty(); ++i) {
        const QString &arg = arguments[i];
        const QString name = arg.section(u'=', 0, 0);
        if (onlyPositional || !arg.startsWith(u'-') || arg == QLatin1StringView("-")) {
            if (a.command.isEmpty())
                a.command = arg;
            else
                a.positional.append(arg);
        } else if (arg == QLatin1StringView("--")) {
            onlyPositional = true;
        } else if (name == QLatin1StringView("--project")) {
            takeValue(i, name, a.project);
        } else if (name == QLatin1StringView("--base-url")) {
            takeValue(i, name, a.baseUrl);
        } else if (name == QLatin1StringView("--model")) {
            takeValue(i, name, a.model);
        } else if (name == QLatin1StringView("--proxy")) {
            takeValue(i, name, a.proxy);
        } else if (name == QLatin1StringView("--spend-cap")) {
            takeValue(i, name, a.spendCap);
        } else if (name == QLatin1StringView("--out") || name == QLatin1StringView("-o")) {
            takeValue(i, name, a.out);
        } else if (arg == QLatin1StringView("--json")) {
            a.json = true;
        } else if (arg == QLatin1StringView("--until-done")) {
            a.untilDone = true;
        } else if (arg == QLatin1StringView("--continue-anyway")) {
            a.continueAnyway = true;
        } else if (name == QLatin1StringView("--canary-minutes")) {
            takeValue(i, name, a.canaryMinutes);
        } else if (arg == QLatin1StringView("--recursive") || arg == QLatin1StringView("-r")) {
            a.recursive = true;
        } else if (arg == QLatin1StringView("--help") || arg == QLatin1StringView("-h")) {
            a.help = true;
        } else if (arg == QLatin1StringView("--version") || arg == QLatin1StringView("-v")) {
            a.version = true;
        } else {
            a.error = QCoreApplication::translate("cli", "unknown option %1").arg(arg);
        }
    }
    if (a.error.isEmpty() && !a.help && !a.version) {
        if (a.command.isEmpty())
            a.error = QCoreApplication::translate("cli", "no command given");
        else if (!commands().contains(a.command))
            a.error = QCoreApplication::translate("cli", "unknown command %1").arg(a.command);
    }
    return a;
}

QString usage()
{
    return QCoreApplication::translate("cli",
        "Usage: batchboard-cli [options] COMMAND [ARGS...]\n"
        "\n"
        "Takes folders of Gemini Batch API JSONL files to every result downloaded.\n"
        "\n"
        "Commands:\n"
        "  import DIR|FILE...     add JSONL files (folders are scanned for *.jsonl) to the project\n"
        "  import-report FILE     adopt jobs and uploads from a markdown report or JSON progress file\n"
        "  validate PATH...       check JSONL files without a project; exit 1 if anything is invalid\n"
        "  status [--json]        show every batch and the totals\n"
        "  resume [--until-done]  upload, create jobs, poll and download; exit 0 when every batch is\n"
        "                         downloaded, 3 when blocked until a known time, 2 on a fatal error\n"
        "  export --out FILE      one line per input key, in input order: its response or its error\n"
        "  cancel [BATCH...]      cancel the jobs of the given batches (all when none given)\n"
        "  cleanup                delete remote files that are no longer needed\n"
        "\n"
        "Options (before or after the command):\n"
        "  --project FILE         the project file (default: %1)\n"
        "  --base-url URL         the API base URL (https; http only for loopback)\n"
        "  --model NAME           the model for new jobs, checked against the key's models (default:\n"
        "                         the newest stable Flash model the key offers, chosen on the first resume)\n"
        "  --proxy URL            the proxy for every request: http://[user:password@]host:port or\n"
        "                         socks5://host:port; none: connect directly; system: the\n"
        "                         https_proxy/http_proxy/all_proxy/no_proxy variables, else the\n"
        "                         desktop's proxy settings. Default: the desktop app's Settings ›\n"
        "                         Connection, else system. Loopback hosts never use a proxy\n"
        "  --spend-cap USD|none   with resume: store the project's spend cap (batch price) first;\n"
        "                         no job is created whose estimate would pass it\n"
        "  --canary-minutes N     with resume: the project's first job runs alone for up to N\n"
        "                         minutes (default 30; 0 = off), until it comes back answered\n"
        "  --continue-anyway      with resume: go on past a job whose lines mostly failed\n"
        "  -h, --help             show this help\n"
        "  -v, --version          show the version\n"
        "\n"
        "The API key comes from the GEMINI_API_KEY environment variable or the system keychain.\n");
}

} // namespace bb::cli
