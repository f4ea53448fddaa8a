// Upload resume against the real emulator: a connection reset at one third (continued via query
// without resending confirmed bytes), a reset mid-chunk, a hung chunk, a persisted session continued
// by a NEW job, a gone session (fresh start), a session that already completed.
#include "uploadtesthelpers.h"

using namespace bb::gemini;
using namespace bb::gemini::test;
using C = ApiError::Classification;
using K = ApiError::Kind;

class TestGeminiResume final : public QObject
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

    // The connection drops at one third: the job asks the server what it has and continues from
    // there, resending nothing the server had confirmed.
    void resetAtOneThirdResumesViaQuery()
    {
        const qint64 chunk = 32 * KiB;
        const QByteArray content = randomBytes(12 * chunk);
        UploadJob *job
            = client().upload(writeFile(m_dir, QStringLiteral("reset.bin"), content), uploadOptions(chunk));
        qint64 confirmedAtFault = -1;
        qint64 onWire = 0;
        connect(job, &UploadJob::confirmedOffsetChanged, this, [&](qint64 offset) {
            if (confirmedAtFault < 0 && offset >= content.size() / 3) {
                confirmedAtFault = offset;
                QVERIFY(m_env->addFaults(QJsonArray { chunkFault(
                    QStringLiteral("reset"), 0, {}, -1, 2) })); // the next chunk's connection drops
            }
        });
        connect(job, &GeminiJob::finished, this, [&] { onWire = job->bytesOnWire(); });
        const Result<GeminiFile> result = runJob(job, 60'000);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        QVERIFY(confirmedAtFault >= content.size() / 3);

        const QList<LoggedCommand> commands = sessionCommands(*m_env);
        const qsizetype query = indexOfCommand(commands, QStringLiteral("query"));
        QVERIFY2(query > 0, "no query after the reset");
        for (qsizetype i = query + 1; i < commands.size(); ++i) {
            if (commands.at(i).command == u"query")
                continue; // the second reset asks again
            QVERIFY2(commands.at(i).offset >= confirmedAtFault, "a confirmed byte was sent again");
        }
        // Only the chunk that was on the wire during the resets went out again (once per reset).
        QVERIFY(onWire >= content.size());
        QVERIFY(onWire <= content.size() + 2 * chunk);
    }

    // One big chunk, the server keeps the first third and drops the connection: the job continues
    // from the server's Size-Received, mid-chunk.
    void resetMidChunkContinuesFromAcceptedBytes()
    {
        const QByteArray content = randomBytes(300 * KiB);
        const qint64 third = content.size() / 3;
        QVERIFY(m_env->addFaults(QJsonArray { chunkFault(QStringLiteral("reset"), 0, {}, third) }));
        UploadJob *job
            = client().upload(writeFile(m_dir, QStringLiteral("midchunk.bin"), content), uploadOptions(MiB));
        QList<qint64> confirmed;
        connect(job, &UploadJob::confirmedOffsetChanged, this,
            [&confirmed](qint64 offset) { confirmed.append(offset); });
        const Result<GeminiFile> result = runJob(job, 60'000);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        QCOMPARE(confirmed, (QList<qint64> { third, content.size() }));
        // Before the query only the first chunk (offset 0) went out, possibly resent by the network
        // stack; after it exactly the rest, from the server's Size-Received.
        const QList<LoggedCommand> commands = sessionCommands(*m_env);
        const qsizetype query = indexOfCommand(commands, QStringLiteral("query"));
        QVERIFY2(query > 1, "no query after the reset");
        QCOMPARE(commands.first().command, QStringLiteral("start"));
        for (qsizetype i = 1; i < query; ++i)
            QCOMPARE(commands.at(i).offset, 0);
        QCOMPARE(chunkOffsets(commands.mid(query)), (QList<qint64> { third }));
        QCOMPARE(commands.last().command, QStringLiteral("upload, finalize"));
    }

    // An app restart: the first job stops at one third (as if the process died), the caller has
    // persisted session URL and offset, a NEW job continues from the server's confirmed size.
    void resumePersistedSessionInNewJob()
    {
        const qint64 chunk = 32 * KiB;
        const QByteArray content = randomBytes(10 * chunk + 77);
        const QString path = writeFile(m_dir, QStringLiteral("persisted.bin"), content);
        UploadJob *first = client().upload(path, uploadOptions(chunk));
        QUrl persistedUrl;
        qint64 persistedOffset = -1;
        connect(first, &UploadJob::sessionUrlChanged, this, [&](const QUrl &url) { persistedUrl = url; });
        connect(first, &UploadJob::confirmedOffsetChanged, this, [&, first](qint64 offset) {
            persistedOffset = offset;
            if (offset >= content.size() / 3)
                first->abort();
        });
        const Result<GeminiFile> stopped = runJob(first);
        QCOMPARE(stopped.error.kind, K::Aborted);
        QVERIFY(persistedUrl.isValid());
        QVERIFY(persistedOffset >= content.size() / 3);
        QVERIFY(persistedOffset < content.size());
        const int logBefore = sessionCommands(*m_env).size();

        UploadOptions resumed = uploadOptions(chunk);
        resumed.resumeSessionUrl = persistedUrl;
        resumed.resumeOffset = persistedOffset;
        UploadJob *second = client().upload(path, resumed);
        QSignalSpy restarted(second, &UploadJob::restarted);
        qint64 onWire = -1;
        connect(second, &GeminiJob::finished, this, [&] { onWire = second->bytesOnWire(); });
        const Result<GeminiFile> result = runJob(second, 60'000);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(restarted.count(), 0);
        QCOMPARE(result.value.sizeBytes, content.size());
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        QCOMPARE(onWire, content.size() - persistedOffset);

        const QList<LoggedCommand> commands = sessionCommands(*m_env).mid(logBefore);
        QCOMPARE(commands.first().command, QStringLiteral("query"));
        QCOMPARE(chunkOffsets(commands).first(), persistedOffset);
    }

    void goneSessionFallsBackToFreshStart()
    {
        const QByteArray content = randomBytes(70 * KiB);
        UploadOptions stale = uploadOptions(32 * KiB);
        QUrl bogus = m_env->baseUrl();
        bogus.setPath(QStringLiteral("/upload/v1beta/files"));
        bogus.setQuery(QStringLiteral("upload_id=doesnotexist0000&upload_protocol=resumable"));
        stale.resumeSessionUrl = bogus;
        stale.resumeOffset = 32 * KiB;
        UploadJob *job = client().upload(writeFile(m_dir, QStringLiteral("stale.bin"), content), stale);
        QSignalSpy restarted(job, &UploadJob::restarted);
        const Result<GeminiFile> result = runJob(job);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(restarted.count(), 1);
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        const QList<LoggedCommand> commands = sessionCommands(*m_env);
        QCOMPARE(commands.first().command, QStringLiteral("query"));
        QCOMPARE(commands.at(1).command, QStringLiteral("start"));
        QCOMPARE(chunkOffsets(commands), (QList<qint64> { 0, 32 * KiB, 64 * KiB }));
    }

    void hungChunkTimesOutAndRecovers()
    {
        const qint64 chunk = 32 * KiB;
        const QByteArray content = randomBytes(3 * chunk);
        UploadJob *job
            = client().upload(writeFile(m_dir, QStringLiteral("hang.bin"), content), uploadOptions(chunk));
        // Long enough that no answered request times out on a loaded machine; the hung chunk
        // costs one such timeout.
        job->setTimeout(4000);
        connect(job, &UploadJob::confirmedOffsetChanged, this, [this](qint64 offset) {
            if (offset == 32 * KiB)
                QVERIFY(m_env->addFaults(QJsonArray { chunkFault(QStringLiteral("hang")) }));
        });
        const Result<GeminiFile> result = runJob(job, 60'000);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.value.sha256Hex(), sha256Hex(content));
        QVERIFY(indexOfCommand(sessionCommands(*m_env), QStringLiteral("query")) > 0);
    }

    // Resuming a session that already completed: the query says "final" and the job ends with the
    // File without sending a byte.
    void resumeCompletedSession()
    {
        const QByteArray content = randomBytes(40 * KiB);
        const QString path = writeFile(m_dir, QStringLiteral("done.bin"), content);
        UploadJob *first = client().upload(path, uploadOptions(16 * KiB));
        QUrl session;
        connect(first, &UploadJob::sessionUrlChanged, this, [&session](const QUrl &url) { session = url; });
        const Result<GeminiFile> uploaded = runJob(first);
        QVERIFY2(uploaded.ok(), qPrintable(uploaded.error.toString()));
        UploadOptions again = uploadOptions(16 * KiB);
        again.resumeSessionUrl = session;
        UploadJob *second = client().upload(path, again);
        QSignalSpy restarted(second, &UploadJob::restarted);
        qint64 onWire = -1;
        connect(second, &GeminiJob::finished, this, [&onWire, second] { onWire = second->bytesOnWire(); });
        const Result<GeminiFile> result = runJob(second);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(restarted.count(), 0);
        QCOMPARE(onWire, 0);
        QCOMPARE(result.value.name, uploaded.value.name);
    }
};

QTEST_GUILESS_MAIN(TestGeminiResume)
#include "tst_geminiresume.moc"
