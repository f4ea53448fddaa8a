// Resumable upload protocol of the emulator (protocol.md §2.1-2.3), over real HTTP.
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace bb::test;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    gen.fillRange(reinterpret_cast<quint32 *>(data.data()), size / 4);
    for (qsizetype i = (size / 4) * 4; i < size; ++i)
        data[i] = char(gen.bounded(256));
    return data;
}

const QByteArray kStatus = QByteArrayLiteral("X-Goog-Upload-Status");
const QByteArray kReceived = QByteArrayLiteral("X-Goog-Upload-Size-Received");

} // namespace

class TestEmulatorUpload final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_emu.start(), qPrintable(m_emu.errorString())); }
    void init() { QVERIFY(m_emu.reset()); }

    void chunkedUpload_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("chunk");
        QTest::addColumn<QString>("version");
        QTest::newRow("one request") << 300000 << 300000 << QStringLiteral("v1beta");
        QTest::newRow("one byte chunks") << 600 << 1 << QStringLiteral("v1beta");
        QTest::newRow("odd 7") << 5003 << 7 << QStringLiteral("v1");
        QTest::newRow("odd 65537") << 300001 << 65537 << QStringLiteral("v1beta");
        QTest::newRow("256 KiB") << 1048576 << 262144 << QStringLiteral("v1");
        QTest::newRow("empty file") << 0 << 1 << QStringLiteral("v1beta");
    }

    void chunkedUpload()
    {
        QFETCH(int, size);
        QFETCH(int, chunk);
        QFETCH(QString, version);
        const QByteArray data = randomBytes(size, quint32(size + chunk));
        const QUrl session = startUpload(m_emu, size, QStringLiteral("data.bin"), version);
        QVERIFY(!session.isEmpty());
        QCOMPARE(m_emu.lastReply().header(kStatus), QByteArrayLiteral("active"));
        QVERIFY(session.path().startsWith(QStringLiteral("/upload/%1/files").arg(version)));

        qint64 offset = 0;
        EmulatorProcess::Reply reply;
        do {
            const qint64 n = std::min<qint64>(chunk, size - offset);
            const bool last = offset + n == size;
            reply = sendChunk(m_emu, session, data.mid(offset, n), offset, last);
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.header(kStatus), last ? QByteArrayLiteral("final") : QByteArrayLiteral("active"));
            offset += n;
        } while (offset < size);

        const QJsonObject file = reply.json().value(QStringLiteral("file")).toObject();
        QVERIFY(QRegularExpression(QStringLiteral("^files/[a-z0-9]{12}$"))
                    .match(file[QStringLiteral("name")].toString())
                    .hasMatch());
        QCOMPARE(file[QStringLiteral("sizeBytes")].toString(), size ? QString::number(size) : QString());
        QCOMPARE(file[QStringLiteral("sha256Hash")].toString(), expectedSha256Hash(data));
        QCOMPARE(file[QStringLiteral("mimeType")].toString(), QStringLiteral("application/jsonl"));
        QCOMPARE(file[QStringLiteral("displayName")].toString(), QStringLiteral("data.bin"));
        QCOMPARE(file[QStringLiteral("state")].toString(), QStringLiteral("ACTIVE"));
        QCOMPARE(file[QStringLiteral("source")].toString(), QStringLiteral("UPLOADED"));
        // createTime has 6 fractional digits, expirationTime 9, exactly 48 h apart.
        const QString created = file[QStringLiteral("createTime")].toString();
        const QString expiration = file[QStringLiteral("expirationTime")].toString();
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$"))
                    .match(created)
                    .hasMatch());
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z$"))
                    .match(expiration)
                    .hasMatch());
        const auto seconds = [](const QString &t) {
            return QDateTime::fromString(t.left(19) + QLatin1Char('Z'), Qt::ISODate);
        };
        QCOMPARE(seconds(expiration), seconds(created).addSecs(48 * 3600));
        QCOMPARE(expiration.mid(20, 6), created.mid(20, 6));

        // The final reply's File is what files.get returns.
        const auto got
            = m_emu.get(QStringLiteral("/%1/%2").arg(version, file[QStringLiteral("name")].toString()));
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json(), file);
    }

    void sha256KnownValue()
    {
        // sha256("abc") = ba7816bf…; the API's sha256Hash is base64 of that hex text (protocol.md §2.4).
        const QJsonObject file = uploadBytes(m_emu, QByteArrayLiteral("abc"), 3);
        QCOMPARE(file[QStringLiteral("sha256Hash")].toString(),
            QStringLiteral(
                "YmE3ODE2YmY4ZjAxY2ZlYTQxNDE0MGRlNWRhZTIyMjNiMDAzNjFhMzk2MTc3YTljYjQxMGZmNjFmMjAwMTVhZA=="));
    }

    void largeUploadIn8MiBChunks()
    {
        const qsizetype size = 40 * 1024 * 1024 + 12345;
        const QByteArray data = randomBytes(size, 7);
        QElapsedTimer timer;
        timer.start();
        const QJsonObject file = uploadBytes(m_emu, data, 8 * 1024 * 1024);
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        QCOMPARE(file[QStringLiteral("sha256Hash")].toString(), expectedSha256Hash(data));
        QCOMPARE(file[QStringLiteral("sizeBytes")].toString(), QString::number(size));
        const double mbps = double(size) / seconds / 1e6;
        // A figure for the log only: throughput is measured, against curl, by tests/bench (bench_upload).
        qInfo("40 MiB in 8 MiB chunks through QNetworkAccessManager: %.0f MB/s", mbps);
    }

    void queryReportsReceivedBytesAndResumes()
    {
        const QByteArray data = randomBytes(30000, 3);
        const QUrl session = startUpload(m_emu, data.size(), QStringLiteral("resume.bin"));
        QCOMPARE(sendChunk(m_emu, session, data.left(10000), 0, false).status, 200);
        QCOMPARE(sendChunk(m_emu, session, data.mid(10000, 10000), 10000, false).status, 200);

        auto query = uploadCommand(m_emu, session, QByteArrayLiteral("query"));
        QCOMPARE(query.status, 200);
        QCOMPARE(query.header(kStatus), QByteArrayLiteral("active"));
        QCOMPARE(query.header(kReceived), QByteArrayLiteral("20000"));

        const auto last = sendChunk(m_emu, session, data.mid(20000), 20000, true);
        QCOMPARE(last.status, 200);
        QCOMPARE(last.header(kStatus), QByteArrayLiteral("final"));
        QCOMPARE(last.json()[QStringLiteral("file")].toObject()[QStringLiteral("sha256Hash")].toString(),
            expectedSha256Hash(data));

        // A query after the final chunk (e.g. its reply was lost) reports final and the File.
        query = uploadCommand(m_emu, session, QByteArrayLiteral("query"));
        QCOMPARE(query.status, 200);
        QCOMPARE(query.header(kStatus), QByteArrayLiteral("final"));
        QCOMPARE(query.header(kReceived), QByteArrayLiteral("30000"));
        QCOMPARE(query.json()[QStringLiteral("file")].toObject()[QStringLiteral("name")],
            last.json()[QStringLiteral("file")].toObject()[QStringLiteral("name")]);

        // Chunks after final are refused.
        const auto after = sendChunk(m_emu, session, QByteArrayLiteral("x"), 30000, true);
        QCOMPARE(after.status, 400);
        QCOMPARE(after.header(kStatus), QByteArrayLiteral("final"));
    }

    void wrongOffsetIsRefused_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::newRow("ahead") << qint64(150);
        QTest::newRow("behind") << qint64(50);
        QTest::newRow("zero again") << qint64(0);
    }

    void wrongOffsetIsRefused()
    {
        QFETCH(qint64, offset);
        const QByteArray data = randomBytes(300, 5);
        const QUrl session = startUpload(m_emu, data.size(), QStringLiteral("offset.bin"));
        QCOMPARE(sendChunk(m_emu, session, data.left(100), 0, false).status, 200);

        const auto wrong = sendChunk(m_emu, session, data.mid(offset, 100), offset, false);
        QCOMPARE(wrong.status, 400);
        QCOMPARE(errorOf(wrong)[QStringLiteral("status")].toString(), QStringLiteral("INVALID_ARGUMENT"));
        QCOMPARE(wrong.header(kStatus), QByteArrayLiteral("active"));
        QCOMPARE(wrong.header(kReceived), QByteArrayLiteral("100"));

        QCOMPARE(uploadCommand(m_emu, session, QByteArrayLiteral("query")).header(kReceived),
            QByteArrayLiteral("100"));
        const auto right = sendChunk(m_emu, session, data.mid(100), 100, true);
        QCOMPARE(right.status, 200);
        QCOMPARE(right.json()[QStringLiteral("file")].toObject()[QStringLiteral("sha256Hash")].toString(),
            expectedSha256Hash(data));
    }

    void missingOffsetAndBadCommand()
    {
        const QUrl session = startUpload(m_emu, 10, QStringLiteral("x"));
        auto r = m_emu.request("POST", session.toString(), QByteArrayLiteral("0123456789"),
            { { QByteArrayLiteral("X-Goog-Upload-Command"), QByteArrayLiteral("upload, finalize") } });
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header(kStatus), QByteArrayLiteral("active"));
        r = uploadCommand(m_emu, session, QByteArrayLiteral("frobnicate"));
        QCOMPARE(r.status, 400);
        r = m_emu.request("POST", session.toString(), QByteArrayLiteral("abc"));
        QCOMPARE(r.status, 400);
    }

    void declaredSizeIsEnforced()
    {
        const QUrl session = startUpload(m_emu, 10, QStringLiteral("x"));
        auto r = sendChunk(m_emu, session, QByteArray(11, 'a'), 0, false);
        QCOMPARE(r.status, 400);
        r = sendChunk(m_emu, session, QByteArray(5, 'a'), 0, true);
        QCOMPARE(r.status, 400); // finalized short of the declared 10 bytes
        QCOMPARE(r.header(kStatus), QByteArrayLiteral("active"));
        r = sendChunk(m_emu, session, QByteArray(5, 'b'), 5, true);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QStringLiteral("file")].toObject()[QStringLiteral("sizeBytes")].toString(),
            QStringLiteral("10"));
    }

    void cancelEndsTheSession()
    {
        const QUrl session = startUpload(m_emu, 100, QStringLiteral("cancel.bin"));
        QCOMPARE(sendChunk(m_emu, session, QByteArray(40, 'x'), 0, false).status, 200);
        auto r = uploadCommand(m_emu, session, QByteArrayLiteral("cancel"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header(kStatus), QByteArrayLiteral("cancelled"));
        r = sendChunk(m_emu, session, QByteArray(60, 'x'), 40, true);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header(kStatus), QByteArrayLiteral("cancelled"));
        r = uploadCommand(m_emu, session, QByteArrayLiteral("query"));
        QCOMPARE(r.header(kStatus), QByteArrayLiteral("cancelled"));
        QVERIFY(!m_emu.state()[QStringLiteral("files")].toArray().size());
    }

    void unknownSessionIs404()
    {
        const auto r = uploadCommand(m_emu,
            m_emu.url(QStringLiteral("/upload/v1beta/files?upload_id=nope&upload_protocol=resumable")),
            QByteArrayLiteral("query"));
        QCOMPARE(r.status, 404);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("NOT_FOUND"));
    }

    void sessionUrlIsHostIndependent()
    {
        const QUrl session = startUpload(m_emu, 4, QStringLiteral("host.bin"));
        QUrl rewritten = session;
        rewritten.setHost(QStringLiteral("localhost")); // as the SDKs rewrite scheme+host+port
        const auto r = sendChunk(m_emu, rewritten, QByteArrayLiteral("abcd"), 0, true);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header(kStatus), QByteArrayLiteral("final"));
    }

    void startBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("sizeHeader");
        QTest::addColumn<QString>("displayName");
        QTest::newRow("camelCase, sizeBytes string") << QByteArrayLiteral(
            R"({"file":{"displayName":"a.jsonl","mimeType":"application/jsonl","sizeBytes":"5"}})")
                                                     << false << QStringLiteral("a.jsonl");
        QTest::newRow("snake_case, size_bytes number") << QByteArrayLiteral(
            R"({"file":{"display_name":"b.jsonl","mime_type":"application/jsonl","size_bytes":5}})")
                                                       << false << QStringLiteral("b.jsonl");
        QTest::newRow("no body") << QByteArray() << true << QString();
        QTest::newRow("cookbook single quotes") << QByteArrayLiteral("{'file': {'display_name': 'c.jsonl'}}")
                                                << true << QStringLiteral("c.jsonl");
    }

    void startBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, sizeHeader);
        QFETCH(QString, displayName);
        Headers headers { { QByteArrayLiteral("X-Goog-Upload-Protocol"), QByteArrayLiteral("resumable") },
            { QByteArrayLiteral("X-Goog-Upload-Command"), QByteArrayLiteral("start") } };
        if (sizeHeader)
            headers.append(
                { QByteArrayLiteral("X-Goog-Upload-Header-Content-Length"), QByteArrayLiteral("5") });
        const auto start = m_emu.request("POST", QStringLiteral("/upload/v1beta/files"), body, headers);
        QCOMPARE(start.status, 200);
        const QUrl session(QString::fromLatin1(start.header(QByteArrayLiteral("X-Goog-Upload-URL"))));
        QVERIFY(session.isValid());
        // Declared size is 5 either way: 6 bytes overflow it.
        QCOMPARE(sendChunk(m_emu, session, QByteArrayLiteral("123456"), 0, true).status, 400);
        const auto fin = sendChunk(m_emu, session, QByteArrayLiteral("12345"), 0, true);
        QCOMPARE(fin.status, 200);
        const QJsonObject file = fin.json()[QStringLiteral("file")].toObject();
        QCOMPARE(file[QStringLiteral("displayName")].toString(), displayName);
        QCOMPARE(file.contains(QStringLiteral("displayName")), !displayName.isEmpty());
    }

    void malformedStartBodyIs400()
    {
        const auto r
            = m_emu.request("POST", QStringLiteral("/upload/v1beta/files"), QByteArrayLiteral("{\"file\": {"),
                { { QByteArrayLiteral("X-Goog-Upload-Protocol"), QByteArrayLiteral("resumable") },
                    { QByteArrayLiteral("X-Goog-Upload-Command"), QByteArrayLiteral("start") } });
        QCOMPARE(r.status, 400);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("INVALID_ARGUMENT"));
        QCOMPARE(errorOf(r)[QStringLiteral("code")].toInt(), 400);
        // Not a resumable start at all.
        QCOMPARE(
            m_emu.request("POST", QStringLiteral("/upload/v1beta/files"), QByteArrayLiteral("{}")).status,
            400);
    }

    void requestedFileName()
    {
        const Headers start { { QByteArrayLiteral("X-Goog-Upload-Protocol"), QByteArrayLiteral("resumable") },
            { QByteArrayLiteral("X-Goog-Upload-Command"), QByteArrayLiteral("start") } };
        const QByteArray body = QByteArrayLiteral(R"({"file":{"name":"files/my-input-1"}})");
        auto r = m_emu.request("POST", QStringLiteral("/upload/v1beta/files"), body, start);
        QCOMPARE(r.status, 200);
        const QUrl session(QString::fromLatin1(r.header(QByteArrayLiteral("X-Goog-Upload-URL"))));
        r = sendChunk(m_emu, session, QByteArrayLiteral("{}\n"), 0, true);
        QCOMPARE(r.json()[QStringLiteral("file")].toObject()[QStringLiteral("name")].toString(),
            QStringLiteral("files/my-input-1"));
        QCOMPARE(m_emu.request("POST", QStringLiteral("/upload/v1beta/files"), body, start).status, 409);
        QCOMPARE(m_emu
                     .request("POST", QStringLiteral("/upload/v1beta/files"),
                         QByteArrayLiteral(R"({"file":{"name":"files/Bad_Name"}})"), start)
                     .status,
            400);
    }

private:
    EmulatorProcess m_emu;
};

QTEST_GUILESS_MAIN(TestEmulatorUpload)
#include "tst_emulatorupload.moc"
