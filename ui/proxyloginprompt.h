#pragma once

#include "proxylogindialog.h"

#include <QObject>
#include <QPointer>

namespace bb {

class AppSettings;
class CredentialStore;
class ProjectSession;

// The proxy side of the open project: gives the session the proxy choice of Settings ›
// Connection and the proxy password kept in the keychain, and when the proxy asks for a user
// name and password (HTTP 407) prompts for them, keeps them (the user name in the settings, the
// password in the keychain when the user agrees) and resumes the run.
class ProxyLoginPrompt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyLoginPrompt)

public:
    ProxyLoginPrompt(AppSettings *settings, CredentialStore *credentials, QWidget *dialogParent,
        QObject *parent = nullptr);

    // Applies the saved choice to `session` (at once) and its saved password (when the keychain
    // answers), and watches it for proxy sign-in requests.
    void attach(ProjectSession *session);
    ProxyLoginDialog *dialog() const { return m_dialog; } // the open prompt, if any

signals:
    void prompted(const QString &hostPort);
    void notice(const QString &text); // translated, for the status bar

private:
    void ask(const QString &hostPort, bool refused);
    void signIn(ProxyLoginDialog *dialog);
    QString savedUser(const QString &hostPort) const;

    AppSettings *m_settings;
    CredentialStore *m_credentials;
    QWidget *m_dialogParent;
    QPointer<ProjectSession> m_session;
    QPointer<ProxyLoginDialog> m_dialog;
};

} // namespace bb
