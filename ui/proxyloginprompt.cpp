#include "proxyloginprompt.h"

#include "appsettings.h"
#include "credentialstore.h"
#include "projectsession.h"
#include "proxylogindialog.h"
#include "proxysettings.h"

namespace bb {

ProxyLoginPrompt::ProxyLoginPrompt(
    AppSettings *settings, CredentialStore *credentials, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_dialogParent(dialogParent)
{
}

void ProxyLoginPrompt::attach(ProjectSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (!session)
        return;
    connect(session, &ProjectSession::proxyCredentialsNeeded, this, &ProxyLoginPrompt::ask);
    session->setProxy(m_settings->proxy());
    const QString hostPort = session->proxyHostPort();
    const QString user = savedUser(hostPort);
    if (hostPort.isEmpty() || user.isEmpty())
        return;
    QPointer<ProjectSession> target = session;
    m_credentials->readProxyPassword(
        hostPort, user, [target, hostPort, user](const CredentialStore::Result &result) {
            // Without a stored password the proxy refuses the first request, and ask() prompts.
            if (target && result.status == CredentialStore::Status::Ok)
                target->setProxyCredentials(hostPort, user, result.secret);
        });
}

QString ProxyLoginPrompt::savedUser(const QString &hostPort) const
{
    const gemini::ProxySettings proxy = m_settings->proxy();
    if (proxy.isManual() && proxy.hostPort() == hostPort)
        return proxy.user;
    return m_settings->proxyLoginUser(hostPort);
}

void ProxyLoginPrompt::ask(const QString &hostPort, bool refused)
{
    if ((m_dialog && m_dialog->isVisible()) || hostPort.isEmpty())
        return; // one prompt at a time: the requests that failed with it wait for the same answer
    auto *dialog = new ProxyLoginDialog(hostPort, savedUser(hostPort), refused, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] { signIn(dialog); });
    connect(dialog, &QDialog::finished, this, [this] { m_dialog = nullptr; }); // deleted later
    dialog->open();
    emit prompted(hostPort);
}

void ProxyLoginPrompt::signIn(ProxyLoginDialog *dialog)
{
    if (!m_session)
        return;
    const QString hostPort = dialog->hostPort();
    const QString user = dialog->user();
    m_session->setProxyCredentials(hostPort, user, dialog->password());
    gemini::ProxySettings proxy = m_settings->proxy();
    if (proxy.isManual() && proxy.hostPort() == hostPort) {
        proxy.user = user;
        m_settings->setProxy(proxy);
    } else {
        m_settings->setProxyLoginUser(hostPort, user);
    }
    m_settings->sync();
    if (dialog->remember()) {
        QPointer<ProxyLoginPrompt> self(this);
        m_credentials->writeProxyPassword(
            hostPort, user, dialog->password(), [self, hostPort](const CredentialStore::Result &result) {
                if (self && result.status != CredentialStore::Status::Ok)
                    emit self->notice(tr("The proxy password for %1 was not saved in the keychain (%2); "
                                         "it is used until Batchboard quits.")
                                          .arg(hostPort, result.detail));
            });
    }
    m_session->resume();
}

} // namespace bb
