#include "offlinecommands.h"

#include "adoption.h"
#include "exporter.h"
#include "folderscanner.h"
#include "handoverreport.h"
#include "importtask.h"
#include "jsonlvalidator.h"
#include "projectimport.h"
#include "projectstore.h"
#include "statusreport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QLocale>

#include <cstdio>

namespace bb::cli {

void printError(const QString &message)
{
    std::fprintf(stderr, "batchboard-cli: %s\n", qUtf8Printable(message));
    std::fflush(stderr);
}

void printOut(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

QString describe(const StoreError &error, const QString &path)
{
    using C = StoreError::Code;
    switch (error.code) {
    case C::None:
        return {};
    case C::Locked:
        return QCoreApplication::translate("cli",
            "%1 is open for writing in another program: %2. Close it there, or "
            "use a command that only reads (status, export).")
            .arg(path, error.detail);
    case C::NewerSchema:
        return QCoreApplication::translate("cli",
            "%1 was written by a newer Batchboard (schema %2); update Batchboard "
            "to open it. The file was not changed.")
            .arg(path, error.detail);
    case C::NotAProject:
        return QCoreApplication::translate(
            "cli", "%1 is not a Batchboard project (%2). The file was not changed.")
            .arg(path, error.detail);
    case C::Corrupt:
        return QCoreApplication::translate("cli", "%1 is damaged (%2).").arg(path, error.detail);
    case C::Io:
        return QCoreApplication::translate("cli", "cannot use %1: %2").arg(path, error.detail);
    case C::Constraint:
    case C::NotOpen:
        return QCoreApplication::translate("cli", "%1: %2").arg(path, error.detail);
    }
    return error.detail;
}

namespace {

// Scans and validates in import order, reporting keys repeated across files. Blocking: the CLI
// has no event loop to keep responsive.
QList<ValidationResult> validateAll(const QStringList &paths, bool recursive, bool verbose, int *invalid,
    QStringList *trackingFiles = nullptr)
{
    FolderScanner::Options options;
    options.recursive = recursive;
    options.trackingFiles = trackingFiles != nullptr;
    const FolderScan scan = FolderScanner::scan(paths, options);
    if (trackingFiles)
        *trackingFiles = scan.trackingFiles;
    int quietlySkipped = 0;
    for (const IgnoredPath &ignored : scan.ignored) {
        // Name what the user named; other files of a folder are only counted.
        if (verbose && paths.contains(ignored.path))
            printError(
                QCoreApplication::translate("cli", "%1: skipped (%2)").arg(ignored.path, ignored.reason));
        else
            ++quietlySkipped;
    }
    if (verbose && quietlySkipped > 0)
        printError(
            QCoreApplication::translate("cli", "%1 other files skipped (not .jsonl)").arg(quietlySkipped));
    if (scan.files.isEmpty() && scan.trackingFiles.isEmpty())
        printError(QCoreApplication::translate("cli", "no .jsonl files found in %1")
                       .arg(paths.join(QStringLiteral(", "))));
    QStringList files;
    for (const ScannedFile &file : scan.files)
        files.append(file.path);
    // Files in parallel on worker threads, keys repeated across files reported, in file order.
    const QList<ValidationResult> results = validateFiles(files);
    *invalid = scan.files.isEmpty() && scan.trackingFiles.isEmpty() ? 1 : 0;
    for (const ValidationResult &result : results) {
        if (!result.ok())
            ++*invalid;
        for (const QString &message : result.messages())
            printError(message);
        if (result.errorCount > result.errors.size())
            printError(QCoreApplication::translate("cli", "%1: %2 more problems not shown")
                           .arg(result.path)
                           .arg(result.errorCount - result.errors.size()));
    }
    return results;
}

struct TrackingFileRead
{
    Handover handover;
    QString error;
};

TrackingFileRead readTrackingFile(const QString &path)
{
    TrackingFileRead read;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        read.error = QStringLiteral("%1: %2").arg(path, file.errorString());
    else if (file.size() > 64 * 1024 * 1024)
        read.error = QCoreApplication::translate("cli", "%1 is too large to be a hand-over report").arg(path);
    else
        read.handover = parseHandover(file.readAll());
    return read;
}

void printAdoption(const QString &path, const AdoptionSummary &summary)
{
    for (const QString &problem : summary.problems)
        printError(QStringLiteral("%1: %2").arg(path, problem));
    for (const QString &note : summary.notes)
        printOut(QStringLiteral("%1: %2\n").arg(path, note));
}

} // namespace

int runValidate(const Arguments &args)
{
    if (args.positional.isEmpty()) {
        printError(QCoreApplication::translate("cli", "validate needs at least one file or folder"));
        return 2;
    }
    int invalid = 0;
    const QList<ValidationResult> results = validateAll(args.positional, args.recursive, true, &invalid);
    const QLocale c = QLocale::c();
    qint64 requests = 0;
    qint64 bytes = 0;
    for (const ValidationResult &r : results) {
        requests += r.requestCount;
        bytes += r.size;
        printOut(QStringLiteral("%1\t%2\t%3 requests\t%4 bytes\t~%5 tokens\tsha256 %6\n")
                     .arg(r.ok() ? QStringLiteral("ok") : QStringLiteral("INVALID"), r.path)
                     .arg(r.requestCount)
                     .arg(r.size)
                     .arg(r.tokenEstimate)
                     .arg(r.sha256.isEmpty() ? QStringLiteral("-") : r.sha256));
    }
    printOut(QCoreApplication::translate("cli", "%1 files, %2 requests, %3 bytes, %4 invalid\n")
                 .arg(results.size())
                 .arg(c.toString(requests), c.toString(bytes))
                 .arg(invalid));
    return invalid == 0 ? 0 : 1;
}

int runImport(const Arguments &args, const QString &projectPath)
{
    if (args.positional.isEmpty()) {
        printError(QCoreApplication::translate("cli", "import needs at least one file or folder"));
        return 2;
    }
    ProjectStore store;
    if (StoreError error = store.open(projectPath)) {
        printError(describe(error, projectPath));
        return 2;
    }
    int invalid = 0;
    QStringList trackingFiles;
    const QList<ValidationResult> results
        = validateAll(args.positional, args.recursive, true, &invalid, &trackingFiles);
    const ImportOutcome outcome = importValidated(store, results);
    if (outcome.error) {
        printError(describe(outcome.error, projectPath));
        return 2;
    }
    for (const QString &rejected : outcome.rejected)
        printError(rejected);
    for (const QString &note : importNotes(outcome))
        printOut(note + u'\n');
    printOut(QCoreApplication::translate("cli", "%1 added, %2 unchanged, %3 updated, %4 rejected\n")
                 .arg(outcome.added)
                 .arg(outcome.unchanged)
                 .arg(outcome.updated)
                 .arg(outcome.rejected.size()));
    const AdoptionSummary &earlier = outcome.adoptedFromEarlierReports;
    printAdoption(QCoreApplication::translate("cli", "tracking files read earlier"), earlier);
    if (earlier.jobsAdopted + earlier.filesAdopted > 0)
        printOut(QCoreApplication::translate("cli", "tracking files read earlier: %1\n")
                     .arg(describeAdoption(earlier)));
    // Tracking files the scripts wrote beside the batch files: adopted in the same step.
    for (const QString &path : std::as_const(trackingFiles)) {
        const TrackingFileRead read = readTrackingFile(path);
        if (!read.error.isEmpty()) {
            printError(read.error);
            continue;
        }
        if (read.handover.isEmpty())
            continue; // a .json or .md file that is not a tracking file
        const AdoptionSummary summary = adoptHandover(store, read.handover, path);
        if (summary.error) {
            printError(describe(summary.error, projectPath));
            return 2;
        }
        printAdoption(path, summary);
        printOut(QStringLiteral("%1: %2\n").arg(path, describeAdoption(summary)));
    }
    return outcome.rejected.isEmpty() && invalid == 0 ? 0 : 1;
}

int runImportReport(const Arguments &args, const QString &projectPath)
{
    if (args.positional.size() != 1) {
        printError(QCoreApplication::translate("cli", "import-report needs exactly one report file"));
        return 2;
    }
    const QString path = args.positional.first();
    const TrackingFileRead read = readTrackingFile(path);
    if (!read.error.isEmpty()) {
        printError(read.error);
        return 2;
    }
    const Handover &handover = read.handover;
    if (handover.describesLocalFilesOnly()) {
        printOut(QCoreApplication::translate(
            "cli", "%1: lists %2 local files and nothing on the server; nothing to adopt\n")
                     .arg(path)
                     .arg(handover.localPaths.size()));
        return 0;
    }
    if (handover.isEmpty() && handover.warnings.isEmpty()) {
        printError(QCoreApplication::translate(
            "cli", "%1: no batch, job or uploaded file found in this report; nothing was adopted")
                       .arg(path));
        return 1;
    }
    ProjectStore store;
    if (StoreError error = store.open(projectPath)) {
        printError(describe(error, projectPath));
        return 2;
    }
    const AdoptionSummary summary = adoptHandover(store, handover, path);
    if (summary.error) {
        printError(describe(summary.error, projectPath));
        return 2;
    }
    printAdoption(path, summary);
    printOut(QCoreApplication::translate("cli",
        "%1 jobs and %2 uploaded files adopted, %3 already known, %4 pending "
        "batches listed; Resume verifies them with the server\n")
                 .arg(summary.jobsAdopted)
                 .arg(summary.filesAdopted)
                 .arg(summary.alreadyKnown)
                 .arg(handover.pendingBatchNumbers.size()));
    return handover.isEmpty() ? 1 : 0;
}

int runStatus(const Arguments &args, const QString &projectPath)
{
    ProjectStore store;
    if (StoreError error = store.open(projectPath, ProjectStore::Mode::ReadOnly)) {
        printError(describe(error, projectPath));
        return 2;
    }
    const QList<BatchRecord> batches = store.batches();
    const auto outcomes = store.outcomeCounts();
    const CostEstimator cost = projectCostEstimator(store, batches);
    const CostReport report = costReport(store, batches);
    if (args.json)
        printOut(QString::fromUtf8(
            QJsonDocument(statusJson(batches, outcomes, cost, report)).toJson(QJsonDocument::Indented)));
    else
        printOut(statusText(batches, outcomes, cost, report));
    return 0;
}

int runExport(const Arguments &args, const QString &projectPath)
{
    if (args.out.isEmpty()) {
        printError(QCoreApplication::translate("cli", "export needs --out FILE"));
        return 2;
    }
    ProjectStore store;
    if (StoreError error = store.open(projectPath, ProjectStore::Mode::ReadOnly)) {
        printError(describe(error, projectPath));
        return 2;
    }
    const ExportSummary summary = exportResults(store, args.out);
    if (!summary.error.isEmpty()) {
        printError(QCoreApplication::translate("cli", "export failed, %1 was not written: %2")
                       .arg(args.out, summary.error));
        return 2;
    }
    printOut(QCoreApplication::translate("cli",
        "%1 lines written to %2: %3 succeeded, %4 failed, %5 blocked, %6 "
        "without a result\n")
                 .arg(summary.lines)
                 .arg(args.out)
                 .arg(summary.succeeded)
                 .arg(summary.failed)
                 .arg(summary.blocked)
                 .arg(summary.missing));
    printOut(costSummaryText(costReport(store, store.batches())));
    return 0;
}

} // namespace bb::cli
