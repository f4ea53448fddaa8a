#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QWidget;

namespace bb {

class ProjectSession;
struct BatchRecord;

// Every command of the window, with its shortcut, enabled state and what it does: the run
// commands of the toolbar and the per-batch commands of the context menu. Per-batch commands
// act on all selected batches they apply to and skip the rest.
class BatchActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchActions)

public:
    explicit BatchActions(QWidget *window, QObject *parent = nullptr);

    void setSession(ProjectSession *session);
    void setSelection(const QList<qint64> &ids);
    QList<qint64> selection() const { return m_selection; }
    void updateEnabled();

    QMenu *contextMenu() const { return m_context; }
    QList<QAction *> toolbarActions() const;
    QList<QAction *> batchActions() const;

    // Toolbar / Run
    QAction *addFolder;
    QAction *resume;
    QAction *pause;
    QAction *cancelSelected;
    QAction *cancelAll;
    QAction *download;
    QAction *exportResults;
    QAction *settings;
    // Context menu / Batch
    QAction *uploadNow;
    QAction *createNow;
    QAction *retry;
    QAction *reupload;
    QAction *deleteRemoteFile;
    QAction *openResultsFolder;
    QAction *copyJobName;
    QAction *copyFileUri;
    QAction *resubmitFailed;

signals:
    void message(const QString &text); // feedback for the status bar

private:
    QAction *make(const QString &text, const QString &icon, const QKeySequence &shortcut, const QString &tip);
    QList<BatchRecord> selectedRecords() const;
    QList<qint64> idsWhere(bool (*predicate)(const BatchRecord &)) const;
    void act(bool (*predicate)(const BatchRecord &), void (*run)(ProjectSession *, const QList<qint64> &),
        const char *done);
    void confirmCancelAll();
    void copyField(bool jobName);

    QWidget *m_window;
    QPointer<ProjectSession> m_session;
    QList<qint64> m_selection;
    QMenu *m_context;
};

} // namespace bb
