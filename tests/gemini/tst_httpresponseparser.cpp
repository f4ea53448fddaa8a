// HttpResponseParser (the upload chunk sender's reply reader) and the request head the sender
// writes. No server needed: the emulator-facing behaviour is covered by tst_geminiupload and
// tst_geminiresume, which send every chunk through UploadChunkSender.
#include "httpresponseparser.h"
#include "uploadchunksender.h"

#include <QTest>

using namespace bb::gemini;
using State = HttpResponseParser::State;

namespace {

// Feeds `wire` in pieces of `step` bytes (0: all at once), then the end of the stream when asked.
HttpResponseParser parseInPieces(const QByteArray &wire, qsizetype step, bool close = false)
{
    HttpResponseParser parser;
    if (step <= 0) {
        parser.feed(wire);
    } else {
        for (qsizetype i = 0; i < wire.size(); i += step)
            parser.feed(QByteArrayView(wire).sliced(i, qMin(step, wire.size() - i)));
    }
    if (close)
        parser.endOfStream();
    return parser;
}

} // namespace

class TestHttpResponseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");

        QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
                                        << false << 200 << QByteArray("hello");
        QTest::newRow("empty body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << false
                                    << 200 << QByteArray();
        QTest::newRow("chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            "4\r\n{\"a\"\r\nA;ext=1\r\n:123456789\r\n1\r\n}\r\n0\r\nX-Trailer: yes\r\n\r\n")
                                 << false << 200 << QByteArray("{\"a\":123456789}");
        QTest::newRow("until close") << QByteArray("HTTP/1.0 503 Service Unavailable\r\n\r\nbusy") << true
                                     << 503 << QByteArray("busy");
        QTest::newRow("interim 100 skipped") << QByteArray(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}")
                                             << false << 400 << QByteArray("{}");
        QTest::newRow("204 has no body")
            << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << 204 << QByteArray();
        QTest::newRow("bytes after the body ignored")
            << QByteArray("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokGARBAGE") << false << 200
            << QByteArray("ok");
    }

    void framing()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, closeAfter);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        for (qsizetype step : { qsizetype(0), qsizetype(1), qsizetype(2), qsizetype(7) }) {
            const HttpResponseParser parser = parseInPieces(wire, step, closeAfter);
            QVERIFY2(parser.state() == State::Complete,
                qPrintable(QStringLiteral("step %1: %2").arg(step).arg(parser.problem())));
            QCOMPARE(parser.reply().status, status);
            QCOMPARE(parser.reply().body, body);
        }
    }

    void headersCaseInsensitiveAndTrimmed()
    {
        HttpResponseParser parser;
        parser.feed(
            "HTTP/1.1 200 OK\r\nx-goog-upload-status:   final  \r\nDATE: Sun, 29 Nov 2026 00:00:00 GMT\r\n"
            "Content-Length: 0\r\n\r\n");
        QCOMPARE(parser.state(), State::Complete);
        QCOMPARE(parser.reply().header("X-Goog-Upload-Status"), QByteArray("final"));
        QCOMPARE(parser.reply().serverTime(), QDateTime(QDate(2026, 11, 29), QTime(0, 0), Qt::UTC));
        QCOMPARE(parser.reply().header("Missing"), QByteArray());
    }

    void connectionReuse_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<bool>("reusable");
        QTest::newRow("1.1 with length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << false << true;
        QTest::newRow("1.1 chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                     << false << true;
        QTest::newRow("connection close")
            << QByteArray("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n")
            << false << false;
        QTest::newRow("1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << false << false;
        QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\nbody") << true << false;
    }

    void connectionReuse()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, closeAfter);
        QFETCH(bool, reusable);
        HttpResponseParser parser;
        QVERIFY(!parser.hasStarted());
        parser.feed(wire);
        QVERIFY(parser.hasStarted());
        if (closeAfter)
            parser.endOfStream();
        QCOMPARE(parser.state(), State::Complete);
        QCOMPARE(parser.allowsReuse(), reusable);
    }

    void incompleteUntilTheLastByte()
    {
        const QByteArray wire("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
        HttpResponseParser parser;
        QCOMPARE(parser.feed(wire.left(wire.size() - 1)), State::Incomplete);
        QVERIFY(parser.hasHead());
        QCOMPARE(parser.feed(wire.right(1)), State::Complete);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<QString>("problem");

        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << false
                                  << QStringLiteral("not an HTTP/1.x");
        QTest::newRow("http/2 preface")
            << QByteArray("HTTP/2 200\r\n\r\n") << false << QStringLiteral("not an HTTP/1.x");
        QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << false
                                    << QStringLiteral("status line");
        QTest::newRow("header without colon")
            << QByteArray("HTTP/1.1 200 OK\r\nBroken\r\n\r\n") << false << QStringLiteral("header line");
        QTest::newRow("header injection in name")
            << QByteArray("HTTP/1.1 200 OK\r\nA B: c\r\n\r\n") << false << QStringLiteral("header line");
        QTest::newRow("conflicting lengths")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") << false
            << QStringLiteral("Content-Length");
        QTest::newRow("negative length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")
                                         << false << QStringLiteral("Content-Length");
        QTest::newRow("huge length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n")
                                     << false << QStringLiteral("larger");
        QTest::newRow("gzip not asked for")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 1\r\n\r\nx") << false
            << QStringLiteral("Content-Encoding");
        QTest::newRow("bad chunk size")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << false
            << QStringLiteral("chunk size");
        QTest::newRow("chunk without crlf")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY") << false
            << QStringLiteral("CRLF");
        QTest::newRow("gzip transfer coding")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") << false
            << QStringLiteral("Transfer-Encoding");
        QTest::newRow("protocol switch")
            << QByteArray("HTTP/1.1 101 Switching\r\n\r\n") << false << QStringLiteral("101");
        QTest::newRow("closed before the head")
            << QByteArray("HTTP/1.1 200 O") << true << QStringLiteral("before a response");
        QTest::newRow("closed inside the body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") << true
            << QStringLiteral("inside the response body");
    }

    void refused()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, closeAfter);
        QFETCH(QString, problem);
        const HttpResponseParser parser = parseInPieces(wire, 0, closeAfter);
        QCOMPARE(parser.state(), State::Failed);
        QVERIFY2(parser.problem().contains(problem), qPrintable(parser.problem()));
    }

    void headAndBodyAreCapped()
    {
        HttpResponseParser endlessHead;
        endlessHead.feed("HTTP/1.1 200 OK\r\n");
        const QByteArray line = "X-Filler: " + QByteArray(1000, 'a') + "\r\n";
        State state = State::Incomplete;
        for (int i = 0; i < 100 && state == State::Incomplete; ++i)
            state = endlessHead.feed(line);
        QCOMPARE(state, State::Failed);

        HttpResponseParser endlessBody;
        endlessBody.feed("HTTP/1.1 200 OK\r\n\r\n");
        const QByteArray megabyte(1024 * 1024, 'b');
        state = State::Incomplete;
        for (int i = 0; i < 20 && state == State::Incomplete; ++i)
            state = endlessBody.feed(megabyte);
        QCOMPARE(state, State::Failed);
        QVERIFY(endlessBody.problem().contains(u"larger"));

        HttpResponseParser endlessChunks;
        endlessChunks.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray chunk = "100000\r\n" + megabyte + "\r\n";
        state = State::Incomplete;
        for (int i = 0; i < 20 && state == State::Incomplete; ++i)
            state = endlessChunks.feed(chunk);
        QCOMPARE(state, State::Failed);
    }

    void requestHead()
    {
        QNetworkRequest request(QUrl(QStringLiteral(
            "http://127.0.0.1:8123/upload/v1beta/files?upload_id=a%2Fb&upload_protocol=resumable")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
        request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Batchboard/1.0"));
        request.setRawHeader("x-goog-api-key", "KEY");
        request.setRawHeader("X-Goog-Upload-Command", "upload, finalize");
        request.setRawHeader("Content-Length", "999"); // the sender frames the body itself
        const QByteArray head = UploadChunkSender::requestHead(request, 42);
        QVERIFY2(
            head.startsWith("POST /upload/v1beta/files?upload_id=a%2Fb&upload_protocol=resumable HTTP/1.1\r\n"
                            "Host: 127.0.0.1:8123\r\n"),
            head.constData());
        QVERIFY(head.contains("\r\nContent-Type: application/octet-stream\r\n"));
        QVERIFY(head.contains("\r\nUser-Agent: Batchboard/1.0\r\n"));
        QVERIFY(head.contains("\r\nx-goog-api-key: KEY\r\n"));
        QVERIFY(head.contains("\r\nX-Goog-Upload-Command: upload, finalize\r\n"));
        QCOMPARE(head.count("Content-Length"), 1);
        QVERIFY(!head.contains("Connection:")); // HTTP/1.1: persistent unless either side says close
        QVERIFY(head.contains("\r\nContent-Length: 42\r\n"));
        QVERIFY(head.endsWith("\r\n\r\n"));
        QVERIFY(!head.contains("KEY&") && !head.contains("key="));

        QNetworkRequest ipv6(QUrl(QStringLiteral("https://[::1]/upload/v1beta/files")));
        QVERIFY(UploadChunkSender::requestHead(ipv6, 0).contains("\r\nHost: [::1]\r\n"));
        QNetworkRequest defaultPort(QUrl(QStringLiteral("https://example.com:443/x")));
        QVERIFY(UploadChunkSender::requestHead(defaultPort, 0).contains("\r\nHost: example.com\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
