#include "importcontroller.h"

#include "adoption.h"
#include "folderscanner.h"
#include "handoverreport.h"
#include "importtask.h"
#include "problemlistdialog.h"
#include "projectimport.h"
#include "projectsession.h"
#include "projectstore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace bb {
namespace {

constexpr qint64 kMaxHandoverBytes = 64 * 1024 * 1024;
// How long one turn of writing validated files into the project may go on starting another file.
// A 2 MB file of ~1000 keys is 5-15 ms of SQL, so in practice one file per event-loop turn: with
// 8 ms, turns of two or three files made the 4 GiB import's p99 event-loop stall ~45 ms (26 ms now);
// many small files still share a turn.
constexpr qint64 kWriteSliceMs = 1;

struct HandoverRead
{
    Handover handover;
    QString error;
};

HandoverRead readHandover(const QString &path)
{
    HandoverRead out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = file.errorString();
        return out;
    }
    if (file.size() > kMaxHandoverBytes) {
        out.error = QStringLiteral("too large to be a hand-over report");
        return out;
    }
    out.handover = parseHandover(file.readAll());
    return out;
}

} // namespace

ImportController::ImportController(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{
}

ImportController::~ImportController()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ImportController::setSession(ProjectSession *session)
{
    cancel();
    m_session = session;
}

bool ImportController::isHandover(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return QFileInfo(path).isFile()
        && (suffix == QLatin1StringView("md") || suffix == QLatin1StringView("markdown")
            || suffix == QLatin1StringView("json"));
}

bool ImportController::accepts(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return true;
    return info.isFile()
        && (info.suffix().compare(QLatin1StringView("jsonl"), Qt::CaseInsensitive) == 0 || isHandover(path));
}

bool ImportController::importPaths(const QStringList &paths)
{
    if (m_busy || !m_session || !m_session->store()->isWritable())
        return false;
    m_jsonlPaths.clear();
    m_handovers.clear();
    m_foundHandovers.clear();
    m_problems.clear();
    m_summaries.clear();
    m_added = 0;
    for (const QString &path : paths) {
        if (isHandover(path))
            m_handovers.append(path);
        else if (accepts(path))
            m_jsonlPaths.append(path);
        else
            m_problems.append(tr("%1: not a folder, .jsonl file or hand-over report").arg(path));
    }
    setBusy(true);
    m_cancel = std::make_shared<std::atomic_bool>(false);
    nextStep();
    return true;
}

void ImportController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_task)
        m_task->cancel();
}

void ImportController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void ImportController::nextStep()
{
    if (!m_jsonlPaths.isEmpty()) {
        const QStringList paths = m_jsonlPaths;
        m_jsonlPaths.clear();
        // Listing a folder can take a while on a network drive: off the GUI thread too.
        auto *watcher = new QFutureWatcher<FolderScan>(this);
        connect(watcher, &QFutureWatcher<FolderScan>::finished, this, [this, watcher] {
            watcher->deleteLater();
            scanned(watcher->result());
        });
        // A dropped parent folder holds the batch folder and the tracking files beside it.
        watcher->setFuture(QtConcurrent::run([paths] {
            FolderScanner::Options options;
            options.recursive = true;
            options.trackingFiles = true;
            return FolderScanner::scan(paths, options);
        }));
        return;
    }
    if (!m_handovers.isEmpty()) {
        adoptNext();
        return;
    }
    QString summary = m_summaries.join(QStringLiteral(" · "));
    if (summary.isEmpty())
        summary = tr("Nothing was imported");
    if (!m_problems.isEmpty())
        report(tr("Import problems"),
            tr("%1. These files or lines could not be used; fix them and drop them again:").arg(summary));
    setBusy(false);
    emit finished(summary);
}

void ImportController::scanned(const FolderScan &scan)
{
    if (m_cancel->load() || !m_session) {
        m_summaries.append(tr("Import cancelled"));
        nextStep();
        return;
    }
    for (const QString &path : scan.trackingFiles) {
        if (!m_handovers.contains(path)) {
            m_handovers.append(path);
            m_foundHandovers.insert(path);
        }
    }
    if (scan.files.isEmpty() && !scan.trackingFiles.isEmpty()) {
        nextStep();
        return;
    }
    if (scan.files.isEmpty()) {
        m_problems.append(tr("No .jsonl files were found there."));
        for (const IgnoredPath &ignored : scan.ignored)
            m_problems.append(tr("%1: skipped (%2)").arg(ignored.path, ignored.reason));
        nextStep();
        return;
    }
    QStringList files;
    for (const ScannedFile &file : scan.files)
        files.append(file.path);
    m_invalidPaths.clear();
    m_fileCount = int(files.size());
    m_writeBytes = scan.totalBytes();
    m_progressDone = 0;
    m_validating = true;
    m_writeQueued = false;
    // Each file is written as soon as it is validated (in file order), so only the files between
    // the validators and the writer hold their keys, never the whole folder's. Keys shared with an
    // earlier file are refused by the writer against the project's ledger, which holds every
    // earlier file of this import by then.
    m_writer = std::make_unique<ImportWriter>(
        *m_session->store(), QList<ValidationResult>(), m_session->batches());
    m_task = std::make_unique<ImportTask>();
    ImportOptions options;
    options.crossFileDuplicates = false;
    options.keepResults = false;
    options.lowPriority = true;
    // Writing (~10 ms of SQL per 2 MB file here) is slower than validating: without a bound,
    // half a 4 GiB folder's keys waited in the queue (~60 MiB peak).
    options.maxAhead = 8;
    m_task->setOptions(options);
    connect(m_task.get(), &ImportTask::progress, this, &ImportController::showProgress);
    connect(m_task.get(), &ImportTask::fileValidated, this, &ImportController::fileValidated);
    connect(m_task.get(), &ImportTask::finished, this, &ImportController::validated);
    emit progress(0, m_writeBytes);
    m_task->start(files);
}

void ImportController::fileValidated(qsizetype, const ValidationResult &result)
{
    if (!m_writer)
        return;
    if (!result.ok() && !result.cancelled) {
        m_invalidPaths.append(result.path);
        m_problems.append(result.messages());
        if (result.errorCount > result.errors.size())
            m_problems.append(
                tr("%1: %n more problem(s) not shown", nullptr, int(result.errorCount - result.errors.size()))
                    .arg(result.path));
    }
    m_writer->append(result);
    queueWrite();
}

void ImportController::validated(bool cancelled)
{
    m_validating = false;
    if (m_task)
        m_task.release()->deleteLater(); // we are inside its signal
    if (cancelled && m_cancel)
        m_cancel->store(true);
    queueWrite();
}

void ImportController::showProgress(qint64 done, qint64 total)
{
    // Validation runs ahead of writing; the bar follows whichever is further, never going back.
    m_progressDone = std::max(m_progressDone, done);
    emit progress(m_progressDone, total);
}

void ImportController::queueWrite()
{
    if (m_writeQueued || !m_writer)
        return;
    m_writeQueued = true;
    QTimer::singleShot(0, this, &ImportController::writeSome);
}

void ImportController::writeSome()
{
    m_writeQueued = false;
    if (!m_writer)
        return;
    if (m_cancel->load() || !m_session) {
        written(StoreError::none(), true);
        return;
    }
    QElapsedTimer slice;
    slice.start();
    while (!m_writer->atEnd() && slice.elapsed() < kWriteSliceMs) {
        if (const StoreError error = m_writer->writeNext()) {
            written(error, false);
            return;
        }
    }
    if (m_task)
        m_task->setConsumed(m_writer->done());
    if (m_writer->atEnd() && !m_validating) {
        written(StoreError::none(), false);
        return;
    }
    if (!m_validating)
        showProgress(m_writer->bytesDone(), m_writeBytes);
    if (!m_writer->atEnd())
        queueWrite();
}

void ImportController::written(const StoreError &error, bool cancelled)
{
    const ImportOutcome outcome = m_writer->outcome();
    m_writer.reset();
    if (m_task) { // the writer stopped first (a store error, or cancelled): stop validating too
        m_task->cancel();
        disconnect(m_task.get(), nullptr, this, nullptr);
        m_task.release()->deleteLater(); // its destructor waits for the block each worker is on
        m_validating = false;
    }
    if (error && m_session) {
        m_problems.append(describeStoreError(error, m_session->projectPath()));
    } else {
        for (const QString &rejected : outcome.rejected) {
            const bool alreadyListed = std::any_of(m_invalidPaths.cbegin(), m_invalidPaths.cend(),
                [&rejected](const QString &p) { return rejected.startsWith(p + QLatin1StringView(": ")); });
            if (!alreadyListed)
                m_problems.append(rejected);
        }
    }
    if (cancelled)
        m_summaries.append(tr("Import cancelled"));
    m_added += outcome.added;
    const int notTaken = m_fileCount - outcome.added - outcome.unchanged - outcome.updated;
    QString summary = tr("%n file(s) added", nullptr, outcome.added);
    if (outcome.unchanged > 0)
        summary += tr(", %n already in the project", nullptr, outcome.unchanged);
    if (outcome.updated > 0)
        summary += tr(", %n updated", nullptr, outcome.updated);
    if (notTaken > 0)
        summary += tr(", %n not imported", nullptr, notTaken);
    m_summaries.append(summary);
    m_summaries += importNotes(outcome);
    if (!error && m_session && outcome.added > 0) {
        // Tracking files read before these batches were imported.
        const AdoptionSummary remembered = adoptRememberedClaims(*m_session->store());
        if (remembered.error)
            m_problems.append(describeStoreError(remembered.error, m_session->projectPath()));
        else if (remembered.jobsAdopted + remembered.filesAdopted > 0)
            m_summaries.append(tr("from tracking files read earlier: %1").arg(describeAdoption(remembered)));
        m_problems += remembered.problems;
    }
    nextStep();
}

void ImportController::adoptNext()
{
    const QString path = m_handovers.takeFirst();
    auto *watcher = new QFutureWatcher<HandoverRead>(this);
    connect(watcher, &QFutureWatcher<HandoverRead>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const HandoverRead read = watcher->result();
        if (!m_session) {
            nextStep();
            return;
        }
        if (!read.error.isEmpty()) {
            m_problems.append(tr("%1: %2").arg(path, read.error));
            nextStep();
            return;
        }
        const Handover &handover = read.handover;
        const bool found = m_foundHandovers.remove(path);
        if (found && handover.isEmpty()) {
            nextStep(); // a .json or .md file in the folder that is not a tracking file
            return;
        }
        for (const HandoverWarning &w : handover.warnings)
            m_problems.append(tr("%1:%2: %3").arg(path).arg(w.line).arg(w.reason));
        if (handover.isEmpty()) {
            m_problems.append(tr("%1: no batch jobs or uploads found in this report").arg(path));
            nextStep();
            return;
        }
        const AdoptionSummary summary = adoptHandover(*m_session->store(), handover, path);
        if (summary.error) {
            m_problems.append(describeStoreError(summary.error, m_session->projectPath()));
        } else {
            for (const QString &problem : summary.problems)
                m_problems.append(tr("%1: %2").arg(path, problem));
            for (const QString &note : summary.notes)
                m_summaries.append(tr("%1: %2").arg(QFileInfo(path).fileName(), note));
            m_summaries.append(
                tr("%1: %n job(s) and %2 upload(s) adopted, %3 already known", nullptr, summary.jobsAdopted)
                    .arg(QFileInfo(path).fileName())
                    .arg(summary.filesAdopted)
                    .arg(summary.alreadyKnown));
        }
        nextStep();
    });
    watcher->setFuture(QtConcurrent::run(readHandover, path));
}

void ImportController::report(const QString &title, const QString &summary)
{
    if (!m_showDialogs)
        return;
    auto *dialog = new ProblemListDialog(title, summary, m_problems, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace bb
