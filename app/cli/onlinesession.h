#pragma once

#include "cliargs.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace bb {
class CredentialStore;
class ProjectStore;
class SubmissionEngine;
namespace gemini {
class GeminiClient;
struct ApiError;
} // namespace gemini
} // namespace bb

namespace bb::cli {

// `resume`, `cancel` and `cleanup`: open the project for writing, choose the proxy (--proxy, else
// the desktop app's Settings, else the system's), find the API key (environment, then keychain),
// configure the client and the engine, run, and quit the event loop with the command's exit code.
// A proxy that refuses us ends the command with exit code 2 and a sentence naming it.
class OnlineSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OnlineSession)

public:
    OnlineSession(const Arguments &args, const QString &projectPath, QObject *parent = nullptr);
    ~OnlineSession() override;

    void start();
    void interrupt(); // SIGINT/SIGTERM: stop at once, keeping everything resumable

private:
    void resolveProxy(const QUrl &baseUrl);
    void resolveKey(const QUrl &baseUrl);
    void onProxyFailed(const gemini::ApiError &error);
    CredentialStore *credentials();
    void keyResolved(const QString &key);
    void startEngine();
    void runResume();
    void runCancel();
    void runCleanup();
    void onIdle();
    void printProgress();
    void finish(int code);

    Arguments m_args;
    QString m_projectPath;
    std::unique_ptr<ProjectStore> m_store;
    gemini::GeminiClient *m_client = nullptr;
    SubmissionEngine *m_engine = nullptr;
    CredentialStore *m_credentials = nullptr;
    QTimer m_progressTimer;
    QString m_lastProgress;
    int m_pendingCalls = 0;
    bool m_finished = false;
};

} // namespace bb::cli
