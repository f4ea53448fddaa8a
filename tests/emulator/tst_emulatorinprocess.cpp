// The emulator as a library (the desktop app's Sandbox mode runs it in-process).
#include "emulatorconfig.h"
#include "emulatorserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using bb::emulator::EmulatorConfig;
using bb::emulator::EmulatorServer;

class TestEmulatorInProcess final : public QObject
{
    Q_OBJECT

private:
    struct Result
    {
        int status = 0;
        QJsonObject json;
    };

    Result call(const QUrl &url, const QByteArray &method = QByteArrayLiteral("GET"),
        const QByteArray &body = {}, const QByteArray &key = {})
    {
        QNetworkRequest request(url);
        if (!key.isEmpty())
            request.setRawHeader("x-goog-api-key", key);
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(10000);
        Result r { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object() };
        reply->deleteLater();
        return r;
    }

    static QUrl at(const EmulatorServer &server, const QString &path)
    {
        return QUrl(server.baseUrl().toString() + path);
    }

    QNetworkAccessManager m_network;

private slots:
    void listenAndServe()
    {
        EmulatorServer server;
        QVERIFY2(server.listen(), qPrintable(server.errorString()));
        QVERIFY(server.isListening());
        QVERIFY(server.port() != 0);
        QCOMPARE(server.baseUrl().toString(), QStringLiteral("http://127.0.0.1:%1").arg(server.port()));
        const Result files = call(at(server, QStringLiteral("/v1beta/files")));
        QCOMPARE(files.status, 200);
        QCOMPARE(files.json, QJsonObject());
    }

    void configurationAndKey()
    {
        EmulatorServer server;
        EmulatorConfig config;
        config.pendingSeconds = 1;
        config.limits.concurrentBatches = 35;
        server.setConfig(config);
        server.setApiKey(QStringLiteral("k"));
        QVERIFY(server.listen(QHostAddress(QHostAddress::LocalHost), 0));
        QCOMPARE(call(at(server, QStringLiteral("/v1beta/batches"))).status, 403);
        QCOMPARE(call(at(server, QStringLiteral("/v1beta/batches")), "GET", {}, "k").status, 200);
        const Result c = call(at(server, QStringLiteral("/emulator/config")));
        QCOMPARE(
            c.json[QStringLiteral("limits")].toObject()[QStringLiteral("concurrentBatches")].toInt(), 35);

        QString error;
        QVERIFY(!server.mergeConfig({ { QStringLiteral("speed"), -1 } }, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(server.mergeConfig({ { QStringLiteral("runningSeconds"), 5 } }, &error));
        QCOMPARE(server.config().runningSeconds, 5.0);

        const QDateTime before = server.now();
        server.advanceClock(7200);
        QVERIFY(before.secsTo(server.now()) >= 7200);
        QCOMPARE(server.state()[QStringLiteral("files")].toArray().size(), 0);
        server.reset();
        QCOMPARE(server.config().runningSeconds, 120.0); // back to setConfig()'s value
        QVERIFY(qAbs(server.now().secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }

    void listenFailureIsReported()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost)));
        EmulatorServer server;
        QVERIFY(!server.listen(QHostAddress(QHostAddress::LocalHost), occupant.serverPort()));
        QVERIFY(!server.errorString().isEmpty());
        QVERIFY(!server.isListening());
    }
};

QTEST_GUILESS_MAIN(TestEmulatorInProcess)
#include "tst_emulatorinprocess.moc"
