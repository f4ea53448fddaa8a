#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace bb {

// Asks for the user name and password a proxy wants (HTTP 407), for one proxy. Shown with
// open(), never exec(): the engine and the window go on while it is up.
class ProxyLoginDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyLoginDialog)

public:
    // `refused`: the proxy refused the credentials sent, so the text says so.
    ProxyLoginDialog(const QString &hostPort, const QString &user, bool refused, QWidget *parent = nullptr);

    QString hostPort() const { return m_hostPort; }
    QString user() const;
    QString password() const;
    bool remember() const;
    QLineEdit *userField() const { return m_user; }
    QLineEdit *passwordField() const { return m_password; }

private:
    QString m_hostPort;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_remember;
};

} // namespace bb
