#pragma once

#include <QPointer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QToolButton;

namespace bb {

class EventLogFilterProxy;
class ProjectSession;
struct BatchRecord;

// Everything about the selected batch: every field, the last error in full, its own event
// history, and copy buttons for the job name and the file URI.
class DetailPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailPanel)

public:
    explicit DetailPanel(QWidget *parent = nullptr);

    void setSession(ProjectSession *session);
    void showBatch(qint64 id); // 0 clears
    qint64 batchId() const { return m_id; }

private:
    // Left column first, then the right one (RemoteFile starts it).
    enum Field
    {
        Name,
        State,
        LocalFile,
        Requests,
        Size,
        Tokens,
        Sha256,
        NextAttempt,
        Attempts,
        Changed,
        RemoteFile,
        FileUri,
        Expires,
        Model,
        Job,
        Created,
        Ended,
        Outcomes,
        Results,
        Parent,
        FieldCount
    };

    void refresh();
    void setField(Field field, const QString &text);
    QToolButton *copyButton(const QString &accessibleName);
    void copy(const QString &text);

    QPointer<ProjectSession> m_session;
    qint64 m_id = 0;
    QLabel *m_title;
    QLineEdit *m_fields[FieldCount] = {};
    QToolButton *m_copyJob;
    QToolButton *m_copyUri;
    QPlainTextEdit *m_lastError;
    QTableView *m_history;
    EventLogFilterProxy *m_historyProxy;
};

} // namespace bb
