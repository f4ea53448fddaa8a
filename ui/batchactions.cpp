#include "batchactions.h"

#include "projectsession.h"

#include "uiresources.h"

#include <QAbstractButton>
#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QGuiApplication>
#include <QMenu>
#include <QMessageBox>
#include <QUrl>
#include <QWidget>

namespace bb {
namespace {

bool canUpload(const BatchRecord &r)
{
    return !r.hasJob() && (r.state == BatchState::NotUploaded || r.state == BatchState::FileExpired);
}
bool canCreate(const BatchRecord &r)
{
    return !r.hasJob() && r.state == BatchState::Uploaded;
}
bool canRetry(const BatchRecord &r)
{
    return needsAttention(r.state) || r.waitReason == WaitReason::Held
        || r.waitReason == WaitReason::NeedsUser || r.waitReason == WaitReason::Backoff
        || (!r.lastError.isEmpty() && !isFinal(r.state));
}
bool canCancel(const BatchRecord &r)
{
    if (r.state == BatchState::JobPending || r.state == BatchState::JobRunning)
        return true; // cancels the job on the server
    return !r.hasJob() && !isFinal(r.state) && r.waitReason != WaitReason::Held; // holds it
}
bool canReupload(const BatchRecord &r)
{
    return !r.hasJob() && (r.state == BatchState::Uploaded || r.state == BatchState::FileExpired);
}
bool canDeleteRemote(const BatchRecord &r)
{
    return r.hasRemoteFile() && !occupiesJobSlot(r.state) && r.state != BatchState::Uploading;
}
bool canDownload(const BatchRecord &r)
{
    return !r.resultsFileName.isEmpty()
        && (r.state == BatchState::JobSucceeded || r.state == BatchState::Downloaded);
}
bool awaitsDownload(const BatchRecord &r)
{
    return canDownload(r) && r.state == BatchState::JobSucceeded;
}
bool hasJobName(const BatchRecord &r)
{
    return r.hasJob();
}
bool hasFileUri(const BatchRecord &r)
{
    return !r.remoteFileUri.isEmpty();
}
bool canResubmit(const BatchRecord &r)
{
    return r.parentId == 0 && r.state == BatchState::Downloaded && r.failedCount > 0;
}

} // namespace

BatchActions::BatchActions(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_context(new QMenu(window))
{
    initUiResources();
    addFolder = make(tr("&Add folder…"), QStringLiteral("add-folder"), QKeySequence(tr("Ctrl+O")),
        tr("Add a folder of .jsonl request files (or drop it on the window)"));
    resume = make(tr("&Resume"), QStringLiteral("resume"), QKeySequence(tr("Ctrl+R")),
        tr("Check with the server, then upload, create jobs, wait out quotas and download until done"));
    pause = make(tr("&Pause"), QStringLiteral("pause"), QKeySequence(tr("Ctrl+P")),
        tr("Start nothing new; running uploads finish their chunk and everything stays resumable"));
    cancelSelected = make(tr("&Cancel selected"), QStringLiteral("cancel"), QKeySequence::Delete,
        tr("Cancel the selected batches' jobs on the server, or hold batches that have no job yet"));
    cancelAll = make(tr("Cancel &all…"), QStringLiteral("cancel-all"), QKeySequence(tr("Ctrl+Shift+Del")),
        tr("Cancel every running job and hold every batch not yet submitted"));
    download = make(tr("&Download results"), QStringLiteral("download"), QKeySequence(tr("Ctrl+D")),
        tr("Download the results of the selected batches (or of every finished job if none is selected)"));
    exportResults = make(tr("&Export…"), QStringLiteral("export"), QKeySequence(tr("Ctrl+E")),
        tr("Write one JSONL with a line per request, in input order"));
    settings = make(tr("&Settings…"), QStringLiteral("settings"), QKeySequence(tr("Ctrl+,")),
        tr("API key, model, quota limits, notifications and language"));
    settings->setMenuRole(QAction::PreferencesRole);

    uploadNow = make(tr("&Upload now"), QStringLiteral("upload"), QKeySequence(tr("Ctrl+U")),
        tr("Upload the selected files now, ahead of the queue"));
    createNow = make(tr("Create &job now"), QStringLiteral("create"), QKeySequence(tr("Ctrl+J")),
        tr("Create the selected batches' jobs now, ahead of the queue"));
    retry = make(tr("Re&try"), QStringLiteral("retry"), QKeySequence(tr("Ctrl+T")),
        tr("Try failed, cancelled, expired or held batches again (a new job replaces an ended one)"));
    reupload = make(tr("Re-&upload"), QStringLiteral("reupload"), QKeySequence(tr("Ctrl+Shift+U")),
        tr("Replace the uploaded file with a fresh upload (for a file close to expiry)"));
    deleteRemoteFile = make(tr("&Delete remote file"), QStringLiteral("delete"),
        QKeySequence(tr("Shift+Del")), tr("Delete the uploaded input file from the server to free storage"));
    openResultsFolder = make(tr("&Open results folder"), QStringLiteral("folder"),
        QKeySequence(tr("Ctrl+Shift+O")), tr("Show the downloaded results in the file manager"));
    copyJobName = make(tr("Copy job &name"), QStringLiteral("copy"), QKeySequence(tr("Ctrl+Shift+C")),
        tr("Copy the selected batches' job names (batches/…)"));
    copyFileUri = make(tr("Copy file U&RI"), QStringLiteral("copy"), QKeySequence(tr("Ctrl+Alt+C")),
        tr("Copy the selected batches' uploaded file URIs"));
    resubmitFailed
        = make(tr("Re&submit failed keys"), QStringLiteral("resubmit"), QKeySequence(tr("Ctrl+Shift+S")),
            tr("Queue the failed and missing requests of the selected batches as new linked batches"));

    for (QAction *a : batchActions()) {
        if (a)
            m_context->addAction(a);
        else
            m_context->addSeparator();
    }

    connect(resume, &QAction::triggered, this, [this] {
        if (m_session) {
            m_session->resume();
            emit message(tr("Resumed: checking with the server, then continuing where things stopped"));
        }
    });
    connect(pause, &QAction::triggered, this, [this] {
        if (m_session) {
            m_session->pause();
            emit message(tr("Paused: nothing new starts; Resume continues"));
        }
    });
    connect(cancelSelected, &QAction::triggered, this, [this] {
        act(
            canCancel, [](ProjectSession *s, const QList<qint64> &ids) { s->engine()->cancelJobs(ids); },
            QT_TR_N_NOOP("Cancelling or holding %n batch(es)"));
    });
    connect(cancelAll, &QAction::triggered, this, &BatchActions::confirmCancelAll);
    connect(download, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        if (m_selection.isEmpty()) {
            QList<qint64> ids;
            const QList<BatchRecord> batches = m_session->batches();
            for (const BatchRecord &r : batches)
                if (awaitsDownload(r))
                    ids.append(r.id);
            m_session->engine()->downloadResults(ids);
            emit message(ids.isEmpty()
                    ? tr("No finished job is waiting for its results")
                    : tr("Downloading the results of %n batch(es)", nullptr, int(ids.size())));
            return;
        }
        act(
            canDownload,
            [](ProjectSession *s, const QList<qint64> &ids) { s->engine()->downloadResults(ids); },
            QT_TR_N_NOOP("Downloading the results of %n batch(es)"));
    });
    connect(uploadNow, &QAction::triggered, this, [this] {
        act(
            canUpload, [](ProjectSession *s, const QList<qint64> &ids) { s->engine()->uploadNow(ids); },
            QT_TR_N_NOOP("Uploading %n batch(es) now"));
    });
    connect(createNow, &QAction::triggered, this, [this] {
        act(
            canCreate, [](ProjectSession *s, const QList<qint64> &ids) { s->engine()->createNow(ids); },
            QT_TR_N_NOOP("Creating %n job(s) now"));
    });
    connect(retry, &QAction::triggered, this, [this] {
        act(
            canRetry, [](ProjectSession *s, const QList<qint64> &ids) { s->engine()->retry(ids); },
            QT_TR_N_NOOP("Trying %n batch(es) again"));
    });
    connect(reupload, &QAction::triggered, this, [this] {
        act(
            canReupload, [](ProjectSession *s, const QList<qint64> &ids) { s->engine()->reupload(ids); },
            QT_TR_N_NOOP("Uploading %n file(s) again"));
    });
    connect(deleteRemoteFile, &QAction::triggered, this, [this] {
        act(
            canDeleteRemote,
            [](ProjectSession *s, const QList<qint64> &ids) { s->engine()->deleteRemoteFiles(ids); },
            QT_TR_N_NOOP("Deleting %n remote file(s)"));
    });
    connect(resubmitFailed, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        const int queued = m_session->engine()->resubmitFailed(idsWhere(canResubmit));
        emit message(queued > 0 ? tr("%n resubmission(s) queued; Resume runs them", nullptr, queued)
                                : tr("None of the selected batches has failed keys to resubmit"));
    });
    connect(openResultsFolder, &QAction::triggered, this, [this] {
        if (!m_session)
            return;
        const QString dir = m_session->resultsDir();
        QDir().mkpath(dir);
        QDesktopServices::openUrl(QUrl::fromLocalFile(dir));
    });
    connect(copyJobName, &QAction::triggered, this, [this] { copyField(true); });
    connect(copyFileUri, &QAction::triggered, this, [this] { copyField(false); });
    updateEnabled();
}

QAction *BatchActions::make(
    const QString &text, const QString &icon, const QKeySequence &shortcut, const QString &tip)
{
    auto *action = new QAction(QIcon(QStringLiteral(":/icons/%1.svg").arg(icon)), text, this);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WindowShortcut);
    const QString keys = shortcut.toString(QKeySequence::NativeText);
    action->setToolTip(keys.isEmpty() ? tip : tr("%1 (%2)").arg(tip, keys));
    action->setStatusTip(tip);
    return action;
}

QList<QAction *> BatchActions::toolbarActions() const
{
    return { addFolder, nullptr, resume, pause, cancelSelected, nullptr, download, exportResults, nullptr,
        settings };
}

QList<QAction *> BatchActions::batchActions() const
{
    return { uploadNow, createNow, retry, cancelSelected, nullptr, reupload, deleteRemoteFile, nullptr,
        download, openResultsFolder, resubmitFailed, nullptr, copyJobName, copyFileUri };
}

void BatchActions::setSession(ProjectSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_selection.clear();
    if (session) {
        connect(session, &ProjectSession::statusChanged, this, &BatchActions::updateEnabled);
        connect(session, &ProjectSession::batchChanged, this, [this](qint64 id) {
            if (m_selection.contains(id))
                updateEnabled();
        });
    }
    updateEnabled();
}

void BatchActions::setSelection(const QList<qint64> &ids)
{
    m_selection = ids;
    updateEnabled();
}

QList<BatchRecord> BatchActions::selectedRecords() const
{
    QList<BatchRecord> records;
    if (!m_session)
        return records;
    for (qint64 id : m_selection) {
        if (const BatchRecord *r = m_session->batch(id))
            records.append(*r);
    }
    return records;
}

QList<qint64> BatchActions::idsWhere(bool (*predicate)(const BatchRecord &)) const
{
    QList<qint64> ids;
    for (const BatchRecord &r : selectedRecords()) {
        if (predicate(r))
            ids.append(r.id);
    }
    return ids;
}

void BatchActions::act(bool (*predicate)(const BatchRecord &),
    void (*run)(ProjectSession *, const QList<qint64> &), const char *done)
{
    if (!m_session)
        return;
    const QList<qint64> ids = idsWhere(predicate);
    if (ids.isEmpty()) {
        emit message(tr("This does not apply to any of the selected batches"));
        return;
    }
    run(m_session, ids);
    QString text = tr(done, nullptr, int(ids.size()));
    if (ids.size() < m_selection.size())
        text = tr("%1 (%2 of the selected batches did not apply)")
                   .arg(text)
                   .arg(m_selection.size() - ids.size());
    emit message(text);
    updateEnabled();
}

void BatchActions::confirmCancelAll()
{
    if (!m_session)
        return;
    QList<qint64> ids;
    const QList<BatchRecord> batches = m_session->batches();
    for (const BatchRecord &r : batches)
        if (canCancel(r))
            ids.append(r.id);
    if (ids.isEmpty()) {
        emit message(tr("Nothing to cancel"));
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cancel all batches?"),
        tr("Cancel %n batch(es)? Jobs on the server are cancelled (requests they already "
           "finished are kept); batches without a job are held until you retry them.",
            nullptr, int(ids.size())),
        QMessageBox::NoButton, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->addButton(tr("Cancel all"), QMessageBox::DestructiveRole);
    box->setDefaultButton(box->addButton(tr("Keep running"), QMessageBox::RejectRole));
    connect(box, &QMessageBox::buttonClicked, this, [this, box, ids](QAbstractButton *button) {
        if (box->buttonRole(button) != QMessageBox::DestructiveRole || !m_session)
            return;
        m_session->engine()->cancelJobs(ids);
        emit message(tr("Cancelling or holding %n batch(es)", nullptr, int(ids.size())));
    });
    box->open();
}

void BatchActions::copyField(bool jobName)
{
    QStringList values;
    for (const BatchRecord &r : selectedRecords()) {
        const QString value = jobName ? r.jobName : r.remoteFileUri;
        if (!value.isEmpty())
            values.append(value);
    }
    if (values.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(values.join(u'\n'));
    emit message(jobName ? tr("Copied %n job name(s)", nullptr, int(values.size()))
                         : tr("Copied %n file URI(s)", nullptr, int(values.size())));
}

void BatchActions::updateEnabled()
{
    const bool open = m_session != nullptr;
    const bool running = open && m_session->isRunning();
    addFolder->setEnabled(open);
    resume->setEnabled(open);
    pause->setEnabled(running);
    exportResults->setEnabled(open);
    cancelAll->setEnabled(open);
    openResultsFolder->setEnabled(open);
    const QList<BatchRecord> records = selectedRecords();
    auto any = [&records](bool (*predicate)(const BatchRecord &)) {
        return std::any_of(records.cbegin(), records.cend(), predicate);
    };
    cancelSelected->setEnabled(any(canCancel));
    download->setEnabled(open && (records.isEmpty() || any(canDownload)));
    uploadNow->setEnabled(any(canUpload));
    createNow->setEnabled(any(canCreate));
    retry->setEnabled(any(canRetry));
    reupload->setEnabled(any(canReupload));
    deleteRemoteFile->setEnabled(any(canDeleteRemote));
    copyJobName->setEnabled(any(hasJobName));
    copyFileUri->setEnabled(any(hasFileUri));
    resubmitFailed->setEnabled(any(canResubmit));
}

} // namespace bb
