#include "settingsdialog.h"

#include "appsettings.h"
#include "apptranslator.h"
#include "connectiontester.h"
#include "costsettingspage.h"
#include "credentialstore.h"
#include "tierlimits.h"
#include "uiresources.h"

#include <QBrush>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkProxy>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bb {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// Token limits are shown and edited in millions: "400", not "400,000,000".
QString millions(qint64 tokens)
{
    const QLocale locale;
    if (tokens % 1'000'000 == 0)
        return locale.toString(tokens / 1'000'000);
    return locale.toString(double(tokens) / 1e6, 'f', 2);
}

qint64 fromMillions(const QString &text, bool *ok)
{
    const double value = QLocale().toDouble(text.trimmed(), ok);
    if (!*ok || value <= 0) {
        *ok = false;
        return 0;
    }
    return qint64(value * 1e6 + 0.5);
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, CredentialStore *credentials, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_tester(new ConnectionTester(this))
    , m_tabs(new QTabWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    initUiResources();
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Batchboard Settings"));
    setAccessibleName(tr("Settings"));
    m_tabs->addTab(connectionPage(), tr("&Connection"));
    m_tabs->addTab(workPage(), tr("&Work"));
    m_tabs->addTab(desktopPage(), tr("&Desktop"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tester, &ConnectionTester::finished, this, [this](bool ok, const QString &message) {
        m_test->setEnabled(true);
        m_testResult->setText(message);
        m_testResult->setForegroundRole(ok ? QPalette::WindowText : QPalette::PlaceholderText);
        m_testResult->setStyleSheet(ok ? QString() : QStringLiteral("font-weight: bold"));
    });
    load();
    resize(std::max(640, sizeHint().width()), std::max(560, sizeHint().height()));
}

QWidget *SettingsDialog::connectionPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);

    auto *mode = new QGroupBox(tr("Run batches against"), page);
    m_useApi = new QRadioButton(tr("The &Gemini API, with my API key (billed by Google)"), mode);
    m_useSandbox
        = new QRadioButton(tr("The built-in &Sandbox emulator (free; nothing leaves this computer)"), mode);
    auto *modeGroup = new QButtonGroup(mode);
    modeGroup->addButton(m_useApi);
    modeGroup->addButton(m_useSandbox);
    auto *modeLayout = new QVBoxLayout(mode);
    modeLayout->addWidget(m_useApi);
    modeLayout->addWidget(m_useSandbox);
    layout->addWidget(mode);

    auto *keyBox = new QGroupBox(tr("API key"), page);
    m_key = new QLineEdit(keyBox);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setClearButtonEnabled(true);
    m_key->setAccessibleName(tr("API key"));
    m_key->setPlaceholderText(tr("Paste the key from Google AI Studio"));
    m_key->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    QAction *reveal = m_key->addAction(QIcon(QStringLiteral(":/icons/eye.svg")), QLineEdit::TrailingPosition);
    reveal->setCheckable(true);
    reveal->setToolTip(tr("Show the key"));
    connect(reveal, &QAction::toggled, m_key,
        [this](bool on) { m_key->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    m_keyStatus = note({}, keyBox);
    m_test = new QPushButton(tr("&Test connection"), keyBox);
    m_testResult = new QLabel(keyBox);
    m_testResult->setWordWrap(true);
    m_testResult->setAccessibleName(tr("Connection test result"));
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testResult, 1);
    auto *keyLayout = new QVBoxLayout(keyBox);
    keyLayout->addWidget(m_key);
    keyLayout->addWidget(m_keyStatus);
    keyLayout->addLayout(testRow);
    layout->addWidget(keyBox);

    auto *advanced = new QGroupBox(tr("Advanced"), page);
    m_baseUrl = new QLineEdit(advanced);
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_baseUrl->setPlaceholderText(AppSettings::defaultBaseUrl().toString());
    auto *advancedLayout = new QFormLayout(advanced);
    advancedLayout->addRow(tr("&Base URL:"), m_baseUrl);
    advancedLayout->addRow(note(tr("Change only for a gateway in front of the API. Plain http is refused "
                                   "except to this computer. The key is stored per server host."),
        advanced));
    layout->addWidget(proxyBox(page));
    layout->addWidget(advanced);
    layout->addStretch(1);

    connect(m_test, &QPushButton::clicked, this, [this] {
        m_test->setEnabled(false);
        m_testResult->setText(tr("Testing…"));
        const QUrl url = m_baseUrl->text().trimmed().isEmpty()
            ? AppSettings::defaultBaseUrl()
            : QUrl::fromUserInput(m_baseUrl->text().trimmed());
        m_tester->test(url, m_key->text().trimmed(), proxyFromForm());
    });
    connect(m_useApi, &QRadioButton::toggled, keyBox, &QWidget::setEnabled);
    connect(m_baseUrl, &QLineEdit::editingFinished, this, [this] {
        if (account() != m_loadedAccount)
            loadKey();
    });
    return page;
}

QWidget *SettingsDialog::proxyBox(QWidget *parent)
{
    auto *box = new QGroupBox(tr("Proxy"), parent);
    m_proxySystem = new QRadioButton(tr("Use the s&ystem's proxy settings"), box);
    m_proxySystem->setToolTip(tr("The https_proxy, http_proxy, all_proxy and no_proxy environment "
                                 "variables, else the desktop's network settings"));
    m_proxyNone = new QRadioButton(tr("No pro&xy: connect directly"), box);
    m_proxyManual = new QRadioButton(tr("Use this &proxy:"), box);
    auto *group = new QButtonGroup(box);
    for (QRadioButton *button : { m_proxySystem, m_proxyNone, m_proxyManual })
        group->addButton(button);
    m_proxyType = new QComboBox(box);
    m_proxyType->addItem(tr("HTTP"), int(QNetworkProxy::HttpProxy));
    m_proxyType->addItem(tr("SOCKS5"), int(QNetworkProxy::Socks5Proxy));
    m_proxyType->setAccessibleName(tr("Proxy type"));
    m_proxyHost = new QLineEdit(box);
    m_proxyHost->setAccessibleName(tr("Proxy host"));
    m_proxyHost->setPlaceholderText(tr("proxy.example.com"));
    m_proxyPort = new QSpinBox(box);
    m_proxyPort->setRange(1, 65535);
    m_proxyPort->setValue(3128);
    m_proxyPort->setAccessibleName(tr("Proxy port"));
    m_proxyUser = new QLineEdit(box);
    m_proxyUser->setAccessibleName(tr("Proxy user name"));
    m_proxyUser->setPlaceholderText(tr("none"));
    m_proxyPassword = new QLineEdit(box);
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    m_proxyPassword->setAccessibleName(tr("Proxy password"));
    m_proxyNote = note(tr("This computer (the Sandbox, a local emulator) is always reached directly. "
                          "The proxy password is kept in the system keychain."),
        box);

    auto *manualRow = new QHBoxLayout;
    manualRow->addWidget(m_proxyManual);
    manualRow->addWidget(m_proxyType);
    manualRow->addWidget(m_proxyHost, 1);
    manualRow->addWidget(new QLabel(tr("Port:"), box));
    manualRow->addWidget(m_proxyPort);
    auto *credentials = new QHBoxLayout;
    auto *userLabel = new QLabel(tr("&User:"), box);
    userLabel->setBuddy(m_proxyUser);
    auto *passwordLabel = new QLabel(tr("Pass&word:"), box);
    passwordLabel->setBuddy(m_proxyPassword);
    credentials->addSpacing(24);
    credentials->addWidget(userLabel);
    credentials->addWidget(m_proxyUser, 1);
    credentials->addWidget(passwordLabel);
    credentials->addWidget(m_proxyPassword, 1);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_proxySystem);
    layout->addWidget(m_proxyNone);
    layout->addLayout(manualRow);
    layout->addLayout(credentials);
    layout->addWidget(m_proxyNote);

    auto enableManual = [this](bool on) {
        for (QWidget *field : std::initializer_list<QWidget *> {
                 m_proxyType, m_proxyHost, m_proxyPort, m_proxyUser, m_proxyPassword })
            field->setEnabled(on);
    };
    connect(m_proxyManual, &QRadioButton::toggled, this, enableManual);
    enableManual(false);
    return box;
}

gemini::ProxySettings SettingsDialog::proxyFromForm() const
{
    gemini::ProxySettings proxy;
    proxy.mode = m_proxyManual->isChecked() ? gemini::ProxySettings::Mode::Manual
        : m_proxyNone->isChecked()          ? gemini::ProxySettings::Mode::None
                                            : gemini::ProxySettings::Mode::System;
    proxy.type = QNetworkProxy::ProxyType(m_proxyType->currentData().toInt());
    proxy.host = m_proxyHost->text().trimmed();
    proxy.port = quint16(m_proxyPort->value());
    proxy.user = m_proxyUser->text().trimmed();
    proxy.password = proxy.user.isEmpty() ? QString() : m_proxyPassword->text();
    return proxy;
}

void SettingsDialog::loadProxy()
{
    m_loadedProxy = m_settings->proxy();
    const gemini::ProxySettings &proxy = m_loadedProxy;
    (proxy.mode == gemini::ProxySettings::Mode::Manual        ? m_proxyManual
            : proxy.mode == gemini::ProxySettings::Mode::None ? m_proxyNone
                                                              : m_proxySystem)
        ->setChecked(true);
    m_proxyType->setCurrentIndex(std::max(0, m_proxyType->findData(int(proxy.type))));
    m_proxyHost->setText(proxy.host);
    if (proxy.port != 0)
        m_proxyPort->setValue(proxy.port);
    m_proxyUser->setText(proxy.user);
    m_proxyPasswordLoaded = proxy.user.isEmpty() || proxy.host.isEmpty();
    if (m_proxyPasswordLoaded)
        return;
    m_credentials->readProxyPassword(
        proxy.hostPort(), proxy.user, [this](const CredentialStore::Result &result) {
            if (result.status == CredentialStore::Status::Ok) {
                m_loadedProxy.password = result.secret;
                if (m_proxyPassword->text().isEmpty())
                    m_proxyPassword->setText(result.secret);
            }
            m_proxyPasswordLoaded = true;
        });
}

void SettingsDialog::saveProxyPassword(std::function<void(QString problem)> done)
{
    const gemini::ProxySettings proxy = proxyFromForm();
    const bool sameAccount = proxy.hostPort() == m_loadedProxy.hostPort() && proxy.user == m_loadedProxy.user;
    if (!proxy.isManual() || proxy.user.isEmpty() || !m_proxyPasswordLoaded
        || (sameAccount && proxy.password == m_loadedProxy.password)) {
        done({});
        return;
    }
    auto finished = [this, proxy, done = std::move(done)](const CredentialStore::Result &result) {
        const bool ok = result.status == CredentialStore::Status::Ok
            || (proxy.password.isEmpty() && result.status == CredentialStore::Status::NotFound);
        if (ok)
            m_loadedProxy = proxy;
        done(ok ? QString() : (result.detail.isEmpty() ? tr("the keychain refused it") : result.detail));
    };
    if (proxy.password.isEmpty())
        m_credentials->deleteProxyPassword(proxy.hostPort(), proxy.user, finished);
    else
        m_credentials->writeProxyPassword(proxy.hostPort(), proxy.user, proxy.password, finished);
}

QWidget *SettingsDialog::workPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_model = new QComboBox(page);
    m_model->setAccessibleName(tr("Model"));
    m_model->setEnabled(false);
    m_modelNote = note(tr("Open a project to choose its model."), page);
    auto *modelBox = new QVBoxLayout;
    modelBox->addWidget(m_model);
    modelBox->addWidget(m_modelNote);
    form->addRow(tr("&Model:"), modelBox);
    m_tier = new QComboBox(page);
    for (int tier = 1; tier <= 3; ++tier)
        m_tier->addItem(tr("Tier %1").arg(tier), tier);
    m_tier->setAccessibleName(tr("Billing tier"));
    form->addRow(tr("&Tier:"), m_tier);

    m_limits = new QTableWidget(int(defaultTierLimits().size()), 3, page);
    m_limits->setHorizontalHeaderLabels({ tr("Tier 1"), tr("Tier 2"), tr("Tier 3") });
    m_limits->setWordWrap(false);
    m_limits->setAccessibleName(tr("Enqueued token limits per model and tier"));
    m_limits->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_limits->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_limits->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_limits->setMinimumHeight((fontMetrics().height() + 8) * 6);
    auto *restore = new QPushButton(tr("Restore published limits"), page);
    connect(restore, &QPushButton::clicked, this, &SettingsDialog::restoreDefaultLimits);
    auto *limitsBox = new QVBoxLayout;
    limitsBox->addWidget(m_limits, 1);
    limitsBox->addWidget(
        note(tr("Millions of enqueued tokens allowed per model at a time, as Google published them on %1 "
                "(the service does not report them). Google changes these; if the server refuses jobs "
                "earlier, Batchboard learns the real limit by itself.")
                 .arg(QLocale().toString(
                     QDate::fromString(TierLimitTable::published().asOf, Qt::ISODate), QLocale::ShortFormat)),
            page));
    limitsBox->addWidget(restore, 0, Qt::AlignLeft);
    form->addRow(tr("Token limits:"), limitsBox);

    m_concurrent = new QSpinBox(page);
    m_concurrent->setRange(1, 10'000);
    m_concurrent->setAccessibleName(tr("Concurrent batch jobs"));
    form->addRow(tr("&Concurrent jobs:"), m_concurrent);
    m_storage = new QDoubleSpinBox(page);
    m_storage->setRange(0.1, 10'000);
    m_storage->setDecimals(1);
    m_storage->setSuffix(tr(" GB"));
    m_storage->setAccessibleName(tr("File storage limit"));
    form->addRow(tr("File &storage:"), m_storage);
    m_uploads = new QSpinBox(page);
    m_uploads->setRange(1, 8);
    m_uploads->setAccessibleName(tr("Parallel uploads"));
    form->addRow(tr("Parallel &uploads:"), m_uploads);
    m_margin = new QSpinBox(page);
    m_margin->setRange(1, 47);
    m_margin->setSuffix(tr(" h"));
    m_margin->setAccessibleName(tr("Expiry safety margin"));
    m_margin->setToolTip(tr("Uploaded files expire after 48 hours. A file with less time left than this is "
                            "uploaded again before a job is created from it."));
    form->addRow(tr("&Expiry safety margin:"), m_margin);
    m_poll = new QSpinBox(page);
    m_poll->setRange(5, 600);
    m_poll->setSuffix(tr(" s"));
    m_poll->setAccessibleName(tr("Polling interval"));
    m_poll->setToolTip(tr("How often job states are checked while they change; Batchboard slows down by "
                          "itself when nothing moves."));
    form->addRow(tr("&Polling interval:"), m_poll);
    return page;
}

QWidget *SettingsDialog::desktopPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *notify = new QGroupBox(tr("Notify me when"), page);
    m_notifyDone = new QCheckBox(tr("all batches are &done"), notify);
    m_notifyAttention = new QCheckBox(tr("batches &need attention (failed, cancelled, expired)"), notify);
    m_notifyDaily = new QCheckBox(tr("the &daily quota is reached"), notify);
    auto *notifyLayout = new QVBoxLayout(notify);
    notifyLayout->addWidget(m_notifyDone);
    notifyLayout->addWidget(m_notifyAttention);
    notifyLayout->addWidget(m_notifyDaily);
    layout->addWidget(notify);
    auto *languageForm = new QFormLayout;
    m_language = new QComboBox(page);
    for (const LanguageChoice &choice : availableLanguages())
        m_language->addItem(choice.name, choice.code);
    m_language->setAccessibleName(tr("Language"));
    languageForm->addRow(tr("&Language:"), m_language);
    languageForm->addRow(
        QString(), note(tr("A new language takes effect when Batchboard starts again."), page));
    layout->addLayout(languageForm);
    layout->addStretch(1);
    return page;
}

QString SettingsDialog::account() const
{
    const QString text = m_baseUrl->text().trimmed();
    const QUrl url = text.isEmpty() ? AppSettings::defaultBaseUrl() : QUrl::fromUserInput(text);
    return url.host();
}

void SettingsDialog::load()
{
    const bool sandbox = m_settings->preferSandbox();
    m_useSandbox->setChecked(sandbox);
    m_useApi->setChecked(!sandbox);
    const QUrl base = m_settings->baseUrl();
    m_baseUrl->setText(base == AppSettings::defaultBaseUrl() ? QString() : base.toString());
    m_tier->setCurrentIndex(m_settings->tier() - 1);
    fillLimitsTable();
    m_concurrent->setValue(m_settings->concurrentBatches());
    m_storage->setValue(double(m_settings->storageBytes()) / kGiB);
    m_uploads->setValue(m_settings->parallelUploads());
    m_margin->setValue(m_settings->expiryMarginHours());
    m_poll->setValue(m_settings->pollIntervalSeconds());
    m_notifyDone->setChecked(m_settings->notifyAllDone());
    m_notifyAttention->setChecked(m_settings->notifyNeedsAttention());
    m_notifyDaily->setChecked(m_settings->notifyDailyQuota());
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings->language())));
    loadProxy();
    loadKey();
}

void SettingsDialog::loadKey()
{
    m_keyLoaded = false;
    m_loadedAccount = account();
    m_key->setEnabled(false);
    m_key->clear();
    m_keyStatus->setText(tr("Reading the system keychain…"));
    const QString requested = m_loadedAccount;
    m_credentials->readKey(requested, [this, requested](const CredentialStore::Result &result) {
        if (requested != m_loadedAccount)
            return; // the base URL changed meanwhile; a newer read is under way
        m_key->setEnabled(true);
        m_loadedKey.clear();
        switch (result.status) {
        case CredentialStore::Status::Ok:
            m_loadedKey = result.secret;
            m_key->setText(result.secret);
            m_keyStatus->setText(tr("Stored in the system keychain for %1.").arg(requested));
            break;
        case CredentialStore::Status::NotFound:
            m_keyStatus->setText(
                tr("No key stored for %1. Without a key Batchboard runs in Sandbox mode.").arg(requested));
            break;
        case CredentialStore::Status::NoKeychain:
            m_keyStatus->setText(
                tr("No system keychain is available (%1). Batchboard never writes the key to a "
                   "file, so it cannot be saved here.")
                    .arg(result.detail));
            break;
        case CredentialStore::Status::AccessDenied:
            m_keyStatus->setText(tr("The keychain refused access (%1). Unlock it and open Settings again.")
                                     .arg(result.detail));
            break;
        case CredentialStore::Status::OtherError:
            m_keyStatus->setText(tr("The keychain could not be read: %1").arg(result.detail));
            break;
        }
        m_keyLoaded = true;
        emit keyLoaded();
    });
}

QString SettingsDialog::keyStatus() const
{
    return m_keyStatus->text();
}

void SettingsDialog::fillLimitsTable()
{
    const QList<TierLimitRow> &rows = defaultTierLimits();
    QStringList names;
    for (int row = 0; row < rows.size(); ++row) {
        names.append(rows[row].model);
        for (int tier = 1; tier <= 3; ++tier) {
            auto *item = new QTableWidgetItem(millions(m_settings->enqueuedTokens(rows[row].model, tier)));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (m_settings->hasEnqueuedTokensOverride(rows[row].model, tier)) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
                item->setToolTip(tr("Changed from the published %1 million")
                                     .arg(millions(defaultEnqueuedTokens(rows[row].model, tier))));
            }
            m_limits->setItem(row, tier - 1, item);
        }
    }
    m_limits->setVerticalHeaderLabels(names);
}

void SettingsDialog::restoreDefaultLimits()
{
    const QList<TierLimitRow> &rows = defaultTierLimits();
    for (int row = 0; row < rows.size(); ++row) {
        for (int tier = 1; tier <= 3; ++tier) {
            QTableWidgetItem *item = m_limits->item(row, tier - 1);
            item->setText(millions(rows[row].tokens[tier - 1]));
            item->setFont(m_limits->font());
            item->setToolTip({});
        }
    }
}

void SettingsDialog::save()
{
    m_settings->setPreferSandbox(m_useSandbox->isChecked());
    const QString base = m_baseUrl->text().trimmed();
    m_settings->setBaseUrl(base.isEmpty() ? QUrl() : QUrl::fromUserInput(base));
    m_settings->setProxy(proxyFromForm());
    m_settings->setTier(m_tier->currentData().toInt());
    const QList<TierLimitRow> &rows = defaultTierLimits();
    for (int row = 0; row < rows.size(); ++row) {
        for (int tier = 1; tier <= 3; ++tier) {
            bool ok = false;
            const qint64 tokens = fromMillions(m_limits->item(row, tier - 1)->text(), &ok);
            if (ok)
                m_settings->setEnqueuedTokens(rows[row].model, tier, tokens);
        }
    }
    m_settings->setConcurrentBatches(m_concurrent->value());
    m_settings->setStorageBytes(qint64(m_storage->value() * kGiB));
    m_settings->setParallelUploads(m_uploads->value());
    m_settings->setExpiryMarginHours(m_margin->value());
    m_settings->setPollIntervalSeconds(m_poll->value());
    m_settings->setNotifyAllDone(m_notifyDone->isChecked());
    m_settings->setNotifyNeedsAttention(m_notifyAttention->isChecked());
    m_settings->setNotifyDailyQuota(m_notifyDaily->isChecked());
    m_settings->setLanguage(m_language->currentData().toString());
    m_settings->sync();
}

void SettingsDialog::accept()
{
    if (m_saving)
        return;
    if (m_proxyManual->isChecked() && m_proxyHost->text().trimmed().isEmpty()) {
        m_tabs->setCurrentIndex(0);
        m_proxyNote->setText(tr("Enter the proxy's host name, or choose another option."));
        m_proxyHost->setFocus();
        return;
    }
    save();
    m_saving = true;
    m_buttons->setEnabled(false);
    saveProxyPassword([this](const QString &problem) {
        if (problem.isEmpty()) {
            saveKey();
            return;
        }
        m_saving = false;
        m_buttons->setEnabled(true);
        m_tabs->setCurrentIndex(0);
        m_proxyNote->setText(tr("The proxy password was NOT saved: %1. Batchboard keeps it only in the "
                                "system keychain; clear the field to continue without it.")
                                 .arg(problem));
    });
}

void SettingsDialog::saveKey()
{
    const QString key = m_key->text().trimmed();
    const bool keyChanged = m_keyLoaded && (key != m_loadedKey || account() != m_loadedAccount);
    if (!keyChanged) {
        m_saving = false;
        m_buttons->setEnabled(true);
        finishAccept(false);
        return;
    }
    m_keyStatus->setText(tr("Saving the key in the system keychain…"));
    auto done = [this, key](const CredentialStore::Result &result) {
        m_saving = false;
        m_buttons->setEnabled(true);
        if (result.status == CredentialStore::Status::Ok
            || (key.isEmpty() && result.status == CredentialStore::Status::NotFound)) {
            m_loadedKey = key;
            finishAccept(true);
            return;
        }
        m_tabs->setCurrentIndex(0);
        m_keyStatus->setText(
            tr("The key was NOT saved: %1. Batchboard never stores it anywhere but the system "
               "keychain; clear the field to continue without it.")
                .arg(result.detail.isEmpty() ? tr("the keychain refused it") : result.detail));
    };
    if (key.isEmpty())
        m_credentials->deleteKey(account(), done);
    else
        m_credentials->writeKey(account(), key, done);
}

void SettingsDialog::addCostPage(const CostSettings &settings)
{
    if (m_costPage)
        return;
    m_costPage = new CostSettingsPage(settings, this);
    m_tabs->addTab(m_costPage, tr("Co&st"));
}

void SettingsDialog::setProjectModel(const QString &current, const QStringList &offered)
{
    m_projectModel = current;
    m_model->clear();
    m_model->setEnabled(true);
    m_model->setEditable(offered.isEmpty());
    if (offered.isEmpty()) {
        m_model->setCurrentText(current);
        m_model->lineEdit()->setPlaceholderText(tr("the newest stable Flash model the key offers"));
        m_modelNote->setText(
            tr("The key's models are listed when the project runs; until then any "
               "model id may be typed. Empty: Resume chooses the newest stable Flash model."));
        return;
    }
    m_model->addItems(offered);
    if (!current.isEmpty() && !offered.contains(current)) {
        // Kept visible, so that it is clear what the key refuses and why jobs wait.
        m_model->insertItem(0, tr("%1 (not offered to this key)").arg(current), current);
        m_model->setItemData(0, QBrush(palette().color(QPalette::PlaceholderText)), Qt::ForegroundRole);
    }
    const int index
        = m_model->findData(current) >= 0 ? m_model->findData(current) : m_model->findText(current);
    m_model->setCurrentIndex(std::max(index, 0));
    m_modelNote->setText(tr("The models this key offers for batch jobs, as the service lists them."));
}

void SettingsDialog::finishAccept(bool keyChanged)
{
    if (m_costPage)
        emit costApplied(m_costPage->settings());
    if (m_model->isEnabled()) {
        const QVariant data = m_model->currentData();
        const QString chosen = (data.isValid() ? data.toString() : m_model->currentText()).trimmed();
        if (chosen != m_projectModel && !chosen.isEmpty())
            emit modelApplied(chosen);
    }
    emit applied(keyChanged);
    QDialog::accept();
}

} // namespace bb
