#pragma once

#include "costestimator.h"
#include "proxysettings.h"

#include <QDialog>

#include <functional>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace bb {

class AppSettings;
class ConnectionTester;
class CostSettingsPage;
class CredentialStore;

// Preferences: connection (API key in the keychain, masked, with Test connection; Sandbox or the
// real API; base URL under Advanced), work (model, tier and its editable limits table, parallel
// uploads, expiry margin, polling interval) and desktop (notifications, language). Saves to
// AppSettings; the key goes only to the keychain, and the dialog stays open if that fails.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    SettingsDialog(AppSettings *settings, CredentialStore *credentials, QWidget *parent = nullptr);

    bool isKeyLoaded() const { return m_keyLoaded; }
    QLineEdit *apiKeyField() const { return m_key; }
    QTabWidget *tabs() const { return m_tabs; }
    QString keyStatus() const;
    // The proxy as the Connection page shows it now (the password included).
    gemini::ProxySettings proxyFromForm() const;
    bool isProxyPasswordLoaded() const { return m_proxyPasswordLoaded; }
    void accept() override;
    // With a project open: its Cost page (prices, expectations, spend cap).
    void addCostPage(const CostSettings &settings);
    // With a project open: its model, chosen among the batch models the key offers (`offered`,
    // empty until the engine has listed them: then any id may be typed).
    void setProjectModel(const QString &current, const QStringList &offered);
    CostSettingsPage *costPage() const { return m_costPage; }

signals:
    void keyLoaded();
    // Settings were saved; `keyChanged` when the stored API key changed (or was removed).
    void applied(bool keyChanged);
    void costApplied(const bb::CostSettings &settings);
    void modelApplied(const QString &model);

private:
    QWidget *connectionPage();
    QWidget *workPage();
    QWidget *desktopPage();
    void load();
    void loadKey();
    QWidget *proxyBox(QWidget *parent);
    void loadProxy();
    void saveProxyPassword(std::function<void(QString problem)> done);
    void save();
    void fillLimitsTable();
    void restoreDefaultLimits();
    void saveKey();
    void finishAccept(bool keyChanged);
    QString account() const;

    AppSettings *m_settings;
    CredentialStore *m_credentials;
    ConnectionTester *m_tester;
    QTabWidget *m_tabs;
    QRadioButton *m_useApi;
    QRadioButton *m_useSandbox;
    QLineEdit *m_key;
    QLabel *m_keyStatus;
    QPushButton *m_test;
    QLabel *m_testResult;
    QLineEdit *m_baseUrl;
    QRadioButton *m_proxySystem;
    QRadioButton *m_proxyNone;
    QRadioButton *m_proxyManual;
    QComboBox *m_proxyType;
    QLineEdit *m_proxyHost;
    QSpinBox *m_proxyPort;
    QLineEdit *m_proxyUser;
    QLineEdit *m_proxyPassword;
    QLabel *m_proxyNote;
    gemini::ProxySettings m_loadedProxy; // with the password read from the keychain
    bool m_proxyPasswordLoaded = false;
    QComboBox *m_model;
    QLabel *m_modelNote;
    QString m_projectModel;
    QComboBox *m_tier;
    QTableWidget *m_limits;
    QSpinBox *m_concurrent;
    QDoubleSpinBox *m_storage;
    QSpinBox *m_uploads;
    QSpinBox *m_margin;
    QSpinBox *m_poll;
    QCheckBox *m_notifyDone;
    QCheckBox *m_notifyAttention;
    QCheckBox *m_notifyDaily;
    QComboBox *m_language;
    QDialogButtonBox *m_buttons;
    CostSettingsPage *m_costPage = nullptr;
    QString m_loadedKey;
    QString m_loadedAccount;
    bool m_keyLoaded = false;
    bool m_saving = false;
};

} // namespace bb
