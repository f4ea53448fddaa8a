#include "appcontroller.h"

#include "appsettings.h"
#include "batchactions.h"
#include "credentialstore.h"
#include "importcontroller.h"
#include "mainwindow.h"
#include "projectsession.h"
#include "projectstore.h"
#include "proxyloginprompt.h"
#include "sandboxbanner.h"
#include "sandboxcontroller.h"
#include "settingsdialog.h"

#include <QAction>
#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>

namespace bb {

AppController::AppController(AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(new CredentialStore(this))
    , m_window(new MainWindow(settings))
    , m_proxyLogin(new ProxyLoginPrompt(settings, m_credentials, m_window, this))
{
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    connect(m_proxyLogin, &ProxyLoginPrompt::notice, m_window,
        [this](const QString &text) { m_window->statusBar()->showMessage(text, 8000); });
    connect(m_window, &MainWindow::settingsRequested, this, &AppController::openSettings);
    connect(m_window, &MainWindow::createSamplesRequested, this, &AppController::createSamples);
    connect(m_window, &MainWindow::openProjectRequested, this, &AppController::openProject);
    // "Press Resume" has been read once Resume is pressed.
    connect(m_window->actions()->resume, &QAction::triggered, this, [this] {
        if (m_session && m_session->isSandbox() && m_sandbox)
            showSandboxBanner();
    });
}

ProjectSession *AppController::session() const
{
    return m_session;
}

AppController::~AppController()
{
    closeSession();
    delete m_window;
}

QString AppController::defaultProjectPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("projects/default.batchboard"));
}

void AppController::start(const QString &projectPath, bool forceSandbox)
{
    m_projectOverride = projectPath;
    m_forceSandbox = forceSandbox;
    m_window->show();
    chooseMode();
}

void AppController::startForBenchmark(const QString &projectPath)
{
    m_benchmarkProject = projectPath;
    start(projectPath, true);
}

void AppController::chooseMode()
{
    if (m_forceSandbox || m_settings->preferSandbox()) {
        startSandbox();
        return;
    }
    const QUrl url = m_settings->baseUrl();
    QPointer<AppController> self(this);
    m_credentials->readKey(url.host(), [self](const CredentialStore::Result &result) {
        if (!self)
            return;
        if (result.status == CredentialStore::Status::Ok && !result.secret.isEmpty())
            self->startRealApi(result.secret);
        else
            self->startSandbox();
    });
}

void AppController::closeSession()
{
    if (!m_session)
        return;
    m_window->setSession(nullptr);
    delete m_session; // shuts the engine down and releases the project lock
    emit sessionChanged(nullptr);
}

bool AppController::openSession(
    const QString &path, const QUrl &url, const QString &key, bool sandbox, double rate)
{
    closeSession();
    auto *session = new ProjectSession(this);
    if (const StoreError error = session->open(path)) {
        const QString message = describeStoreError(error, path);
        delete session;
        m_window->banner()->showProblem(message);
        auto *box = new QMessageBox(
            QMessageBox::Warning, tr("Cannot open the project"), message, QMessageBox::Ok, m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    session->setSandbox(sandbox, rate);
    QString why;
    if (!session->connectTo(url, key, &why)) {
        m_window->banner()->showProblem(
            tr("The base URL %1 is not allowed: %2. Change it in Settings › Connection › "
               "Advanced.")
                .arg(url.toDisplayString(), why));
    }
    m_session = session;
    m_proxyLogin->attach(session);
    applyEngineSettings();
    m_window->setSession(session);
    emit sessionChanged(session);
    return true;
}

void AppController::startSandbox()
{
    if (!m_sandbox) {
        m_sandbox = new SandboxController(this);
        connect(m_sandbox, &SandboxController::samplesProgress, m_window->banner(),
            &SandboxBanner::showSamplesProgress);
        connect(m_sandbox, &SandboxController::samplesFailed, this, [this](const QString &error) {
            m_window->banner()->showProblem(tr("The sample batches could not be written: %1").arg(error));
        });
        connect(m_sandbox, &SandboxController::samplesReady, this, [this](const QString &folder) {
            if (m_session)
                m_window->importer()->importPaths({ folder });
        });
        connect(m_window->importer(), &ImportController::finished, this, [this] {
            if (m_session && m_session->isSandbox() && m_window->importer()->lastAdded() > 0)
                m_window->banner()->showSamplesReady(m_window->importer()->lastAdded());
        });
    }
    if (!m_sandbox->isRunning() && !m_sandbox->start()) {
        closeSession();
        m_window->banner()->showProblem(
            tr("Sandbox mode is unavailable: the built-in emulator could not start (%1).")
                .arg(m_sandbox->errorString()));
        return;
    }
    const QString path
        = m_benchmarkProject.isEmpty() ? SandboxController::newProjectPath() : m_benchmarkProject;
    if (openSession(path, m_sandbox->baseUrl(), {}, true, m_sandbox->pace().speed))
        showSandboxBanner();
}

void AppController::showSandboxBanner()
{
    m_window->banner()->showSandbox(
        m_sandbox->baseUrl(), m_sandbox->pace().speed, m_sandbox->pace().concurrentBatches);
}

void AppController::startRealApi(const QString &key)
{
    const QString path = !m_projectOverride.isEmpty() ? m_projectOverride
        : !m_settings->lastProjectPath().isEmpty()    ? m_settings->lastProjectPath()
                                                      : defaultProjectPath();
    if (openSession(path, m_settings->baseUrl(), key, false, 1.0)) {
        m_settings->setLastProjectPath(m_session->projectPath());
        m_window->banner()->hide();
    }
}

void AppController::applyEngineSettings()
{
    if (!m_session)
        return;
    EngineSettings settings;
    m_settings->fillEngineSettings(settings, m_session->model());
    m_session->applySettings(settings);
}

void AppController::openSettings()
{
    auto *dialog = new SettingsDialog(m_settings, m_credentials, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_session) {
        dialog->addCostPage(m_session->costSettings());
        dialog->setProjectModel(m_session->model(), m_session->status().batchModels);
        QPointer<ProjectSession> session = m_session;
        connect(dialog, &SettingsDialog::costApplied, this, [this, session](const CostSettings &cost) {
            if (session && session == m_session) // a raised cap releases waiting batches at once
                session->applyCostSettings(cost);
        });
        connect(dialog, &SettingsDialog::modelApplied, this, [this, session](const QString &model) {
            if (session && session == m_session) {
                session->setModel(model);
                applyEngineSettings();
            }
        });
    }
    connect(dialog, &SettingsDialog::applied, this, [this](bool keyChanged) {
        const bool wantSandbox = m_settings->preferSandbox();
        const bool modeChanged = !m_session || m_session->isSandbox() != wantSandbox;
        if (keyChanged || modeChanged
            || (m_session && !m_session->isSandbox() && m_session->baseUrl() != m_settings->baseUrl())) {
            m_forceSandbox = false;
            chooseMode();
            return;
        }
        m_proxyLogin->attach(m_session); // a changed proxy applies to the next request
        applyEngineSettings();
        m_window->refreshLimits();
    });
    dialog->open();
}

void AppController::createSamples()
{
    if (!m_sandbox || !m_session || !m_session->isSandbox())
        return;
    m_sandbox->createSamples(SandboxController::samplesFolder());
}

void AppController::openProject(const QString &path)
{
    if (m_session && m_session->isSandbox()) {
        QMessageBox::information(m_window, tr("Sandbox mode"),
            tr("Projects are opened against the real Gemini API. Enter an API key in Settings "
               "first; Sandbox mode always works on a fresh practice project."));
        return;
    }
    m_projectOverride = path;
    m_settings->setLastProjectPath(path);
    chooseMode();
}

} // namespace bb
