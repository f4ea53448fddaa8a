#include "mainwindow.h"

#include "activitylogview.h"
#include "appsettings.h"
#include "batchactions.h"
#include "batchfilterproxy.h"
#include "batchtablemodel.h"
#include "batchtableview.h"
#include "chartpanel.h"
#include "coststatuslabel.h"
#include "detailpanel.h"
#include "exportcontroller.h"
#include "failurealarmbar.h"
#include "filtersidebar.h"
#include "importcontroller.h"
#include "projectsession.h"
#include "projectstore.h"
#include "runhistory.h"
#include "sandboxbanner.h"
#include "statussummary.h"
#include "traycontroller.h"
#include "uiresources.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace bb {

MainWindow::MainWindow(AppSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_actions(new BatchActions(this, this))
    , m_banner(new SandboxBanner(this))
    , m_alarm(new FailureAlarmBar(this))
    , m_sidebar(new FilterSidebar(this))
    , m_table(new BatchTableView(this))
    , m_search(new QLineEdit(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_details(new DetailPanel(this))
    , m_charts(ChartPanel::create(this))
    , m_log(new ActivityLogView(this))
    , m_import(new ImportController(this, this))
    , m_export(new ExportController(this))
    , m_tray(new TrayController(this, settings, this))
    , m_summary(new QLabel(this))
    , m_runState(new QLabel(this))
    , m_mode(new QLabel(this))
    , m_cost(new CostStatusLabel(this))
    , m_importProgress(new QProgressBar(this))
{
    initUiResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Batchboard"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/batchboard.svg")));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_search->setPlaceholderText(tr("Search batches, files, jobs, errors  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search batches"));
    m_search->setMaximumWidth(360);
    auto *focusSearch = new QAction(tr("Find"), this);
    focusSearch->setShortcut(QKeySequence::Find);
    connect(focusSearch, &QAction::triggered, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(focusSearch);

    auto *center = new QWidget(this);
    auto *centerLayout = new QVBoxLayout(center);
    centerLayout->setContentsMargins(0, 0, 0, 0);
    centerLayout->setSpacing(0);
    centerLayout->addWidget(m_banner);
    centerLayout->addWidget(m_alarm);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(m_table);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({ m_sidebar->sizeHint().width(), 1000 });
    centerLayout->addWidget(m_splitter, 1);
    setCentralWidget(center);

    buildToolbar();
    buildMenus();
    buildDocks();
    buildStatusBar();

    connect(m_sidebar, &FilterSidebar::categoryChanged, this, [this](BatchFilter filter) {
        if (m_proxy)
            m_proxy->setCategory(filter);
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (m_proxy)
            m_proxy->setSearchText(text);
    });
    connect(m_table, &BatchTableView::selectedIdsChanged, this, &MainWindow::selectionChanged);
    connect(m_table, &BatchTableView::rowContextMenuRequested, this,
        [this](const QPoint &pos) { m_actions->contextMenu()->popup(pos); });
    connect(m_table, &QAbstractItemView::doubleClicked, this,
        [this] { showDock(QStringLiteral("detailsDock")); });
    connect(m_actions, &BatchActions::message, this, &MainWindow::showMessage);
    connect(m_actions->addFolder, &QAction::triggered, this, &MainWindow::addFolder);
    connect(m_actions->exportResults, &QAction::triggered, this, &MainWindow::exportResults);
    connect(m_actions->settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    connect(m_banner, &SandboxBanner::createSamplesClicked, this, &MainWindow::createSamplesRequested);
    connect(m_banner, &SandboxBanner::useApiKeyClicked, this, &MainWindow::settingsRequested);
    connect(m_alarm, &FailureAlarmBar::chooseModelClicked, this, &MainWindow::settingsRequested);
    connect(m_alarm, &FailureAlarmBar::continueClicked, this, [this] {
        if (m_session)
            m_session->continueDespiteFailures();
    });
    connect(m_import, &ImportController::busyChanged, this, [this](bool busy) {
        m_importProgress->setVisible(busy);
        m_importProgress->setRange(0, 0);
        if (busy)
            showMessage(tr("Checking the files…"));
    });
    connect(m_import, &ImportController::progress, this, [this](qint64 done, qint64 total) {
        // Progress in MiB keeps the range inside int for 20 GB and more.
        m_importProgress->setRange(0, int(std::max<qint64>(1, total >> 20)));
        m_importProgress->setValue(int(done >> 20));
    });
    connect(m_import, &ImportController::finished, this, &MainWindow::showMessage);
    connect(m_export, &ExportController::finished, this, [this](bool ok, const QString &summary) {
        showMessage(summary);
        if (!ok)
            QMessageBox::warning(this, tr("Export failed"), summary);
    });
    m_tray->setMenuActions({ m_actions->resume, m_actions->pause, nullptr, m_actions->settings });

    restoreLayout();
    m_panelsTimer.setSingleShot(true);
    m_panelsTimer.setInterval(500);
    connect(&m_panelsTimer, &QTimer::timeout, this, &MainWindow::attachPanels);
    m_table->viewport()->installEventFilter(this);
    setSession(nullptr);
}

MainWindow::~MainWindow() = default;

ProjectSession *MainWindow::session() const
{
    return m_session;
}

void MainWindow::buildToolbar()
{
    auto *bar = addToolBar(tr("Main toolbar"));
    bar->setObjectName(QStringLiteral("mainToolbar"));
    bar->setAccessibleName(tr("Main toolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    for (QAction *action : m_actions->toolbarActions()) {
        if (action)
            bar->addAction(action);
        else
            bar->addSeparator();
    }
    // Cancel: selected by default, "all" from its menu.
    if (auto *cancel = qobject_cast<QToolButton *>(bar->widgetForAction(m_actions->cancelSelected))) {
        auto *menu = new QMenu(cancel);
        menu->addAction(m_actions->cancelSelected);
        menu->addAction(m_actions->cancelAll);
        cancel->setMenu(menu);
        cancel->setPopupMode(QToolButton::MenuButtonPopup);
    }
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addWidget(m_search);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions->addFolder);
    QAction *report = file->addAction(tr("Import hand-over &report…"));
    report->setStatusTip(
        tr("Adopt the jobs and uploads listed in a markdown submission report or JSON progress file"));
    connect(report, &QAction::triggered, this, &MainWindow::importReport);
    file->addAction(m_actions->exportResults);
    file->addSeparator();
    QAction *open = file->addAction(tr("&Open or create project…"));
    connect(open, &QAction::triggered, this, &MainWindow::openProject);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    for (QAction *action : { m_actions->resume, m_actions->pause, m_actions->cancelSelected,
             m_actions->cancelAll, m_actions->download })
        run->addAction(action);
    QMenu *batch = menuBar()->addMenu(tr("&Batch"));
    for (QAction *action : m_actions->batchActions()) {
        if (action)
            batch->addAction(action);
        else
            batch->addSeparator();
    }
    menuBar()->addMenu(tr("&View"))->setObjectName(QStringLiteral("viewMenu"));
    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_actions->settings);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Batchboard"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Batchboard"),
            tr("<h3>Batchboard %1</h3><p>Takes a folder of Gemini Batch API JSONL files to every "
               "result downloaded, through quota errors, expiring uploads and restarts.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });
}

QDockWidget *MainWindow::addDock(QWidget *widget, const QString &title, const QString &objectName)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    m_docks.append(dock);
    if (QMenu *view = menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu")))
        view->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::buildDocks()
{
    QDockWidget *charts = addDock(m_charts, tr("Charts"), QStringLiteral("chartsDock"));
    QDockWidget *details = addDock(m_details, tr("Details"), QStringLiteral("detailsDock"));
    QDockWidget *log = addDock(m_log, tr("Activity"), QStringLiteral("activityDock"));
    tabifyDockWidget(charts, details);
    tabifyDockWidget(details, log);
    charts->raise();
    resizeDocks({ charts }, { 320 }, Qt::Vertical);
}

void MainWindow::showDock(const QString &objectName)
{
    for (QDockWidget *dock : std::as_const(m_docks)) {
        if (dock->objectName() == objectName) {
            dock->show();
            dock->raise();
        }
    }
}

void MainWindow::buildStatusBar()
{
    m_summary->setAccessibleName(tr("Summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runState->setAccessibleName(tr("Run state"));
    m_mode->setAccessibleName(tr("Server"));
    m_importProgress->setMaximumWidth(200);
    m_importProgress->setVisible(false);
    m_importProgress->setAccessibleName(tr("Import progress"));
    statusBar()->addWidget(m_summary, 1);
    statusBar()->addPermanentWidget(m_importProgress);
    statusBar()->addPermanentWidget(m_cost);
    statusBar()->addPermanentWidget(m_runState);
    statusBar()->addPermanentWidget(m_mode);
}

void MainWindow::setSession(ProjectSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_actions->setSession(session);
    m_details->setSession(session);
    m_import->setSession(session);
    BatchFilterProxy *old = m_proxy;
    m_proxy = session ? new BatchFilterProxy(session->batchModel(), this) : nullptr;
    if (m_proxy)
        m_proxy->setSortingDeferred(true); // until attachPanels(): 30 rows paint without sorting 10,000
    const QByteArray header = m_table->model() ? m_table->saveHeaderState() : m_settings->tableHeaderState();
    m_table->setModel(m_proxy);
    if (m_proxy) {
        m_proxy->setCategory(m_sidebar->category());
        m_proxy->setSearchText(m_search->text());
        m_table->restoreHeaderState(header);
    }
    delete old;
    m_sidebar->setModel(session ? session->batchModel() : nullptr);
    m_log->setModel(session ? session->eventModel() : nullptr);
    if (session) {
        connect(session, &ProjectSession::fatalError, this, [this](const QString &message) {
            showMessage(tr("Stopped: %1 — fix the cause, then press Resume").arg(message));
        });
        const QString name = QFileInfo(session->projectPath()).completeBaseName();
        setWindowTitle(session->isSandbox() ? tr("Batchboard — Sandbox") : tr("Batchboard — %1").arg(name));
        m_mode->setText(session->isSandbox() ? tr("Sandbox emulator")
                                             : tr("Gemini API: %1").arg(session->baseUrl().host()));
        // The table first: the panels that summarise every batch, and the event history, follow
        // its first paint (eventFilter), or this timer when the table is not on screen.
        m_summary->clear();
        m_runState->clear();
        m_waitingForTablePaint = true;
        m_panelsTimer.start();
    } else {
        m_waitingForTablePaint = false;
        m_panelsTimer.stop();
        setWindowTitle(tr("Batchboard"));
        m_mode->setText(tr("No project open"));
        attachPanels();
    }
}

void MainWindow::attachPanels()
{
    m_waitingForTablePaint = false;
    m_panelsTimer.stop();
    ProjectSession *session = m_session;
    if (m_proxy)
        m_proxy->setSortingDeferred(false);
    m_tray->setSession(session);
    m_charts->setHistory(session ? session->history() : nullptr);
    m_cost->setSession(session);
    m_charts->setBatchModel(session ? session->batchModel() : nullptr);
    if (session) {
        connect(
            session, &ProjectSession::statusChanged, this, &MainWindow::refreshStatus, Qt::UniqueConnection);
        connect(session, &ProjectSession::tick, this, &MainWindow::refreshStatus, Qt::UniqueConnection);
        refreshLimits();
        session->loadHistory();
    }
    refreshStatus();
}

void MainWindow::refreshLimits()
{
    if (!m_session)
        return;
    const QuotaLimits &limits = m_session->settings().limits;
    m_charts->setLimits({ limits.concurrentBatches, limits.enqueuedTokens, limits.storageBytes });
}

QString MainWindow::statusSummary() const
{
    return m_summary->text();
}

void MainWindow::refreshStatus()
{
    if (!m_session) {
        m_alarm->setAlarm({});
        m_alarm->setCreateStop({}, false, {});
        m_summary->setText(tr("Open a project to start"));
        m_runState->clear();
        m_charts->setCountdown({});
        return;
    }
    const EngineStatus s = m_session->status();
    m_alarm->setAlarm(s.failureAlarm);
    m_alarm->setCreateStop(s.createStop, s.createStopReason == WaitReason::Billing, s.billingUrl);
    m_summary->setText(statusSummaryText(
        s, m_session->nextQuotaRetry(), m_session->serverNow(), m_session->failedRequests()));
    m_runState->setText(runStateText(s));
    refreshCountdown();
}

void MainWindow::refreshCountdown()
{
    RetryCountdown c;
    QHash<WaitReason, int> reasons;
    const QList<BatchRecord> batches = m_session->batches(); // const: iterating must not detach a copy
    for (const BatchRecord &r : batches) {
        // The spend cap has no countdown: only a higher cap moves it (the status bar says so).
        if (isWaitingForQuota(r) && !isFinal(r.state) && r.waitReason != WaitReason::SpendCap) {
            ++reasons[r.waitReason];
            ++c.batches;
        }
    }
    if (c.batches > 0) {
        WaitReason top = reasons.cbegin().key();
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
            if (it.value() > reasons.value(top))
                top = it.key();
        }
        c.waiting = true;
        c.reason = waitReasonName(top);
        c.at = m_session->nextQuotaRetry();
        c.secondsLeft = c.at.isValid() ? m_session->realSecondsUntil(c.at) : 0;
    }
    m_charts->setCountdown(c);
}

void MainWindow::selectionChanged()
{
    const QList<qint64> ids = m_table->selectedIds();
    m_actions->setSelection(ids);
    m_cost->setSelection(ids);
    const qint64 current = m_table->currentId();
    m_details->showBatch(current);
    m_log->setSelectedBatch(current);
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

QStringList MainWindow::droppedPaths(const QMimeData *mime) const
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && ImportController::accepts(url.toLocalFile()))
            paths.append(url.toLocalFile());
    }
    return paths;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_session && !droppedPaths(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
        showMessage(tr("Drop to add these files to the project"));
    }
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (m_session && !droppedPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = droppedPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    if (!m_import->importPaths(paths))
        showMessage(tr("An import is still running; drop again when it is done"));
}

void MainWindow::addFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of batch files"),
        QStandardPaths::writableLocation(QStandardPaths::HomeLocation));
    if (!dir.isEmpty() && !m_import->importPaths({ dir }))
        showMessage(tr("An import is still running; try again when it is done"));
}

void MainWindow::importReport()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import a hand-over report"), {},
        tr("Hand-over reports (*.md *.markdown *.json);;All files (*)"));
    if (!file.isEmpty() && !m_import->importPaths({ file }))
        showMessage(tr("An import is still running; try again when it is done"));
}

void MainWindow::exportResults()
{
    if (!m_session || m_export->isBusy())
        return;
    const QString suggested = QFileInfo(m_session->projectPath())
                                  .absoluteDir()
                                  .filePath(QFileInfo(m_session->projectPath()).completeBaseName()
                                      + QStringLiteral("-results.jsonl"));
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export results"), suggested, tr("JSON Lines (*.jsonl);;All files (*)"));
    if (file.isEmpty())
        return;
    if (m_export->start(m_session->projectPath(), file))
        showMessage(tr("Exporting results…"));
}

void MainWindow::openProject()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Open or create a project"),
        m_settings->lastProjectPath(), tr("Batchboard projects (*.batchboard);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!file.isEmpty())
        emit openProjectRequested(file);
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(m_settings->windowGeometry()))
        resize(1380, 860);
    restoreState(m_settings->windowState());
    if (!m_settings->splitterState().isEmpty())
        m_splitter->restoreState(m_settings->splitterState());
    m_sidebar->setCategory(BatchFilter(std::clamp(m_settings->sidebarCategory(), 0, batchFilterCount - 1)));
}

void MainWindow::saveLayout()
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    m_settings->setSplitterState(m_splitter->saveState());
    if (m_table->model())
        m_settings->setTableHeaderState(m_table->saveHeaderState());
    m_settings->setSidebarCategory(int(m_sidebar->category()));
    m_settings->sync();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (m_waitingForTablePaint && watched == m_table->viewport() && event->type() == QEvent::Paint) {
        m_waitingForTablePaint = false;
        m_panelsTimer.stop();
        // After this paint has reached the screen; a session set meanwhile waits for its own.
        QTimer::singleShot(0, this, [this] {
            if (!m_waitingForTablePaint)
                attachPanels();
        });
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    m_import->cancel();
    m_export->cancel();
    event->accept();
}

} // namespace bb
