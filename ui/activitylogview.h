#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace bb {

class EventLogFilterProxy;
class EventLogModel;

// The project's activity log, newest first, filterable by batch (all, project-wide, or the
// batch selected in the table), by severity and by text.
class ActivityLogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActivityLogView)

public:
    enum BatchScope
    {
        AllBatches,
        ProjectOnly,
        SelectedBatch
    };

    explicit ActivityLogView(QWidget *parent = nullptr);

    void setModel(EventLogModel *model);
    void setSelectedBatch(qint64 id); // used when the scope is SelectedBatch
    void setScope(BatchScope scope);
    void setMinimumSeverity(int severity);
    QTableView *view() const { return m_view; }
    int visibleRows() const;

private:
    void applyScope();

    QComboBox *m_scope;
    QComboBox *m_severity;
    QLineEdit *m_search;
    QTableView *m_view;
    EventLogFilterProxy *m_proxy;
    qint64 m_selected = 0;
};

} // namespace bb
