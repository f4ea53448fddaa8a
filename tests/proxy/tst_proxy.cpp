// Proxies (issue 16 #9) with a real tinyproxy on 127.0.0.1 in front of the emulator: a whole CLI
// run goes through it (every request kind, the same count as the emulator saw), a proxy that
// refuses connections, a proxy that wants credentials, a refused CONNECT tunnel, upload chunks on
// the client's own sockets; and the resolver's order of precedence as a table.
//
// Loopback never uses a proxy unless BATCHBOARD_PROXY_LOOPBACK=1, which every case here sets.
// Timeouts only catch hangs; the emulator's `speed` makes the run short.
#include "batchfolder.h"
#include "emulatorprocess.h"
#include "filejobs.h"
#include "geminiclient.h"
#include "proxyresolver.h"
#include "tinyproxyprocess.h"
#include "uploadchunksender.h"
#include "uploadjob.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;

namespace {

constexpr int HangMs = 600'000; // only a hang takes this long

struct Run
{
    int exitCode = -1;
    QByteArray output;
};

// The CLI with no proxy variables of the machine, no desktop settings (a fresh XDG_CONFIG_HOME)
// and loopback through proxies; `env` adds or overrides variables.
Run runCli(const QStringList &arguments, const QMap<QString, QString> &env = {})
{
    QTemporaryDir config;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy",
             "ALL_PROXY", "no_proxy", "NO_PROXY" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("GEMINI_API_KEY"), QString());
    environment.insert(QStringLiteral("BATCHBOARD_POLL_MIN_MS"), QStringLiteral("2000"));
    environment.insert(QStringLiteral("BATCHBOARD_PROXY_LOOPBACK"), QStringLiteral("1"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    for (auto it = env.begin(); it != env.end(); ++it)
        environment.insert(it.key(), it.value());
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(BB_CLI_PATH), arguments);
    Run run;
    if (!process.waitForFinished(HangMs)) {
        process.kill();
        process.waitForFinished();
        run.output = "(hung) " + process.readAllStandardOutput() + process.readAllStandardError();
        return run;
    }
    run.output = process.readAllStandardOutput() + process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

// What a request was, from its method and path: the same names for tinyproxy's log and the
// emulator's.
QString kindOf(const QString &method, const QString &path, const QString &query)
{
    const bool post = method == QLatin1StringView("POST");
    const bool get = method == QLatin1StringView("GET");
    if (post && path.endsWith(QLatin1StringView("/upload/v1beta/files")))
        return query.contains(QLatin1StringView("upload_id=")) ? QStringLiteral("upload.chunk")
                                                               : QStringLiteral("upload.start");
    if (post && path.endsWith(QLatin1StringView(":batchGenerateContent")))
        return QStringLiteral("batch.create");
    if (get && path.endsWith(QLatin1StringView(":download")))
        return QStringLiteral("download");
    if (get && path.contains(QLatin1StringView("/batches")))
        return QStringLiteral("batch.poll");
    if (get && path.contains(QLatin1StringView("/files")))
        return QStringLiteral("file.list");
    return method + u' ' + path;
}

// "POST http://127.0.0.1:1234/upload/v1beta/files?upload_id=x HTTP/1.1" → counts per kind.
QMap<QString, int> proxiedKinds(const QStringList &requestLines)
{
    QMap<QString, int> counts;
    for (const QString &line : requestLines) {
        const QStringList parts = line.split(u' ');
        if (parts.size() != 3 || parts[0] == QLatin1StringView("CONNECT"))
            continue;
        const QUrl url(parts[1]);
        counts[kindOf(parts[0], url.path(), url.query())] += 1;
    }
    return counts;
}

QMap<QString, int> emulatorKinds(test::EmulatorProcess &emulator)
{
    QMap<QString, int> counts;
    for (const QJsonValue &value : emulator.requests()) {
        const QJsonObject entry = value.toObject();
        const QString path = entry.value(QStringLiteral("path")).toString();
        if (path.startsWith(QLatin1StringView("/emulator")))
            continue; // the test's own control calls, direct
        counts[kindOf(entry.value(QStringLiteral("method")).toString(), path,
            entry.value(QStringLiteral("query")).toString())]
            += 1;
    }
    return counts;
}

QString describe(const QMap<QString, int> &counts)
{
    QStringList parts;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        parts.append(QStringLiteral("%1=%2").arg(it.key()).arg(it.value()));
    return parts.join(QStringLiteral(", "));
}

gemini::ProxySettings manual(const QString &url)
{
    return gemini::ProxySettings::parse(url).value_or(gemini::ProxySettings {});
}

} // namespace

class TestProxy final : public QObject
{
    Q_OBJECT

private:
    bool m_haveTinyproxy = false;

    // A started emulator and a project with `files` imported batches; `common` holds the options.
    bool prepare(QTemporaryDir &dir, test::EmulatorProcess &emulator, int files, QStringList *common)
    {
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 1, files, 5);
        if (!emulator.start())
            return false;
        emulator.configure({ { QStringLiteral("speed"), 600 }, { QStringLiteral("pendingSeconds"), 60 },
            { QStringLiteral("runningSeconds"), 60 } });
        *common = { QStringLiteral("--project"), dir.filePath(QStringLiteral("p.batchboard")),
            QStringLiteral("--base-url"), emulator.baseUrl().toString(), QStringLiteral("--model"),
            QStringLiteral("gemini-3.5-flash") };
        return runCli(QStringList { QStringLiteral("import"), folder } + *common).exitCode == 0;
    }

private slots:
    void initTestCase()
    {
        m_haveTinyproxy = !test::TinyproxyProcess::executable().isEmpty();
        // The in-process clients below read it when they are made.
        qputenv("BATCHBOARD_PROXY_LOOPBACK", "1");
        for (const char *name : { "https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY" })
            qunsetenv(name);
    }

    void resolverOrder_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("setting"); // --proxy value, "" = system
        QTest::addColumn<QStringList>("environment"); // NAME=value
        QTest::addColumn<QString>("expected"); // host:port, "" = direct

        auto row = [](const char *name, const char *url, const char *setting,
                       std::initializer_list<const char *> environment, const char *expected) {
            QStringList env;
            for (const char *pair : environment)
                env.append(QString::fromLatin1(pair));
            QTest::newRow(name) << QString::fromLatin1(url) << QString::fromLatin1(setting) << env
                                << QString::fromLatin1(expected);
        };
        row("direct by default", "https://api.example.com/", "", {}, "");
        row("https_proxy for https", "https://api.example.com/", "", { "https_proxy=http://p1:3128" },
            "p1:3128");
        row("HTTPS_PROXY too", "https://api.example.com/", "", { "HTTPS_PROXY=p2:8080" }, "p2:8080");
        row("http_proxy is not for https", "https://api.example.com/", "", { "http_proxy=http://p1:3128" },
            "");
        row("all_proxy otherwise", "https://api.example.com/", "", { "all_proxy=http://p3:1" }, "p3:1");
        row("no_proxy suffix", "https://api.example.com/", "",
            { "https_proxy=http://p1:3128", "no_proxy=.example.com" }, "");
        row("no_proxy other host", "https://api.example.com/", "",
            { "https_proxy=http://p1:3128", "no_proxy=example.org,localhost" }, "p1:3128");
        row("no_proxy star", "https://api.example.com/", "", { "https_proxy=http://p1:3128", "NO_PROXY=*" },
            "");
        row("explicit wins over environment", "https://api.example.com/", "http://me:secret@p9:9000",
            { "https_proxy=http://p1:3128" }, "p9:9000");
        row("explicit ignores no_proxy", "https://api.example.com/", "http://p9:9000", { "no_proxy=*" },
            "p9:9000");
        row("none wins over environment", "https://api.example.com/", "none",
            { "https_proxy=http://p1:3128" }, "");
        row("loopback direct", "http://127.0.0.1:5000/", "http://p9:9000", {}, "");
        row("localhost direct", "http://localhost:5000/", "", { "http_proxy=http://p1:3128" }, "");
        row("::1 direct", "http://[::1]:5000/", "http://p9:9000", {}, "");
        row("loopback forced", "http://127.0.0.1:5000/", "http://p9:9000", { "BATCHBOARD_PROXY_LOOPBACK=1" },
            "p9:9000");
    }

    void resolverOrder()
    {
        QFETCH(QString, url);
        QFETCH(QString, setting);
        QFETCH(QStringList, environment);
        QFETCH(QString, expected);
        QProcessEnvironment env;
        for (const QString &pair : environment)
            env.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
        gemini::ProxySettings settings;
        if (!setting.isEmpty()) {
            QString why;
            const auto parsed = gemini::ProxySettings::parse(setting, &why);
            QVERIFY2(parsed, qPrintable(why));
            settings = *parsed;
        }
        // Rule 4 (the desktop's settings) is not asked when a variable is set; with none set it
        // may find the machine's own configuration, so those rows only run on a machine without.
        gemini::ProxyResolver resolver(settings, env);
        const QNetworkProxy proxy = resolver.proxyFor(QUrl(url));
        QCOMPARE(gemini::proxyHostPort(proxy), expected);
        if (setting.startsWith(QLatin1StringView("http://me:"))) {
            QCOMPARE(proxy.user(), QStringLiteral("me"));
            QCOMPARE(proxy.password(), QStringLiteral("secret"));
        }
    }

    void proxyUrls()
    {
        QString why;
        QVERIFY(!gemini::ProxySettings::parse(QStringLiteral("ftp://x:1"), &why));
        QVERIFY(why.contains(QLatin1StringView("not supported")));
        QVERIFY(!gemini::ProxySettings::parse(QStringLiteral("http://x:1/path"), &why));
        const auto socks = gemini::ProxySettings::parse(QStringLiteral("socks5://h"));
        QVERIFY(socks);
        QCOMPARE(socks->type, QNetworkProxy::Socks5Proxy);
        QCOMPARE(socks->port, quint16(1080));
        const auto encoded = gemini::ProxySettings::parse(QStringLiteral("http://a%40b:p%3Aw@h:3128"));
        QVERIFY(encoded);
        QCOMPARE(encoded->user, QStringLiteral("a@b"));
        QCOMPARE(encoded->password, QStringLiteral("p:w"));
        QCOMPARE(
            gemini::ProxySettings::parse(QStringLiteral("none"))->mode, gemini::ProxySettings::Mode::None);
    }

    void wholeCliRunGoesThroughTheProxy()
    {
        if (!m_haveTinyproxy)
            QSKIP(
                "tinyproxy is not installed (apt-get install tinyproxy); the proxy cases need a real proxy");
        QTemporaryDir dir;
        test::EmulatorProcess emulator;
        QStringList common;
        QVERIFY2(prepare(dir, emulator, 2, &common), qPrintable(emulator.errorString()));
        test::TinyproxyProcess proxy;
        QVERIFY2(proxy.start({ { emulator.port() }, {}, {} }), qPrintable(proxy.errorString()));

        const Run run = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done"),
                                   QStringLiteral("--proxy"), proxy.url() }
            + common);
        QVERIFY2(run.exitCode == 0, run.output.constData());

        const QMap<QString, int> proxied = proxiedKinds(proxy.requestLines());
        const QMap<QString, int> served = emulatorKinds(emulator);
        qInfo("through tinyproxy: %s", qPrintable(describe(proxied)));
        qInfo("at the emulator:   %s", qPrintable(describe(served)));
        // Every request came through the proxy. The last deletes may still be on their way from
        // the proxy to the emulator when the CLI has exited.
        QTRY_COMPARE_WITH_TIMEOUT(emulatorKinds(emulator), proxied, 60'000);
        for (const char *kind :
            { "file.list", "upload.start", "upload.chunk", "batch.create", "batch.poll", "download" })
            QVERIFY2(proxied.value(QString::fromLatin1(kind)) > 0, kind);
        QCOMPARE(proxied.value(QStringLiteral("upload.start")), 2);
        QCOMPARE(proxied.value(QStringLiteral("batch.create")), 2);
    }

    void uploadChunksGoThroughTheProxy()
    {
        if (!m_haveTinyproxy)
            QSKIP(
                "tinyproxy is not installed (apt-get install tinyproxy); the proxy cases need a real proxy");
        test::EmulatorProcess emulator;
        QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
        test::TinyproxyProcess proxy;
        QVERIFY2(proxy.start({ { emulator.port() }, {}, {} }), qPrintable(proxy.errorString()));
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("big.jsonl")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray line = "{\"key\":\"k\",\"request\":{\"contents\":[{\"parts\":[{\"text\":\""
            + QByteArray(900, 'x') + "\"}]}]}}\n";
        for (int i = 0; i < 1200; ++i) // about 1.1 MB: five chunks of 256 KiB
            file.write(line);
        file.close();

        gemini::GeminiClient client;
        client.setBaseUrl(emulator.baseUrl());
        client.setProxySettings(manual(proxy.url()));
        gemini::UploadOptions options;
        options.displayName = QStringLiteral("big");
        options.chunkSize = 256 * 1024;
        gemini::UploadJob *job = client.upload(file.fileName(), options);
        QSignalSpy done(job, &gemini::GeminiJob::finished);
        job->start();
        QVERIFY(done.wait(HangMs));
        const gemini::ApiError error = job->error();
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        const QMap<QString, int> proxied = proxiedKinds(proxy.requestLines());
        qInfo("through tinyproxy: %s", qPrintable(describe(proxied)));
        QCOMPARE(proxied.value(QStringLiteral("upload.start")), 1);
        QVERIFY2(proxied.value(QStringLiteral("upload.chunk")) >= 5, qPrintable(describe(proxied)));
        QCOMPARE(proxied, emulatorKinds(emulator));
    }

    void refusedProxyIsAClearErrorWithExitCode2()
    {
        if (!m_haveTinyproxy)
            QSKIP(
                "tinyproxy is not installed (apt-get install tinyproxy); the proxy cases need a real proxy");
        QTemporaryDir dir;
        test::EmulatorProcess emulator;
        QStringList common;
        QVERIFY2(prepare(dir, emulator, 1, &common), qPrintable(emulator.errorString()));
        const quint16 port = test::TinyproxyProcess::closedPort();
        const QByteArray expected
            = "the proxy at 127.0.0.1:" + QByteArray::number(port) + " refused the connection";

        const Run explicitProxy
            = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done"),
                         QStringLiteral("--proxy"), QStringLiteral("http://127.0.0.1:%1").arg(port) }
                + common);
        QVERIFY2(explicitProxy.exitCode == 2, explicitProxy.output.constData());
        QVERIFY2(explicitProxy.output.contains(expected), explicitProxy.output.constData());

        // The same proxy from the environment.
        const Run fromEnvironment
            = runCli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common,
                { { QStringLiteral("http_proxy"), QStringLiteral("http://127.0.0.1:%1").arg(port) } });
        QVERIFY2(fromEnvironment.exitCode == 2, fromEnvironment.output.constData());
        QVERIFY2(fromEnvironment.output.contains(expected), fromEnvironment.output.constData());
        QCOMPARE(emulatorKinds(emulator), (QMap<QString, int> {})); // nothing reached the server
    }

    void proxyThatWantsCredentials()
    {
        if (!m_haveTinyproxy)
            QSKIP(
                "tinyproxy is not installed (apt-get install tinyproxy); the proxy cases need a real proxy");
        QTemporaryDir dir;
        test::EmulatorProcess emulator;
        QStringList common;
        QVERIFY2(prepare(dir, emulator, 1, &common), qPrintable(emulator.errorString()));
        test::TinyproxyProcess proxy;
        QVERIFY2(proxy.start({ { emulator.port() }, QStringLiteral("alice"), QStringLiteral("s3cret") }),
            qPrintable(proxy.errorString()));
        const QStringList resume { QStringLiteral("resume"), QStringLiteral("--until-done"),
            QStringLiteral("--proxy") };

        const Run without = runCli(resume + QStringList { proxy.url() } + common);
        QVERIFY2(without.exitCode == 2, without.output.constData());
        const QByteArray sentence = "the proxy at 127.0.0.1:" + QByteArray::number(proxy.port())
            + " requires a user name and password: set them with --proxy http://user:pass@host:port or in "
              "the desktop app's Settings";
        QVERIFY2(without.output.contains(sentence), without.output.constData());

        const Run wrong = runCli(resume
            + QStringList { QStringLiteral("http://alice:nope@127.0.0.1:%1").arg(proxy.port()) } + common);
        QVERIFY2(wrong.exitCode == 2, wrong.output.constData());
        QVERIFY2(wrong.output.contains("refused the user name and password"), wrong.output.constData());
        QCOMPARE(emulatorKinds(emulator), (QMap<QString, int> {}));

        const Run with = runCli(resume
            + QStringList { QStringLiteral("http://alice:s3cret@127.0.0.1:%1").arg(proxy.port()) } + common);
        QVERIFY2(with.exitCode == 0, with.output.constData());
        const QMap<QString, int> served = emulatorKinds(emulator);
        QVERIFY(served.value(QStringLiteral("upload.chunk")) > 0);
        QVERIFY(served.value(QStringLiteral("download")) > 0);
        // Every request that reached the server came through the proxy (the refused ones did not).
        const QMap<QString, int> proxied = proxiedKinds(proxy.requestLines());
        for (auto it = served.begin(); it != served.end(); ++it)
            QVERIFY2(proxied.value(it.key()) >= it.value(), qPrintable(describe(proxied)));
    }

    void refusedTunnelNamesTheProxy()
    {
        if (!m_haveTinyproxy)
            QSKIP(
                "tinyproxy is not installed (apt-get install tinyproxy); the proxy cases need a real proxy");
        test::EmulatorProcess emulator;
        QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
        test::TinyproxyProcess proxy;
        QVERIFY2(proxy.start({ { emulator.port() }, {}, {} }), qPrintable(proxy.errorString()));
        const QString tunnel
            = QStringLiteral("the proxy at 127.0.0.1:%1 refused to connect to the server").arg(proxy.port());

        // https through an HTTP proxy is a CONNECT tunnel; tinyproxy answers 403 for a port it does
        // not allow.
        const quint16 forbidden = test::TinyproxyProcess::closedPort();
        gemini::GeminiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(forbidden)));
        client.setProxySettings(manual(proxy.url()));
        QSignalSpy failed(&client, &gemini::GeminiClient::proxyFailed);
        gemini::FilePageJob *job = client.listFiles(1);
        QSignalSpy done(job, &gemini::GeminiJob::finished);
        job->start();
        QVERIFY(done.wait(HangMs));
        const gemini::ApiError error = job->error();
        QVERIFY2(error.classification == gemini::ApiError::Classification::ProxyFailure,
            qPrintable(error.toString() + u' ' + QString::number(int(error.networkError)) + u' '
                + error.networkErrorString));
        QVERIFY2(error.message.contains(tunnel), qPrintable(error.toString()));
        QCOMPARE(failed.size(), 1);
        const QString refusedLine = QStringLiteral("Refused CONNECT method on port %1").arg(forbidden);
        // Qt may try a refused connection once more on a fresh socket; never a loop.
        const int refusedByClient = proxy.log().count(refusedLine);
        QVERIFY2(refusedByClient >= 1 && refusedByClient <= 2, qPrintable(proxy.log()));

        // Upload chunks on their own socket take the same tunnel.
        gemini::UploadChunkSender sender;
        QSignalSpy sent(&sender, &gemini::UploadChunkSender::finished);
        const QUrl chunkUrl(
            QStringLiteral("https://127.0.0.1:%1/upload/v1beta/files?upload_id=x").arg(forbidden));
        sender.setProxy(client.proxyFor(chunkUrl));
        sender.post(client.newRequest(chunkUrl), QByteArray(1000, 'x'), HangMs);
        QVERIFY(sent.wait(HangMs));
        QCOMPARE(sender.reply().networkError, QNetworkReply::UnknownProxyError);
        QCOMPARE(sender.reply().proxy, QStringLiteral("127.0.0.1:%1").arg(proxy.port()));
        const int refusedBySender = proxy.log().count(refusedLine) - refusedByClient;
        QVERIFY2(refusedBySender >= 1 && refusedBySender <= 2, qPrintable(proxy.log()));

        // An allowed port: the tunnel opens (the TLS handshake then fails: the emulator speaks
        // plain http), so the sender really used CONNECT.
        const QUrl allowed(
            QStringLiteral("https://127.0.0.1:%1/upload/v1beta/files?upload_id=x").arg(emulator.port()));
        sender.setProxy(client.proxyFor(allowed));
        sender.post(client.newRequest(allowed), QByteArray(1000, 'x'), HangMs);
        QVERIFY(sent.wait(HangMs));
        QVERIFY(sender.reply().networkError != QNetworkReply::NoError);
        QVERIFY2(proxy.requestLines().contains(
                     QStringLiteral("CONNECT 127.0.0.1:%1 HTTP/1.1").arg(emulator.port())),
            qPrintable(proxy.requestLines().join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
