#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

namespace bb {

class AppSettings;
class CredentialStore;
class MainWindow;
class ProjectSession;
class ProxyLoginPrompt;
class SandboxController;

// Decides what the window works on and rebuilds it when that changes: with a key in the
// keychain (and Sandbox not preferred) the real API on the user's project; otherwise Sandbox
// mode — the emulator in-process and a fresh Sandbox project. Settings, Open project and
// Create sample batches arrive here from the window.
class AppController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppController)

public:
    explicit AppController(AppSettings *settings, QObject *parent = nullptr);
    ~AppController() override;

    // `projectPath` overrides the remembered project; `forceSandbox` runs Sandbox mode this time.
    void start(const QString &projectPath = {}, bool forceSandbox = false);
    // Timed start-up (`--bench-exit-after-first-paint`): opens `projectPath` wired like Sandbox
    // mode (built-in emulator, engine paused), so no keychain is involved.
    void startForBenchmark(const QString &projectPath);

    MainWindow *window() const { return m_window; }
    ProjectSession *session() const;
    SandboxController *sandbox() const { return m_sandbox; }
    ProxyLoginPrompt *proxyLogin() const { return m_proxyLogin; }
    static QString defaultProjectPath();

signals:
    void sessionChanged(bb::ProjectSession *session);

private:
    void chooseMode();
    void startSandbox();
    void startRealApi(const QString &key);
    void showSandboxBanner();
    bool openSession(const QString &path, const QUrl &url, const QString &key, bool sandbox, double rate);
    void closeSession();
    void applyEngineSettings();
    void openSettings();
    void createSamples();
    void openProject(const QString &path);

    AppSettings *m_settings;
    CredentialStore *m_credentials;
    MainWindow *m_window;
    ProxyLoginPrompt *m_proxyLogin;
    SandboxController *m_sandbox = nullptr;
    QPointer<ProjectSession> m_session;
    QString m_projectOverride;
    QString m_benchmarkProject;
    bool m_forceSandbox = false;
};

} // namespace bb
