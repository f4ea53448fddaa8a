// The desktop app behind a proxy that wants a user name and password (a real tinyproxy with
// BasicAuth in front of the Sandbox emulator): Resume stops at the proxy's 407 with a prompt, a
// wrong password prompts again saying it was refused, the right one resumes the run and every
// batch is done through the proxy. Settings › Connection keeps the choice where the CLI reads it,
// and Test connection goes through the proxy being edited.
//
// Loopback never uses a proxy unless BATCHBOARD_PROXY_LOOPBACK=1, which this test sets.
#include "../ui/uitestenv.h"

#include "batchactions.h"
#include "batchfolder.h"
#include "credentialstore.h"
#include "emulatorserver.h"
#include "importcontroller.h"
#include "proxylogindialog.h"
#include "proxyloginprompt.h"
#include "settingsdialog.h"
#include "tinyproxyprocess.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>

using namespace bb;

namespace {

constexpr int HangMs = 600'000; // only a hang takes this long

int countOf(const QStringList &requestLines, const QString &fragment)
{
    int n = 0;
    for (const QString &line : requestLines)
        n += line.contains(fragment) ? 1 : 0;
    return n;
}

QLabel *labelNamed(QWidget *root, const QString &accessibleName)
{
    for (QLabel *label : root->findChildren<QLabel *>())
        if (label->accessibleName() == accessibleName)
            return label;
    return nullptr;
}

} // namespace

class TestProxyLogin final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (test::TinyproxyProcess::executable().isEmpty())
            QSKIP(
                "tinyproxy is not installed (apt-get install tinyproxy); the proxy cases need a real proxy");
        qputenv("BATCHBOARD_PROXY_LOOPBACK", "1"); // read by every client made from here on
        for (const char *name : { "https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY" })
            qunsetenv(name);
    }

    void promptThenResumeThroughTheProxy()
    {
        test::UiEnv env;
        SandboxController::Pace pace;
        pace.speed = 200;
        pace.pendingSeconds = 20;
        pace.runningSeconds = 60;
        pace.failedLineRate = 0;
        QVERIFY2(env.start(pace).isEmpty(), "the Sandbox did not start");
        test::TinyproxyProcess proxy;
        QVERIFY2(proxy.start({ { env.sandbox->server()->port() }, QStringLiteral("alice"),
                     QStringLiteral("s3cret") }),
            qPrintable(proxy.errorString()));
        gemini::ProxySettings manual = *gemini::ProxySettings::parse(proxy.url());
        env.settings->setProxy(manual);

        CredentialStore credentials;
        ProxyLoginPrompt prompt(env.settings.get(), &credentials, env.window.get());
        prompt.attach(env.session.get());
        const QString hostPort = QStringLiteral("127.0.0.1:%1").arg(proxy.port());
        QCOMPARE(env.session->proxyHostPort(), hostPort);

        const QString folder = test::writeBatchFolder(env.dir.filePath(QStringLiteral("batches")), 1, 3, 4);
        QSignalSpy imported(env.window->importer(), &ImportController::finished);
        QVERIFY(env.window->importer()->importPaths({ folder }));
        QVERIFY(imported.wait(HangMs));
        QTRY_COMPARE_WITH_TIMEOUT(env.session->batchModel()->rowCount(), 3, HangMs);

        // No credentials yet: the first request meets the proxy's 407 and the prompt opens.
        QSignalSpy prompted(&prompt, &ProxyLoginPrompt::prompted);
        env.window->actions()->resume->trigger();
        QVERIFY(prompted.wait(HangMs));
        QCOMPARE(prompted.takeFirst().at(0).toString(), hostPort);
        ProxyLoginDialog *dialog = prompt.dialog();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel *>()->text().contains(hostPort));
        QVERIFY(dialog->findChild<QLabel *>()->text().contains(QStringLiteral("asks for a user name")));
        QCOMPARE(countOf(proxy.requestLines(), QStringLiteral(":batchGenerateContent")), 0);
        QTest::qWait(500);
        QCOMPARE(prompted.size(), 0); // one prompt however many requests were refused
        QDir().mkpath(QStringLiteral(BB_SCREENSHOT_DIR));
        QVERIFY(dialog->grab().save(QStringLiteral(BB_SCREENSHOT_DIR "/proxy-login.png")));

        // A wrong password: the proxy refuses it, and the prompt says so.
        dialog->userField()->setText(QStringLiteral("alice"));
        dialog->passwordField()->setText(QStringLiteral("nope"));
        dialog->accept();
        QVERIFY(prompted.wait(HangMs));
        prompted.clear();
        dialog = prompt.dialog();
        QVERIFY(dialog);
        QVERIFY2(dialog->findChild<QLabel *>()->text().contains(
                     QStringLiteral("refused the user name and password")),
            qPrintable(dialog->findChild<QLabel *>()->text()));
        QCOMPARE(dialog->userField()->text(), QStringLiteral("alice")); // remembered for the retry

        // The right one: the run resumes and finishes, every request through the proxy.
        dialog->passwordField()->setText(QStringLiteral("s3cret"));
        dialog->accept();
        QVERIFY(QTest::qWaitFor([&] { return env.rowsIn(BatchState::Downloaded) == 3; }, HangMs));
        QVERIFY(QTest::qWaitFor([&] { return env.session->status().allDone(); }, HangMs));
        const QStringList lines = proxy.requestLines();
        QCOMPARE(countOf(lines, QStringLiteral(":batchGenerateContent")), 3);
        QVERIFY(countOf(lines, QStringLiteral("/upload/v1beta/files")) >= 6); // start + chunk each
        QVERIFY(countOf(lines, QStringLiteral(":download")) >= 3);
        QCOMPARE(prompted.size(), 0);

        // The user name is kept with the manual proxy (where the CLI finds it too); the password
        // went to the keychain when there is one.
        QCOMPARE(env.settings->proxy().user, QStringLiteral("alice"));
        QSignalSpy read(this, &TestProxyLogin::passwordRead);
        credentials.readProxyPassword(
            hostPort, QStringLiteral("alice"), [this](const CredentialStore::Result &result) {
                emit passwordRead(int(result.status), result.secret);
            });
        QVERIFY(read.wait(60'000));
        if (read.at(0).at(0).toInt() == int(CredentialStore::Status::Ok))
            QCOMPARE(read.at(0).at(1).toString(), QStringLiteral("s3cret"));
        else
            qInfo("no keychain here: the password was used for this run only");
    }

    void settingsKeepTheProxyAndTestThroughIt()
    {
        test::TinyproxyProcess proxy;
        QVERIFY2(proxy.start({ {}, QStringLiteral("bob"), QStringLiteral("pw") }),
            qPrintable(proxy.errorString()));
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("settings.ini"));
        AppSettings settings(ini);
        CredentialStore credentials;
        SettingsDialog dialog(&settings, &credentials);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isKeyLoaded(), 60'000);

        QLineEdit *host = nullptr;
        for (QLineEdit *field : dialog.findChildren<QLineEdit *>())
            if (field->accessibleName() == QStringLiteral("Proxy host"))
                host = field;
        QVERIFY(host);
        for (QRadioButton *button : dialog.findChildren<QRadioButton *>())
            if (button->text().contains(QStringLiteral("this &proxy")))
                button->setChecked(true);
        QVERIFY(host->isEnabled());
        host->setText(QStringLiteral("127.0.0.1"));
        for (QSpinBox *port : dialog.findChildren<QSpinBox *>())
            if (port->accessibleName() == QStringLiteral("Proxy port"))
                port->setValue(proxy.port());
        QCOMPARE(dialog.proxyFromForm().hostPort(), QStringLiteral("127.0.0.1:%1").arg(proxy.port()));

        // Test connection goes through the proxy in the form (the Sandbox address is loopback).
        for (QLineEdit *field : dialog.findChildren<QLineEdit *>())
            if (field->accessibleName() == QStringLiteral("Base URL"))
                field->setText(
                    QStringLiteral("http://127.0.0.1:%1/").arg(test::TinyproxyProcess::closedPort()));
        QLabel *result = labelNamed(&dialog, QStringLiteral("Connection test result"));
        QVERIFY(result);
        for (QPushButton *button : dialog.findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("&Test connection"))
                button->click();
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("proxy")), HangMs);
        QVERIFY2(result->text().contains(QStringLiteral("requires a user name and password")),
            qPrintable(result->text()));

        QSignalSpy applied(&dialog, &SettingsDialog::applied);
        dialog.accept();
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 60'000);
        settings.sync();
        // The keys the CLI reads (ProxySettings::load on the desktop app's QSettings).
        QSettings raw(ini, QSettings::IniFormat);
        const gemini::ProxySettings stored = gemini::ProxySettings::load(raw);
        QVERIFY(stored.isManual());
        QCOMPARE(stored.hostPort(), QStringLiteral("127.0.0.1:%1").arg(proxy.port()));
    }

signals:
    void passwordRead(int status, const QString &secret);
};

QTEST_MAIN(TestProxyLogin)
#include "tst_proxylogin.moc"
