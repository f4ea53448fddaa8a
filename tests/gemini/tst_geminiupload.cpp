// Chunked resumable uploads against the real emulator: chunk boundaries, the start request,
// progress, pause/resume, cancel, missing status headers, rejected chunks, checked final replies.
#include "uploadtesthelpers.h"

using namespace bb::gemini;
using namespace bb::gemini::test;
using C = ApiError::Classification;
using K = ApiError::Kind;

class TestGeminiUpload final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Env> m_env;
    QTemporaryDir m_dir;

    GeminiClient &client() { return m_env->client(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_env = std::make_unique<Env>();
        QVERIFY2(m_env->isRunning(), "gemini-emulator did not start");
    }

    void init() { m_env->reset(); }

    void cleanupTestCase() { m_env.reset(); }

    void chunkedUpload_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<qint64>("chunk");
        QTest::newRow("one byte") << qint64(1) << 64 * KiB;
        QTest::newRow("single chunk") << 1000 * qint64(1) << UploadOptions::DefaultChunkSize;
        QTest::newRow("exact multiple") << 4 * 64 * KiB << 64 * KiB;
        QTest::newRow("remainder") << 5 * 64 * KiB + 123 << 64 * KiB;
        QTest::newRow("default 8 MiB chunks")
            << UploadOptions::DefaultChunkSize + 1000 << UploadOptions::DefaultChunkSize;
    }

    void chunkedUpload()
    {
        QFETCH(qint64, size);
        QFETCH(qint64, chunk);
        const QByteArray content = randomBytes(size);
        const QString path = writeFile(m_dir, QStringLiteral("chunked.bin"), content);
        UploadJob *job = client().upload(path, uploadOptions(chunk));
        QList<qint64> progress;
        QList<qint64> confirmed;
        QUrl session;
        qint64 onWire = 0;
        connect(job, &UploadJob::progress, this, [&](qint64 bytes, qint64 total) {
            QCOMPARE(total, size);
            progress.append(bytes);
        });
        connect(
            job, &UploadJob::confirmedOffsetChanged, this, [&](qint64 offset) { confirmed.append(offset); });
        connect(job, &UploadJob::sessionUrlChanged, this, [&](const QUrl &url) { session = url; });
        connect(job, &GeminiJob::finished, this, [&] { onWire = job->bytesOnWire(); });
        const Result<GeminiFile> result = runJob(job, 60'000);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.value.sizeBytes, size);
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        QCOMPARE(onWire, size);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), size);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        QVERIFY(std::is_sorted(confirmed.begin(), confirmed.end()));
        QCOMPARE(confirmed.last(), size);
        // The session host is the configured base (the SDKs' rewrite).
        QCOMPARE(session.host(), m_env->baseUrl().host());
        QCOMPARE(session.port(), m_env->baseUrl().port());

        const QList<LoggedCommand> commands = sessionCommands(*m_env);
        QCOMPARE(commands.first().command, QStringLiteral("start"));
        QList<qint64> expected;
        for (qint64 offset = 0; offset < size; offset += chunk)
            expected.append(offset);
        QCOMPARE(chunkOffsets(commands), expected);
        QCOMPARE(commands.last().command, QStringLiteral("upload, finalize"));
        for (int i = 1; i < commands.size() - 1; ++i)
            QCOMPARE(commands.at(i).command, QStringLiteral("upload"));
    }

    void startRequestFollowsProtocol()
    {
        const QByteArray content = makeJsonl(5);
        const Result<GeminiFile> result
            = uploadBytes(client(), m_dir, QStringLiteral("batch-011.jsonl"), content);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        const QJsonObject start = m_env->requests(QStringLiteral("^/upload/v1beta/files$")).first();
        QCOMPARE(start.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(loggedHeader(start, QStringLiteral("X-Goog-Upload-Protocol")), QStringLiteral("resumable"));
        QCOMPARE(loggedHeader(start, QStringLiteral("X-Goog-Upload-Command")), QStringLiteral("start"));
        QCOMPARE(loggedHeader(start, QStringLiteral("X-Goog-Upload-Header-Content-Length")),
            QString::number(content.size()));
        QCOMPARE(loggedHeader(start, QStringLiteral("X-Goog-Upload-Header-Content-Type")),
            QStringLiteral("application/jsonl"));
        QVERIFY(loggedHeader(start, QStringLiteral("Content-Type"))
                    .startsWith(QStringLiteral("application/json")));
        const QJsonObject body = start.value(QStringLiteral("body")).toObject();
        const QJsonObject file = body.value(QStringLiteral("file")).toObject();
        QCOMPARE(file.value(QStringLiteral("displayName")).toString(), QStringLiteral("batch-011.jsonl"));
        QCOMPARE(file.value(QStringLiteral("mimeType")).toString(), QStringLiteral("application/jsonl"));
        QCOMPARE(file.value(QStringLiteral("sizeBytes")).toString(), QString::number(content.size()));
    }

    void pauseHoldsThenResumes()
    {
        const qint64 chunk = 32 * KiB;
        const QByteArray content = randomBytes(6 * chunk);
        UploadJob *job
            = client().upload(writeFile(m_dir, QStringLiteral("pause.bin"), content), uploadOptions(chunk));
        QSignalSpy paused(job, &UploadJob::paused);
        QSignalSpy resumed(job, &UploadJob::resumed);
        connect(job, &UploadJob::confirmedOffsetChanged, job, [job](qint64 offset) {
            if (offset == 32 * KiB)
                job->pause();
        });
        Result<GeminiFile> result;
        bool done = false;
        qint64 onWire = 0;
        connect(job, &GeminiJob::finished, this, [&] {
            result = job->result();
            onWire = job->bytesOnWire();
            done = true;
        });
        job->start();
        QVERIFY(paused.wait(30'000));
        QVERIFY(job->isPaused());
        QCOMPARE(job->confirmedOffset(), chunk);
        const int requestsWhilePaused = sessionCommands(*m_env).size();
        QTest::qWait(400);
        QCOMPARE(sessionCommands(*m_env).size(), requestsWhilePaused);
        QVERIFY(!done);
        job->resume();
        QCOMPARE(resumed.count(), 1);
        QVERIFY(QTest::qWaitFor([&done] { return done; }, 30'000));
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        QCOMPARE(onWire, content.size());
        QCOMPARE(sessionCommands(*m_env).at(requestsWhilePaused).command, QStringLiteral("query"));
    }

    void cancelTellsTheServer()
    {
        const qint64 chunk = 32 * KiB;
        const QByteArray content = randomBytes(9 * chunk);
        const QString path = writeFile(m_dir, QStringLiteral("cancel.bin"), content);
        UploadJob *job = client().upload(path, uploadOptions(chunk));
        QUrl session;
        QList<QUrl> sessions;
        connect(job, &UploadJob::sessionUrlChanged, this, [&](const QUrl &url) {
            sessions.append(url);
            if (!url.isEmpty())
                session = url;
        });
        connect(job, &UploadJob::confirmedOffsetChanged, job, [job, &content](qint64 offset) {
            if (offset >= content.size() / 3)
                job->cancel();
        });
        const Result<GeminiFile> result = runJob(job);
        QCOMPARE(result.error.kind, K::Aborted);
        QCOMPARE(result.error.classification, C::Aborted);
        QVERIFY(sessions.last().isEmpty()); // nothing left to persist
        QTRY_VERIFY_WITH_TIMEOUT(sessionCommands(*m_env).last().command == QStringLiteral("cancel"), 30'000);
        // The session is dead: resuming it starts afresh.
        UploadOptions again = uploadOptions(chunk);
        again.resumeSessionUrl = session;
        UploadJob *retry = client().upload(path, again);
        QSignalSpy restarted(retry, &UploadJob::restarted);
        const Result<GeminiFile> fresh = runJob(retry);
        QVERIFY2(fresh.ok(), qPrintable(fresh.error.toString()));
        QCOMPARE(restarted.count(), 1);
    }

    void missingStatusHeaderResendsSameChunk()
    {
        const qint64 chunk = 32 * KiB;
        const QByteArray content = randomBytes(3 * chunk);
        UploadJob *job = client().upload(
            writeFile(m_dir, QStringLiteral("nostatus.bin"), content), uploadOptions(chunk));
        // After the start: the first chunk gets a 200 without X-Goog-Upload-Status.
        connect(job, &UploadJob::sessionUrlChanged, this, [this](const QUrl &url) {
            if (!url.isEmpty())
                QVERIFY(m_env->addFaults(
                    QJsonArray { chunkFault(QStringLiteral("respond"), 200, QJsonObject {}) }));
        });
        qint64 onWire = 0;
        connect(job, &GeminiJob::finished, this, [&] { onWire = job->bytesOnWire(); });
        const Result<GeminiFile> result = runJob(job);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        QCOMPARE(chunkOffsets(sessionCommands(*m_env)), (QList<qint64> { 0, 0, chunk, 2 * chunk }));
        QCOMPARE(onWire, content.size() + chunk);
    }

    void rejectedChunkFails()
    {
        const QByteArray content = randomBytes(64 * KiB);
        UploadJob *job = client().upload(
            writeFile(m_dir, QStringLiteral("rejected.bin"), content), uploadOptions(32 * KiB));
        connect(job, &UploadJob::sessionUrlChanged, this, [this](const QUrl &url) {
            if (!url.isEmpty())
                QVERIFY(m_env->addFaults(QJsonArray { chunkFault(QStringLiteral("respond"), 400,
                    QJsonObject { { QStringLiteral("error"),
                        QJsonObject { { QStringLiteral("code"), 400 },
                            { QStringLiteral("message"), QStringLiteral("Unsupported MIME type: jsonl") },
                            { QStringLiteral("status"), QStringLiteral("INVALID_ARGUMENT") } } } }) }));
        });
        const Result<GeminiFile> result = runJob(job);
        QVERIFY(!result.ok());
        QCOMPARE(result.error.kind, K::Http);
        QCOMPARE(result.error.httpStatus, 400);
        QCOMPARE(result.error.classification, C::InvalidRequest);
        QCOMPARE(result.error.message, QStringLiteral("Unsupported MIME type: jsonl"));
    }

    // The finalize reply is checked: a File of the wrong size, or no File at all, is an error.
    void finalReplyVerified_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<K>("kind");
        QTest::newRow("size mismatch") << QJsonObject { { QStringLiteral("file"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("files/short0000001") },
                { QStringLiteral("sizeBytes"), QStringLiteral("10") } } } }
                                       << K::Protocol;
        QTest::newRow("no file object") << QJsonObject {} << K::MalformedResponse;
        QTest::newRow("file of wrong types")
            << QJsonObject { { QStringLiteral("file"), QJsonObject { { QStringLiteral("name"), 42 } } } }
            << K::MalformedResponse;
    }

    void finalReplyVerified()
    {
        QFETCH(QJsonObject, body);
        QFETCH(K, kind);
        QJsonObject rule { { QStringLiteral("method"), QStringLiteral("POST") },
            { QStringLiteral("path"), QStringLiteral("^/upload/") },
            { QStringLiteral("command"), QStringLiteral("finalize") },
            { QStringLiteral("action"), QStringLiteral("respond") }, { QStringLiteral("status"), 200 },
            { QStringLiteral("body"), body },
            { QStringLiteral("headers"),
                QJsonObject { { QStringLiteral("X-Goog-Upload-Status"), QStringLiteral("final") } } },
            { QStringLiteral("times"), 1 } };
        QVERIFY(m_env->addFaults(QJsonArray { rule }));
        const Result<GeminiFile> result = runJob(client().upload(
            writeFile(m_dir, QStringLiteral("final.bin"), randomBytes(50 * KiB)), uploadOptions(32 * KiB)));
        QVERIFY(!result.ok());
        QCOMPARE(result.error.kind, kind);
        QCOMPARE(result.error.httpStatus, 200);
    }

    void missingSourceFile()
    {
        const Result<GeminiFile> result
            = runJob(client().upload(m_dir.filePath(QStringLiteral("nope.jsonl")), uploadOptions(KiB)));
        QCOMPARE(result.error.kind, K::LocalFile);
        QCOMPARE(result.error.classification, C::LocalError);
        QVERIFY(m_env->requests(QStringLiteral("^/upload/")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGeminiUpload)
#include "tst_geminiupload.moc"
