#include "appsettings.h"
#include "credentialstore.h"
#include "settingsdialog.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

// A settings round trip through the real system keychain (Secret Service). installer/run-tests.sh
// runs the suite inside dbus-run-session with a fresh, unlocked gnome-keyring; without one the
// test skips and says so.
class tst_SettingsKeychain final : public QObject
{
    Q_OBJECT

private:
    static CredentialStore::Result waitFor(const std::function<void(CredentialStore::Callback)> &call)
    {
        CredentialStore::Result out;
        bool done = false;
        call([&](const CredentialStore::Result &r) {
            out = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 20'000))
            out = { CredentialStore::Status::OtherError, {}, QStringLiteral("timed out") };
        return out;
    }

    template<typename T> static T *child(QObject *parent, const QString &accessibleName)
    {
        const auto all = parent->findChildren<T *>();
        for (T *w : all) {
            if (w->accessibleName() == accessibleName)
                return w;
        }
        return nullptr;
    }

    const QString m_host = QStringLiteral("keychain-test.batchboard.invalid");

private slots:
    void initTestCase()
    {
        CredentialStore store;
        const auto probe = waitFor([&](CredentialStore::Callback done) {
            store.writeKey(QStringLiteral("probe.batchboard.invalid"), QStringLiteral("probe"), done);
        });
        if (probe.status == CredentialStore::Status::NoKeychain
            || probe.status == CredentialStore::Status::OtherError
            || probe.status == CredentialStore::Status::AccessDenied)
            QSKIP(qPrintable(
                QStringLiteral("no usable Secret Service keychain in this session (%1); run the suite "
                               "through installer/run-tests.sh, which starts dbus-run-session with an "
                               "unlocked gnome-keyring")
                    .arg(probe.detail)));
        waitFor([&](CredentialStore::Callback done) {
            store.deleteKey(QStringLiteral("probe.batchboard.invalid"), done);
        });
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("settings.ini"));
        AppSettings settings(ini);
        settings.setBaseUrl(QUrl(QStringLiteral("https://%1/").arg(m_host)));
        CredentialStore credentials;
        waitFor([&](CredentialStore::Callback done) { credentials.deleteKey(m_host, done); });
        const QString key = QStringLiteral("AIzaSyTEST-round-trip-0123456789");

        {
            SettingsDialog dialog(&settings, &credentials);
            QTRY_VERIFY_WITH_TIMEOUT(dialog.isKeyLoaded(), 20'000);
            QVERIFY(dialog.apiKeyField()->text().isEmpty());
            QVERIFY2(
                dialog.keyStatus().contains(QStringLiteral("No key stored")), qPrintable(dialog.keyStatus()));
            QCOMPARE(dialog.apiKeyField()->echoMode(), QLineEdit::Password);
            dialog.apiKeyField()->setText(key);
            child<QSpinBox>(&dialog, QStringLiteral("Parallel uploads"))->setValue(4);
            child<QSpinBox>(&dialog, QStringLiteral("Polling interval"))->setValue(30);
            child<QSpinBox>(&dialog, QStringLiteral("Expiry safety margin"))->setValue(8);
            // The project's model, among what the key offers; one it refuses stays visible as such.
            dialog.setProjectModel(QStringLiteral("gemini-2.5-flash"),
                { QStringLiteral("gemini-3.6-flash"), QStringLiteral("gemini-3.5-flash-lite") });
            auto *model = child<QComboBox>(&dialog, QStringLiteral("Model"));
            QVERIFY(model->isEnabled());
            QCOMPARE(model->count(), 3);
            QCOMPARE(model->currentText(), QStringLiteral("gemini-2.5-flash (not offered to this key)"));
            model->setCurrentIndex(model->findText(QStringLiteral("gemini-3.5-flash-lite")));
            child<QComboBox>(&dialog, QStringLiteral("Billing tier"))->setCurrentIndex(1);
            QSignalSpy applied(&dialog, &SettingsDialog::applied);
            QSignalSpy modelApplied(&dialog, &SettingsDialog::modelApplied);
            dialog.accept();
            QVERIFY(applied.wait(20'000));
            QCOMPARE(applied.first().first().toBool(), true); // the key changed
            QCOMPARE(modelApplied.size(), 1);
            QCOMPARE(modelApplied.first().first().toString(), QStringLiteral("gemini-3.5-flash-lite"));
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }

        // The key is in the keychain, and nowhere in the settings file.
        const auto read = waitFor([&](CredentialStore::Callback done) { credentials.readKey(m_host, done); });
        QCOMPARE(read.status, CredentialStore::Status::Ok);
        QCOMPARE(read.secret, key);
        settings.sync();
        QFile file(ini);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.contains(key.toUtf8()));
        QVERIFY(!stored.contains("TEST-round-trip"));

        // Everything else came back through QSettings.
        AppSettings reread(ini);
        QCOMPARE(reread.parallelUploads(), 4);
        QCOMPARE(reread.pollIntervalSeconds(), 30);
        QCOMPARE(reread.expiryMarginHours(), 8);
        QCOMPARE(reread.tier(), 2);
        QCOMPARE(reread.enqueuedTokens(QStringLiteral("gemini-2.5-pro"), 2), 500'000'000);

        // A new dialog shows the stored key, masked; clearing it removes it from the keychain.
        {
            SettingsDialog dialog(&reread, &credentials);
            QTRY_VERIFY_WITH_TIMEOUT(dialog.isKeyLoaded(), 20'000);
            QCOMPARE(dialog.apiKeyField()->text(), key);
            QCOMPARE(dialog.apiKeyField()->echoMode(), QLineEdit::Password);
            QVERIFY2(dialog.keyStatus().contains(QStringLiteral("Stored in the system keychain")),
                qPrintable(dialog.keyStatus()));
            dialog.apiKeyField()->clear();
            QSignalSpy applied(&dialog, &SettingsDialog::applied);
            dialog.accept();
            QVERIFY(applied.wait(20'000));
        }
        const auto gone = waitFor([&](CredentialStore::Callback done) { credentials.readKey(m_host, done); });
        QCOMPARE(gone.status, CredentialStore::Status::NotFound);
    }

    void unchangedKeyIsNotRewritten()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        settings.setBaseUrl(QUrl(QStringLiteral("https://%1/").arg(m_host)));
        CredentialStore credentials;
        SettingsDialog dialog(&settings, &credentials);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isKeyLoaded(), 20'000);
        QSignalSpy applied(&dialog, &SettingsDialog::applied);
        dialog.accept();
        QCOMPARE(applied.size(), 1); // synchronous: no keychain round trip
        QCOMPARE(applied.first().first().toBool(), false);
    }
};

QTEST_MAIN(tst_SettingsKeychain)
#include "tst_settingskeychain.moc"
