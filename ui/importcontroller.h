#pragma once

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <atomic>
#include <memory>

class QWidget;

namespace bb {

class ImportTask;
class ImportWriter;
struct StoreError;
class ProjectSession;
struct FolderScan;
struct ValidationResult;

// Takes what the user drops or picks: folders and .jsonl files are scanned and validated on
// worker threads (with progress, cancellable) and added to the project; a markdown submission
// report or a JSON progress file is adopted. Problems are explained in a dialog listing
// `file:line: reason`. The GUI thread writes each file into the store as soon as it is validated
// (in file order), one file per transaction in slices of a few milliseconds between event-loop
// turns, so millions of keys neither freeze the window nor pile up in memory. Cancelling or a
// store error stops both; files written before that stay in the project, each one complete.
class ImportController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportController)

public:
    explicit ImportController(QWidget *dialogParent, QObject *parent = nullptr);
    ~ImportController() override;

    void setSession(ProjectSession *session);
    // Whether a dropped path is something we can take (folder, .jsonl, .md, .markdown, .json).
    static bool accepts(const QString &path);
    static bool isHandover(const QString &path);

    // Starts the import; false (and nothing happens) while another one runs or no project is open.
    bool importPaths(const QStringList &paths);
    bool isBusy() const { return m_busy; }
    void cancel();

    // The last import's problems (as listed in the dialog) and counts, for the status bar and tests.
    QStringList lastProblems() const { return m_problems; }
    int lastAdded() const { return m_added; }
    void setShowDialogs(bool show) { m_showDialogs = show; }

signals:
    void busyChanged(bool busy);
    void progress(qint64 done, qint64 total);
    void finished(const QString &summary);

private:
    void setBusy(bool busy);
    void nextStep();
    void scanned(const FolderScan &scan);
    void fileValidated(qsizetype index, const ValidationResult &result);
    void validated(bool cancelled);
    void showProgress(qint64 done, qint64 total);
    void queueWrite();
    void writeSome();
    void written(const StoreError &error, bool cancelled);
    void adoptNext();
    void report(const QString &title, const QString &summary);

    QWidget *m_dialogParent;
    QPointer<ProjectSession> m_session;
    std::unique_ptr<ImportTask> m_task;
    std::unique_ptr<ImportWriter> m_writer;
    QStringList m_invalidPaths; // of the files being written
    qint64 m_writeBytes = 0;
    qint64 m_progressDone = 0;
    int m_fileCount = 0;
    bool m_validating = false; // files may still arrive for the writer
    bool m_writeQueued = false;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QStringList m_jsonlPaths;
    QStringList m_handovers;
    QSet<QString> m_foundHandovers; // found in a dropped folder (not dropped themselves)
    QStringList m_problems;
    QStringList m_summaries;
    int m_added = 0;
    bool m_busy = false;
    bool m_showDialogs = true;
};

} // namespace bb
