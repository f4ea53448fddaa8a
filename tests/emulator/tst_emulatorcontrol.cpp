// Control API, fault injection, request log, emulated clock and the command line of
// gemini-emulator (issue 2 §2).
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLocale>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>

#include <csignal>

using namespace bb::test;

class TestEmulatorControl final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_emu.start(), qPrintable(m_emu.errorString())); }
    void init() { QVERIFY(m_emu.reset()); }

    void respondFaultFiresTimes()
    {
        QVERIFY(m_emu.addFaults({ QJsonObject { { QStringLiteral("method"), QStringLiteral("GET") },
            { QStringLiteral("path"), QStringLiteral("^/v1beta/files$") },
            { QStringLiteral("action"), QStringLiteral("respond") }, { QStringLiteral("status"), 503 },
            { QStringLiteral("times"), 2 } } }));
        for (int i = 0; i < 2; ++i) {
            const auto r = m_emu.get(QStringLiteral("/v1beta/files"));
            QCOMPARE(r.status, 503);
            QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("UNAVAILABLE"));
            QCOMPARE(errorOf(r)[QStringLiteral("code")].toInt(), 503);
        }
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files")).status, 200);
        QCOMPARE(m_emu.get(QStringLiteral("/v1/files")).status, 200); // path did not match
        const QJsonArray rules
            = m_emu.get(QStringLiteral("/emulator/faults")).json()[QStringLiteral("rules")].toArray();
        QCOMPARE(rules[0][QStringLiteral("fired")].toInt(), 2);
    }

    void respondFaultWithCustomBody()
    {
        const QJsonObject body { { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), 429 },
                { QStringLiteral("message"), QStringLiteral("slow down") },
                { QStringLiteral("status"), QStringLiteral("RESOURCE_EXHAUSTED") } } } };
        QVERIFY(m_emu.addFaults(
            { QJsonObject { { QStringLiteral("path"), QStringLiteral("batchGenerateContent") },
                  { QStringLiteral("status"), 429 }, { QStringLiteral("body"), body },
                  { QStringLiteral("times"), 1 } },
                QJsonObject { { QStringLiteral("path"), QStringLiteral("/batches") },
                    { QStringLiteral("status"), 500 },
                    { QStringLiteral("body"), QStringLiteral("<html>oops</html>") },
                    { QStringLiteral("times"), 1 } } }));
        auto r = createFileBatch(m_emu, QStringLiteral("files/x"), QStringLiteral("f"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.json(), body);
        r = m_emu.get(QStringLiteral("/v1beta/batches"));
        QCOMPARE(r.status, 500);
        QCOMPARE(r.body, QByteArrayLiteral("<html>oops</html>"));
        QCOMPARE(m_emu.state()[QStringLiteral("responses429")].toInt(), 1);
    }

    void resetFault()
    {
        // QNetworkAccessManager silently re-sends a request (POST included) up to twice when a
        // connection drops before the reply; three resets make the failure reach the caller.
        QVERIFY(m_emu.addFaults({ QJsonObject { { QStringLiteral("path"), QStringLiteral("files") },
            { QStringLiteral("action"), QStringLiteral("reset") }, { QStringLiteral("times"), 3 } } }));
        auto r = m_emu.get(QStringLiteral("/v1beta/files"));
        QCOMPARE(r.status, 0);
        QVERIFY(!r.error.isEmpty());
        int resets = 0;
        for (const QJsonValue &e : m_emu.requests())
            resets += e[QStringLiteral("fault")].toString() == QLatin1String("reset") ? 1 : 0;
        QVERIFY(resets >= 1);
        QCOMPARE(m_emu.get(QStringLiteral("/emulator/faults"))
                     .json()[QStringLiteral("rules")]
                     .toArray()[0][QStringLiteral("fired")]
                     .toInt(),
            resets);
        QVERIFY(m_emu.clearFaults());
        r = m_emu.get(QStringLiteral("/v1beta/files"));
        QCOMPARE(r.status, 200);
    }

    void hangFault()
    {
        QVERIFY(m_emu.addFaults({ QJsonObject { { QStringLiteral("path"), QStringLiteral("batches") },
            { QStringLiteral("action"), QStringLiteral("hang") }, { QStringLiteral("times"), 1 } } }));
        QElapsedTimer timer;
        timer.start();
        auto r = m_emu.request("GET", QStringLiteral("/v1beta/batches"), {}, {}, 1500);
        QCOMPARE(r.status, 0); // the client gave up
        QVERIFY(timer.elapsed() >= 1400);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/batches")).status, 200);
        // A hung connection does not stop the server from answering others.
        QCOMPARE(m_emu.get(QStringLiteral("/emulator/state")).status, 200);
    }

    void delayFault()
    {
        QVERIFY(m_emu.addFaults({ QJsonObject { { QStringLiteral("method"), QStringLiteral("GET") },
            { QStringLiteral("path"), QStringLiteral("files") },
            { QStringLiteral("action"), QStringLiteral("delay") }, { QStringLiteral("delayMs"), 800 },
            { QStringLiteral("times"), 1 } } }));
        QElapsedTimer timer;
        timer.start();
        const auto r = m_emu.get(QStringLiteral("/v1beta/files"));
        QCOMPARE(r.status, 200);
        QVERIFY2(timer.elapsed() >= 750, qPrintable(QString::number(timer.elapsed())));
        // The second request was not delayed: the rule fired once, and only on the first one.
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files")).status, 200);
        const QJsonArray log = m_emu.requests();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log[0][QStringLiteral("fault")].toString(), QStringLiteral("delay"));
        QVERIFY2(!log[1].toObject().contains(QStringLiteral("fault")),
            qPrintable(log[1][QStringLiteral("fault")].toString()));
        QCOMPARE(m_emu.get(QStringLiteral("/emulator/faults"))
                     .json()[QStringLiteral("rules")]
                     .toArray()[0][QStringLiteral("fired")]
                     .toInt(),
            1);
    }

    void afterBytesKeepsThePrefix()
    {
        QByteArray data(10000, Qt::Uninitialized);
        for (int i = 0; i < data.size(); ++i)
            data[i] = char('a' + i % 26);
        const QUrl session = startUpload(m_emu, data.size(), QStringLiteral("cut.bin"));
        QVERIFY(m_emu.addFaults({ QJsonObject { { QStringLiteral("method"), QStringLiteral("POST") },
            { QStringLiteral("path"), QStringLiteral("upload_id=") },
            { QStringLiteral("command"), QStringLiteral("upload") }, { QStringLiteral("afterBytes"), 3000 },
            { QStringLiteral("times"), 3 } } }));
        // The first attempt keeps 3000 bytes; QNAM's automatic re-sends (offset 0 again) keep nothing.
        auto r = sendChunk(m_emu, session, data, 0, true);
        QCOMPARE(r.status, 0); // connection dropped mid-body
        QVERIFY(m_emu.clearFaults());
        r = uploadCommand(m_emu, session, QByteArrayLiteral("query"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Goog-Upload-Status"), QByteArrayLiteral("active"));
        QCOMPARE(r.header("X-Goog-Upload-Size-Received"), QByteArrayLiteral("3000"));
        r = sendChunk(m_emu, session, data.mid(3000), 3000, true);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QStringLiteral("file")].toObject()[QStringLiteral("sha256Hash")].toString(),
            expectedSha256Hash(data));
        QCOMPARE(
            m_emu.state()[QStringLiteral("uploadCommands")].toObject()[QStringLiteral("query")].toInt(), 1);
    }

    void badFaultRules()
    {
        QCOMPARE(
            m_emu
                .postJson(QStringLiteral("/emulator/faults"),
                    { { QStringLiteral("rules"),
                        QJsonArray { QJsonObject { { QStringLiteral("path"), QStringLiteral("(") } } } } })
                .status,
            400);
        QCOMPARE(m_emu
                     .postJson(QStringLiteral("/emulator/faults"),
                         { { QStringLiteral("rules"),
                             QJsonArray { QJsonObject {
                                 { QStringLiteral("action"), QStringLiteral("explode") } } } } })
                     .status,
            400);
        QVERIFY(m_emu.addFaults({ QJsonObject { { QStringLiteral("status"), 500 } } }));
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files")).status, 500);
        QVERIFY(m_emu.clearFaults());
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files")).status, 200);
    }

    void requestLog()
    {
        uploadBytes(m_emu, QByteArrayLiteral("{\"key\":\"a\",\"request\":{}}\n"), 100);
        m_emu.get(QStringLiteral("/v1beta/files?pageSize=3"), { { "X-Custom-Thing", "yes" } });
        const QJsonArray log = m_emu.requests();
        QCOMPARE(log.size(), 3);
        const QJsonObject start = log[0].toObject();
        QCOMPARE(start[QStringLiteral("method")].toString(), QStringLiteral("POST"));
        QCOMPARE(start[QStringLiteral("path")].toString(), QStringLiteral("/upload/v1beta/files"));
        QCOMPARE(start[QStringLiteral("route")].toString(), QStringLiteral("POST /upload/v1beta/files"));
        QCOMPARE(
            start[QStringLiteral("headers")].toObject()[QStringLiteral("x-goog-upload-command")].toString(),
            QStringLiteral("start"));
        QCOMPARE(start[QStringLiteral("body")]
                     .toObject()[QStringLiteral("file")]
                     .toObject()[QStringLiteral("displayName")]
                     .toString(),
            QStringLiteral("input.jsonl"));
        QCOMPARE(start[QStringLiteral("status")].toInt(), 200);
        QCOMPARE(start[QStringLiteral("hasApiKeyHeader")].toBool(), false);
        const QJsonObject chunk = log[1].toObject();
        QCOMPARE(chunk[QStringLiteral("bodyBytes")].toInt(), 25);
        QVERIFY(chunk[QStringLiteral("query")].toString().contains(QStringLiteral("upload_id=")));
        const QJsonObject list = log[2].toObject();
        QCOMPARE(list[QStringLiteral("query")].toString(), QStringLiteral("pageSize=3"));
        QCOMPARE(list[QStringLiteral("headers")].toObject()[QStringLiteral("x-custom-thing")].toString(),
            QStringLiteral("yes"));
        const quint64 lastSeq = quint64(list[QStringLiteral("seq")].toDouble());
        QCOMPARE(m_emu.requests(lastSeq).size(), 0);
        QCOMPARE(m_emu.requests(lastSeq - 1).size(), 1);
    }

    void clockAdvanceSpeedAndDateHeader()
    {
        const auto parse = [](const QString &t) { return QDateTime::fromString(t, Qt::ISODateWithMs); };
        // Frozen (any positive speed is accepted; 0 would mean the default 1): only the advance moves it.
        QVERIFY(!m_emu.configure({ { QStringLiteral("speed"), 1e-9 } }).isEmpty());
        const QDateTime before = parse(m_emu.state()[QStringLiteral("now")].toString());
        const auto r = m_emu.postJson(
            QStringLiteral("/emulator/clock"), { { QStringLiteral("advanceSeconds"), 86400 } });
        QCOMPARE(r.status, 200);
        const QDateTime after = parse(r.json()[QStringLiteral("now")].toString());
        QCOMPARE(before.msecsTo(after), qint64(86400'000));
        QCOMPARE(
            m_emu.postJson(QStringLiteral("/emulator/clock"), { { QStringLiteral("advanceSeconds"), -5 } })
                .status,
            400);

        // Every reply carries the emulated time in its Date header.
        const auto files = m_emu.get(QStringLiteral("/v1beta/files"));
        const QDateTime date = QLocale::c().toDateTime(
            QString::fromLatin1(files.header("Date")), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        QVERIFY(date.isValid());
        QVERIFY(qAbs(QDateTime(date.date(), date.time(), Qt::UTC).secsTo(after)) <= 1); // whole seconds

        QVERIFY(!m_emu.configure({ { QStringLiteral("speed"), 3600 } }).isEmpty());
        const QDateTime t0 = parse(m_emu.state()[QStringLiteral("now")].toString());
        QTest::qWait(1000);
        const qint64 emulated = t0.secsTo(parse(m_emu.state()[QStringLiteral("now")].toString()));
        QVERIFY2(emulated >= 3000, qPrintable(QString::number(emulated)));
    }

    void resetForgetsEverything()
    {
        uploadAndCreate(m_emu, 2, QStringLiteral("r"));
        QVERIFY(m_emu.addFaults(
            { QJsonObject { { QStringLiteral("path"), QStringLiteral("nothing-matches-this") } } }));
        QVERIFY(!m_emu.configure({ { QStringLiteral("pendingSeconds"), 1234 } }).isEmpty());
        QVERIFY(m_emu.reset());
        const QJsonObject state = m_emu.state();
        QVERIFY(state[QStringLiteral("files")].toArray().isEmpty());
        QVERIFY(state[QStringLiteral("batches")].toArray().isEmpty());
        QVERIFY(state[QStringLiteral("faults")].toArray().isEmpty());
        QVERIFY(state[QStringLiteral("requestCounts")].toObject().isEmpty());
        QVERIFY(state[QStringLiteral("batchCreatesByDisplayName")].toObject().isEmpty());
        QCOMPARE(
            state[QStringLiteral("config")].toObject()[QStringLiteral("pendingSeconds")].toDouble(), 30.0);
        QCOMPARE(m_emu.get(QStringLiteral("/emulator/nope")).status, 404);
    }

    void expectContinueAndGarbage()
    {
        // curl sends "Expect: 100-continue" for bodies over 1 MiB and waits for the interim reply.
        QTcpSocket socket;
        socket.connectToHost(m_emu.baseUrl().host(), m_emu.port());
        QVERIFY(socket.waitForConnected(30'000));
        const QByteArray body = QByteArrayLiteral("{\"batch\":{}}");
        socket.write(
            "POST /v1beta/models/gemini-3.5-flash:batchGenerateContent HTTP/1.1\r\nHost: x\r\nContent-Type: "
            "application/json\r\n"
            "Expect: 100-continue\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n");
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (!got.contains("\r\n\r\n") && timer.elapsed() < 10'000 && socket.waitForReadyRead(10'000))
            got += socket.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), got.constData());
        socket.write(body);
        got.clear();
        timer.restart();
        while (!got.contains("}\n}") && timer.elapsed() < 30'000 && socket.waitForReadyRead(30'000))
            got += socket.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 400 "), got.constData());

        // Bytes that are not HTTP at all never take the server down.
        QTcpSocket garbage;
        garbage.connectToHost(m_emu.baseUrl().host(), m_emu.port());
        QVERIFY(garbage.waitForConnected(30'000));
        QByteArray noise(4096, Qt::Uninitialized);
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 7919) % 251);
        garbage.write(noise);
        garbage.write("\r\n\r\nGET / HTTP/9.9\r\n\r\n");
        garbage.waitForBytesWritten(2000);
        garbage.waitForDisconnected(1000);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files")).status, 200);
    }

    void commandLine()
    {
        QTemporaryFile config;
        QVERIFY(config.open());
        config.write(R"({"pendingSeconds": 7, "failedLineRate": 0.5, "limits": {"concurrentBatches": 35}})");
        config.flush();
        EmulatorProcess custom;
        QVERIFY2(custom.start({ QStringLiteral("--speed"), QStringLiteral("100"), QStringLiteral("--config"),
                     config.fileName(), QStringLiteral("--host"), QStringLiteral("127.0.0.1") }),
            qPrintable(custom.errorString()));
        QCOMPARE(custom.baseUrl().toString(), QStringLiteral("http://127.0.0.1:%1").arg(custom.port()));
        QVERIFY(custom.port() != 0);
        const QJsonObject c = custom.get(QStringLiteral("/emulator/config")).json();
        QCOMPARE(c[QStringLiteral("speed")].toDouble(), 100.0);
        QCOMPARE(c[QStringLiteral("pendingSeconds")].toDouble(), 7.0);
        QCOMPARE(c[QStringLiteral("failedLineRate")].toDouble(), 0.5);
        QCOMPARE(c[QStringLiteral("limits")].toObject()[QStringLiteral("concurrentBatches")].toInt(), 35);
        // /emulator/reset returns to the command-line configuration, not the built-in defaults.
        QVERIFY(custom.reset());
        QCOMPARE(custom.get(QStringLiteral("/emulator/config"))
                     .json()[QStringLiteral("pendingSeconds")]
                     .toDouble(),
            7.0);
        QVERIFY(custom.stop()); // SIGTERM → exit code 0

        EmulatorProcess interrupted;
        QVERIFY(interrupted.start());
        ::kill(pid_t(interrupted.processId()), SIGINT);
        QVERIFY(interrupted.process().waitForFinished(60'000));
        QCOMPARE(interrupted.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(interrupted.process().exitCode(), 0);

        EmulatorProcess bad;
        QVERIFY(!bad.start({ QStringLiteral("--port"), QStringLiteral("notaport") }));
        QTemporaryFile broken;
        QVERIFY(broken.open());
        broken.write("{not json");
        broken.flush();
        QVERIFY(!bad.start({ QStringLiteral("--config"), broken.fileName() }));
    }

private:
    EmulatorProcess m_emu;
};

QTEST_GUILESS_MAIN(TestEmulatorControl)
#include "tst_emulatorcontrol.moc"
