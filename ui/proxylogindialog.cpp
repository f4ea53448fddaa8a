#include "proxylogindialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bb {

ProxyLoginDialog::ProxyLoginDialog(
    const QString &hostPort, const QString &user, bool refused, QWidget *parent)
    : QDialog(parent)
    , m_hostPort(hostPort)
    , m_user(new QLineEdit(user, this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember the password in the system keychain"), this))
{
    setObjectName(QStringLiteral("proxyLoginDialog"));
    setWindowTitle(tr("Proxy sign-in"));
    auto *intro = new QLabel(refused
            ? tr("The proxy at <b>%1</b> refused the user name and password. Enter them again; "
                 "the run goes on once the proxy accepts them.")
                  .arg(hostPort.toHtmlEscaped())
            : tr("The proxy at <b>%1</b> asks for a user name and password before any request "
                 "reaches the Gemini API. The run goes on once the proxy accepts them.")
                  .arg(hostPort.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    m_user->setAccessibleName(tr("Proxy user name"));
    m_password->setAccessibleName(tr("Proxy password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    m_remember->setChecked(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Sign in and resume"));
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    auto updateOk = [this, ok] { ok->setEnabled(!m_user->text().trimmed().isEmpty()); };
    connect(m_user, &QLineEdit::textChanged, this, updateOk);
    updateOk();
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_remember);
    layout->addWidget(buttons);
    (user.isEmpty() ? m_user : m_password)->setFocus();
    resize(460, sizeHint().height());
}

QString ProxyLoginDialog::user() const
{
    return m_user->text().trimmed();
}

QString ProxyLoginDialog::password() const
{
    return m_password->text();
}

bool ProxyLoginDialog::remember() const
{
    return m_remember->isChecked();
}

} // namespace bb
