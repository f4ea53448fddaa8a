#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QDockWidget;
class QLabel;
class QLineEdit;
class QMimeData;
class QProgressBar;
class QSplitter;

namespace bb {

class ActivityLogView;
class AppSettings;
class BatchActions;
class BatchFilterProxy;
class BatchTableView;
class ChartPanel;
class CostStatusLabel;
class DetailPanel;
class ExportController;
class FilterSidebar;
class ImportController;
class ProjectSession;
class FailureAlarmBar;
class SandboxBanner;
class TrayController;

// The main window: toolbar, Sandbox banner, category sidebar, the batch table with search,
// docks for details, charts and the activity log, and a status bar summary. It shows one
// ProjectSession (or none) and accepts folders, .jsonl files and hand-over reports dropped
// anywhere on it. Layout is remembered in AppSettings.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(AppSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setSession(ProjectSession *session);
    ProjectSession *session() const;

    BatchActions *actions() const { return m_actions; }
    BatchTableView *table() const { return m_table; }
    BatchFilterProxy *proxy() const { return m_proxy; }
    FilterSidebar *sidebar() const { return m_sidebar; }
    DetailPanel *details() const { return m_details; }
    ChartPanel *charts() const { return m_charts; }
    ActivityLogView *activityLog() const { return m_log; }
    ImportController *importer() const { return m_import; }
    TrayController *tray() const { return m_tray; }
    SandboxBanner *banner() const { return m_banner; }
    FailureAlarmBar *failureAlarm() const { return m_alarm; }
    QLineEdit *searchField() const { return m_search; }
    QString statusSummary() const;
    void showDock(const QString &objectName);

    void saveLayout();
    void refreshLimits(); // after the engine settings changed

signals:
    void settingsRequested();
    void createSamplesRequested();
    void openProjectRequested(const QString &path);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildMenus();
    void buildToolbar();
    void buildDocks();
    void buildStatusBar();
    void restoreLayout();
    QDockWidget *addDock(QWidget *widget, const QString &title, const QString &objectName);
    QStringList droppedPaths(const QMimeData *mime) const;
    void selectionChanged();
    void attachPanels(); // the rest of setSession(), once the table has painted
    void refreshStatus();
    void refreshCountdown();
    void addFolder();
    void importReport();
    void exportResults();
    void openProject();
    void showMessage(const QString &text);

    AppSettings *m_settings;
    QPointer<ProjectSession> m_session;
    BatchActions *m_actions;
    SandboxBanner *m_banner;
    FailureAlarmBar *m_alarm;
    FilterSidebar *m_sidebar;
    BatchTableView *m_table;
    BatchFilterProxy *m_proxy = nullptr;
    QLineEdit *m_search;
    QSplitter *m_splitter;
    DetailPanel *m_details;
    ChartPanel *m_charts;
    ActivityLogView *m_log;
    ImportController *m_import;
    ExportController *m_export;
    TrayController *m_tray;
    QLabel *m_summary;
    QLabel *m_runState;
    QLabel *m_mode;
    CostStatusLabel *m_cost;
    QProgressBar *m_importProgress;
    QList<QDockWidget *> m_docks;
    QTimer m_panelsTimer; // attachPanels() for a table that is not painted
    bool m_waitingForTablePaint = false;
};

} // namespace bb
