// Secrets (issue 6): a full run with a sentinel API key — through the CLI and through the desktop
// window — leaves the key nowhere on disk or in any output: not in the project file or its WAL,
// not in QSettings files, logs, stdout/stderr, error output, screenshots, results or exports. The
// key travels only in the x-goog-api-key header. Remote base URLs must be https (loopback
// excepted) and TLS errors are never ignored.
#include "appsettings.h"
#include "batchfolder.h"
#include "clirunner.h"
#include "emulatorprocess.h"
#include "exportcontroller.h"
#include "filejobs.h"
#include "geminiclient.h"
#include "mainwindow.h"
#include "projectsession.h"
#include "submissionengine.h"
#include "uploadchunksender.h"
#include "urlpolicy.h"

#include <QApplication>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QPointer>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

// Makes `server` listen on loopback with a self-signed certificate for 127.0.0.1 (also as an IP
// subject alternative name) made by the openssl tool. Returns why the test must be skipped, or
// nothing.
QString listenWithSelfSignedCertificate(QSslServer *server, QSslCertificate *certificate)
{
    if (!QSslSocket::supportsSsl())
        return QStringLiteral("no TLS backend in this Qt build");
    QTemporaryDir dir;
    const QString keyPath = dir.filePath(QStringLiteral("key.pem"));
    const QString certPath = dir.filePath(QStringLiteral("cert.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), keyPath,
            QStringLiteral("-out"), certPath, QStringLiteral("-days"), QStringLiteral("1"),
            QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
            QStringLiteral("subjectAltName=IP:127.0.0.1") });
    QFile keyFile(keyPath);
    QFile certFile(certPath);
    if (!openssl.waitForFinished(30'000) || openssl.exitCode() != 0 || !keyFile.open(QIODevice::ReadOnly)
        || !certFile.open(QIODevice::ReadOnly))
        return QStringLiteral("the openssl tool is not available to make a test certificate");
    *certificate = QSslCertificate(&certFile, QSsl::Pem);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(*certificate);
    tls.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    server->setSslConfiguration(tls);
    if (!server->listen(QHostAddress::LocalHost, 0))
        return QStringLiteral("cannot listen on loopback: ") + server->errorString();
    return {};
}

const QString kSentinel = QStringLiteral("AIzaSy-SENTINEL-0123456789abcdefghijKLMNOP");
const QString kWrongSentinel = QStringLiteral("AIzaSy-SENTINEL-WRONG-zyxwvutsrqponmlkjih");

QFile *g_log = nullptr;
QtMessageHandler g_previous = nullptr;

// Everything the process logs also goes to a file in the sandbox, which the search covers.
void logToFile(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (g_log) {
        g_log->write(message.toUtf8() + '\n');
        g_log->flush();
    }
    if (g_previous)
        g_previous(type, context, message);
}

QString describe(const QList<test::FoundIn> &found)
{
    QStringList where;
    for (const test::FoundIn &f : found)
        where.append(QStringLiteral("%1 @%2").arg(f.path).arg(f.offset));
    return where.join(QStringLiteral(", "));
}

// The key in any spelling a leak could take: plain, UTF-16 (QSettings/SQLite text), base64, URL.
QList<QByteArray> spellings(const QString &key)
{
    const QByteArray utf8 = key.toUtf8();
    QByteArray utf16(reinterpret_cast<const char *>(key.utf16()), key.size() * 2);
    return { utf8, utf16, utf8.toBase64(), QUrl::toPercentEncoding(key), utf8.left(24) };
}

QList<test::FoundIn> findKey(const QString &root, const QString &key)
{
    QList<test::FoundIn> found;
    for (const QByteArray &needle : spellings(key))
        found += test::findBytes(root, needle);
    return found;
}

// The emulator's request log leaves out the x-goog-api-key header; the sentinel appearing anywhere
// else in it (path, query, other headers, body) is a leak.
QString requestLogProblem(test::EmulatorProcess &emulator, int *withHeader)
{
    const QJsonArray requests = emulator.requests();
    if (requests.isEmpty())
        return QStringLiteral("no requests logged");
    *withHeader = 0;
    for (const QJsonValue &v : requests) {
        const QJsonObject r = v.toObject();
        const QByteArray text = QJsonDocument(r).toJson(QJsonDocument::Compact);
        for (const QByteArray &needle : spellings(kSentinel)) {
            if (text.contains(needle))
                return QStringLiteral("key outside the header: ") + QString::fromUtf8(text.left(400));
        }
        if (r.value(QStringLiteral("hasApiKeyQuery")).toBool())
            return QStringLiteral("key in the query of ") + r.value(QStringLiteral("path")).toString();
        const bool session = r.value(QStringLiteral("route")).toString().contains(QLatin1String("upload_id"));
        if (r.value(QStringLiteral("hasApiKeyHeader")).toBool())
            ++*withHeader;
        else if (!session)
            return QStringLiteral("an API request without the key header: ")
                + r.value(QStringLiteral("path")).toString();
    }
    return QString();
}

bool dropOn(QWidget *w, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls.append(QUrl::fromLocalFile(p));
    mime.setUrls(urls);
    const QPoint pos(w->width() / 2, w->height() / 2);
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w, &move);
    QDropEvent dropEvent(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w, &dropEvent);
    return dropEvent.isAccepted();
}

} // namespace

class TestSecrets final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_sandbox; // HOME, XDG_* and the log of this process

private slots:
    void initTestCase()
    {
        QVERIFY(m_sandbox.isValid());
        for (const char *name :
            { "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" }) {
            const QString path = m_sandbox.filePath(QString::fromLatin1(name).toLower());
            QDir().mkpath(path);
            qputenv(name, QFile::encodeName(path));
        }
        QCoreApplication::setOrganizationName(QStringLiteral("BatchboardSecretsTest"));
        QCoreApplication::setApplicationName(QStringLiteral("Batchboard"));
        g_log = new QFile(m_sandbox.filePath(QStringLiteral("process.log")), this);
        QVERIFY(g_log->open(QIODevice::WriteOnly | QIODevice::Append));
        g_previous = qInstallMessageHandler(logToFile);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        g_log = nullptr;
        // Last: the whole sandbox of this process, log included, holds no key.
        const QList<test::FoundIn> found = findKey(m_sandbox.path(), kSentinel);
        QVERIFY2(found.isEmpty(), qPrintable(describe(found)));
    }

    void cliRunKeepsTheKeySecret()
    {
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, 4, 20);
        test::EmulatorProcess emulator;
        QVERIFY2(
            emulator.start({ QStringLiteral("--api-key"), kSentinel }), qPrintable(emulator.errorString()));
        emulator.configure({ { QStringLiteral("speed"), 100 }, { QStringLiteral("pendingSeconds"), 10 },
            { QStringLiteral("runningSeconds"), 60 }, { QStringLiteral("failedLineRate"), 0.05 } });

        QProcessEnvironment env;
        for (const char *name :
            { "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" })
            env.insert(QString::fromLatin1(name), dir.filePath(QString::fromLatin1(name).toLower()));
        env.insert(QStringLiteral("GEMINI_API_KEY"), kSentinel);
        env.insert(QStringLiteral("BATCHBOARD_POLL_MIN_MS"), QStringLiteral("100"));
        const QString project = dir.filePath(QStringLiteral("work/secret.batchboard"));
        QDir().mkpath(dir.filePath(QStringLiteral("work")));
        const QStringList common { QStringLiteral("--project"), project, QStringLiteral("--base-url"),
            emulator.baseUrl().toString() };

        QFile transcript(dir.filePath(QStringLiteral("cli-output.txt")));
        QVERIFY(transcript.open(QIODevice::WriteOnly));
        const auto run = [&](const QStringList &command, int timeoutMs, const QProcessEnvironment &e) {
            const test::CliResult r = test::runCli(command + common, timeoutMs, e);
            transcript.write(r.out + r.err);
            return r;
        };
        QCOMPARE(run({ QStringLiteral("import"), folder }, 60'000, env).exitCode, 0);
        const test::CliResult resumed
            = run({ QStringLiteral("resume"), QStringLiteral("--until-done") }, 300'000, env);
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(run({ QStringLiteral("status"), QStringLiteral("--json") }, 30'000, env).exitCode, 0);
        QCOMPARE(run({ QStringLiteral("export"), QStringLiteral("--out"),
                         dir.filePath(QStringLiteral("work/export.jsonl")) },
                     30'000, env)
                     .exitCode,
            0);
        QCOMPARE(run({ QStringLiteral("cleanup") }, 60'000, env).exitCode, 0);

        // A wrong key: the error output names the problem, never the key.
        QProcessEnvironment wrong = env;
        wrong.insert(QStringLiteral("GEMINI_API_KEY"), kWrongSentinel);
        QDir().mkpath(dir.filePath(QStringLiteral("wrong")));
        const test::CliResult refused
            = test::runCli({ QStringLiteral("resume"), QStringLiteral("--project"),
                               dir.filePath(QStringLiteral("wrong/w.batchboard")),
                               QStringLiteral("--base-url"), emulator.baseUrl().toString() },
                60'000, wrong);
        transcript.write(refused.out + refused.err);
        QVERIFY2(refused.exitCode != 0, "a wrong key was accepted");
        transcript.close();

        QVERIFY(QFile::exists(project));
        const QList<test::FoundIn> found
            = findKey(dir.path(), kSentinel) + findKey(dir.path(), kWrongSentinel);
        QVERIFY2(found.isEmpty(), qPrintable(describe(found)));

        int withHeader = 0;
        const QString problem = requestLogProblem(emulator, &withHeader);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(withHeader > 10);
    }

    void desktopRunKeepsTheKeySecret()
    {
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, 3, 10);
        test::EmulatorProcess emulator;
        QVERIFY2(
            emulator.start({ QStringLiteral("--api-key"), kSentinel }), qPrintable(emulator.errorString()));
        emulator.configure({ { QStringLiteral("speed"), 100 }, { QStringLiteral("pendingSeconds"), 10 },
            { QStringLiteral("runningSeconds"), 60 } });
        {
            AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
            settings.setPollIntervalSeconds(5);
            ProjectSession session;
            QVERIFY(!session.open(dir.filePath(QStringLiteral("desk.batchboard"))));
            QString why;
            QVERIFY2(session.connectTo(emulator.baseUrl(), kSentinel, &why), qPrintable(why));
            EngineSettings engine;
            settings.fillEngineSettings(engine, session.model());
            session.applySettings(engine);
            MainWindow window(&settings);
            window.setSession(&session);
            window.resize(1200, 800);
            window.show();
            QVERIFY(dropOn(&window, { folder }));
            QTRY_VERIFY_WITH_TIMEOUT(session.batches().size() == 3, 300'000);
            session.engine()->resume();
            QTRY_VERIFY_WITH_TIMEOUT(session.status().allDone(), 300'000);
            QVERIFY(window.grab().save(dir.filePath(QStringLiteral("screenshot.png"))));

            ExportController exporter;
            QSignalSpy exported(&exporter, &ExportController::finished);
            QVERIFY(exporter.start(session.projectPath(), dir.filePath(QStringLiteral("export.jsonl"))));
            QVERIFY(exported.wait(30'000));
            QSettings defaults; // the app's own QSettings, under the sandboxed XDG_CONFIG_HOME
            defaults.setValue(QStringLiteral("secretsTest/touched"), true);
            defaults.sync();
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("screenshot.png"))));
        const QList<test::FoundIn> found
            = findKey(dir.path(), kSentinel) + findKey(m_sandbox.path(), kSentinel);
        QVERIFY2(found.isEmpty(), qPrintable(describe(found)));
        int withHeader = 0;
        const QString problem = requestLogProblem(emulator, &withHeader);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(withHeader > 5);
    }

    void remoteBaseUrlsMustBeHttps()
    {
        for (const char *url : { "http://generativelanguage.googleapis.com/", "http://10.0.0.5:8080/",
                 "ftp://example.com/", "file:///etc/passwd", "http://localhost.evil.com/" }) {
            gemini::GeminiClient client;
            QVERIFY2(!client.setBaseUrl(QUrl(QString::fromLatin1(url))), url);
            QVERIFY2(!client.baseUrlError().isEmpty(), url);
            ProjectSession session;
            QString why;
            QVERIFY2(!session.connectTo(QUrl(QString::fromLatin1(url)), kSentinel, &why), url);
            QVERIFY2(!why.isEmpty(), url);
        }
        for (const char *url : { "https://generativelanguage.googleapis.com/", "http://127.0.0.1:8080/",
                 "http://localhost:1/", "http://[::1]:9/" }) {
            gemini::GeminiClient client;
            QVERIFY2(client.setBaseUrl(QUrl(QString::fromLatin1(url))), qPrintable(client.baseUrlError()));
        }
        // The key never goes into a URL: a base URL with a query is refused as well.
        gemini::GeminiClient client;
        QVERIFY(!client.setBaseUrl(QUrl(QStringLiteral("https://generativelanguage.googleapis.com/?key=x"))));

        QTemporaryDir dir;
        QProcessEnvironment env;
        env.insert(QStringLiteral("GEMINI_API_KEY"), kSentinel);
        const test::CliResult r
            = test::runCli({ QStringLiteral("resume"), QStringLiteral("--project"),
                               dir.filePath(QStringLiteral("p.batchboard")), QStringLiteral("--base-url"),
                               QStringLiteral("http://generativelanguage.googleapis.com/") },
                30'000, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("https"), r.err.constData());
        QVERIFY(!r.err.contains(kSentinel.toUtf8()));
    }

    void tlsErrorsAreNeverIgnored()
    {
#ifdef BB_SOURCE_DIR
        QDirIterator it(QStringLiteral(BB_SOURCE_DIR), { QStringLiteral("*.cpp"), QStringLiteral("*.h") },
            QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(QLatin1String("/build")) || path.contains(QLatin1String("/tests/")))
                continue;
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("ignoreSslErrors"), qPrintable(path));
        }
#endif
        QSslServer server;
        QSslCertificate certificate;
        if (const QString skip = listenWithSelfSignedCertificate(&server, &certificate); !skip.isEmpty())
            QSKIP(qPrintable(skip));

        gemini::GeminiClient client;
        client.setRequestTimeout(30'000);
        QVERIFY(client.setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(server.serverPort()))));
        client.setApiKey(kSentinel);
        gemini::FileJob *job = client.getFile(QStringLiteral("files/abc"));
        QSignalSpy finished(job, &gemini::GeminiJob::finished);
        job->start();
        QVERIFY(finished.wait(60'000));
        const gemini::ApiError error = job->error();
        QCOMPARE(error.kind, gemini::ApiError::Kind::Network);
        QCOMPARE(error.networkError, QNetworkReply::SslHandshakeFailedError);
        QVERIFY2(error.toString().contains(QLatin1String("TLS")), qPrintable(error.toString()));
        QVERIFY(!error.toString().contains(kSentinel));
    }

    // Upload chunks bypass QNetworkAccessManager (UploadChunkSender): the same TLS rules hold.
    // A real TLS server on loopback: untrusted, the key never leaves in any form; trusted (its
    // certificate added as a CA), the chunk arrives whole with the key in its header only.
    void uploadChunksVerifyTls()
    {
        QSslServer server;
        QSslCertificate certificate;
        if (const QString skip = listenWithSelfSignedCertificate(&server, &certificate); !skip.isEmpty())
            QSKIP(qPrintable(skip));
        const QByteArray body = QByteArray(300 * 1024, 'q');
        QByteArray received; // of the current request
        int connections = 0;
        QPointer<QTcpSocket> lastConnection;
        connect(&server, &QTcpServer::pendingConnectionAvailable, this, [&] {
            QTcpSocket *socket = server.nextPendingConnection();
            ++connections;
            lastConnection = socket;
            connect(socket, &QIODevice::readyRead, socket, [&, socket] {
                received += socket->readAll();
                if (received.size() >= body.size() && received.endsWith(body)) {
                    socket->write("HTTP/1.1 200 OK\r\nX-Goog-Upload-Status: active\r\n"
                                  "X-Goog-Upload-Size-Received: 307200\r\nContent-Length: 0\r\n\r\n");
                }
            });
        });

        QNetworkRequest request(QUrl(
            QStringLiteral("https://127.0.0.1:%1/upload/v1beta/files?upload_id=x").arg(server.serverPort())));
        request.setRawHeader("x-goog-api-key", kSentinel.toUtf8());
        request.setRawHeader("X-Goog-Upload-Command", "upload");
        request.setRawHeader("X-Goog-Upload-Offset", "0");

        gemini::UploadChunkSender untrusted;
        QSignalSpy untrustedDone(&untrusted, &gemini::UploadChunkSender::finished);
        untrusted.post(request, body, 30'000);
        QVERIFY(untrustedDone.wait(60'000));
        QCOMPARE(untrusted.reply().networkError, QNetworkReply::SslHandshakeFailedError);
        QCOMPARE(untrusted.reply().status, 0);
        QVERIFY(received.isEmpty());

        QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
        trust.addCaCertificate(certificate);
        request.setSslConfiguration(trust);
        gemini::UploadChunkSender trusted;
        QSignalSpy trustedDone(&trusted, &gemini::UploadChunkSender::finished);
        trusted.post(request, body, 30'000);
        QVERIFY(trustedDone.wait(60'000));
        QVERIFY2(trusted.reply().networkError == QNetworkReply::NoError,
            qPrintable(trusted.reply().networkErrorString));
        QCOMPARE(trusted.reply().status, 200);
        QCOMPARE(trusted.reply().header("x-goog-upload-status"), QByteArray("active"));
        QVERIFY(received.startsWith("POST /upload/v1beta/files?upload_id=x HTTP/1.1\r\n"));
        QVERIFY(received.contains(QByteArray("\r\nx-goog-api-key: " + kSentinel.toUtf8() + "\r\n")));
        QCOMPARE(received.count(kSentinel.toUtf8()), 1);
        QVERIFY(received.endsWith(QByteArray("\r\n\r\n" + body)));
        QCOMPARE(connections, 1);

        // The next chunk rides the same (verified) connection...
        received.clear();
        trusted.post(request, body, 30'000);
        QVERIFY(trustedDone.wait(60'000));
        QCOMPARE(trusted.reply().status, 200);
        QCOMPARE(connections, 1);
        QVERIFY(received.endsWith(QByteArray("\r\n\r\n" + body)));

        // ...and when the server has dropped the idle connection, it goes out once more on a new one.
        received.clear();
        QVERIFY(lastConnection);
        lastConnection->abort();
        trusted.post(request, body, 30'000);
        QVERIFY(trustedDone.wait(60'000));
        QVERIFY2(trusted.reply().networkError == QNetworkReply::NoError,
            qPrintable(trusted.reply().networkErrorString));
        QCOMPARE(trusted.reply().status, 200);
        QCOMPARE(connections, 2);
        QVERIFY(received.startsWith("POST /upload/v1beta/files?upload_id=x HTTP/1.1\r\n"));
    }
};

QTEST_MAIN(TestSecrets)
#include "tst_secrets.moc"
