// Streaming, atomic downloads of result files from the real emulator: progress, both URL forms,
// no partial file on abort/reset/HTTP error, an existing target untouched, write errors reported.
#include "geminitestenv.h"

#include <QDir>
#include <QElapsedTimer>

#include <csignal>
#include <sys/resource.h>

using namespace bb::gemini;
using namespace bb::gemini::test;
using C = ApiError::Classification;
using K = ApiError::Kind;

class TestGeminiDownload final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Env> m_env;
    QString m_resultsFile; // files/batch-<id> of a finished batch, hundreds of KiB
    QString m_smallResultsFile; // a few KiB: fits Qt's file write buffer
    int m_lines = 400;

    GeminiClient &client() { return m_env->client(); }

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static QStringList entries(const QTemporaryDir &dir)
    {
        return QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    }

private slots:
    // Runs a batch of `lines` requests to completion and returns its responsesFile.
    QString finishedResults(int lines, int lineBytes)
    {
        QTemporaryDir dir;
        const Result<GeminiFile> input
            = uploadBytes(client(), dir, QStringLiteral("in.jsonl"), makeJsonl(lines, lineBytes));
        if (!input.ok())
            return {};
        CreateBatchRequest request;
        request.model = QStringLiteral("gemini-3.5-flash");
        request.displayName = QStringLiteral("download-source-%1").arg(lines);
        request.inputFileName = input.value.name;
        Result<BatchJob> polled = runJob(client().createBatch(request));
        QElapsedTimer timer;
        timer.start();
        while (polled.ok() && !polled.value.isTerminal() && timer.elapsed() < 30'000) {
            m_env->emulator().advanceClock(120);
            polled = runJob(client().getBatch(polled.value.name));
        }
        if (!polled.ok() || polled.value.state != BatchJob::State::Succeeded)
            qWarning("batch did not succeed: %s", qPrintable(polled.error.toString()));
        return polled.value.responsesFile;
    }

    void initTestCase()
    {
        m_env = std::make_unique<Env>();
        QVERIFY2(m_env->isRunning(), "gemini-emulator did not start");
        m_resultsFile = finishedResults(m_lines, 400);
        QVERIFY(!m_resultsFile.isEmpty());
        m_smallResultsFile = finishedResults(3, 100);
        QVERIFY(!m_smallResultsFile.isEmpty());
    }

    void cleanupTestCase() { m_env.reset(); }

    void streamsToTarget_data()
    {
        QTest::addColumn<DownloadJob::UrlForm>("form");
        QTest::newRow("api form") << DownloadJob::UrlForm::Api;
        QTest::newRow("download/ form") << DownloadJob::UrlForm::DownloadPrefix;
    }

    void streamsToTarget()
    {
        QFETCH(DownloadJob::UrlForm, form);
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("results.jsonl"));
        DownloadJob *job = client().download(m_resultsFile, target);
        job->setUrlForm(form);
        QList<qint64> progress;
        qint64 written = 0;
        connect(job, &DownloadJob::progress, this,
            [&progress](qint64 received, qint64) { progress.append(received); });
        connect(job, &GeminiJob::finished, this, [&written, job] { written = job->bytesWritten(); });
        const Result<QString> result = runJob(job);
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.value, target);
        const QByteArray content = readAll(target);
        QCOMPARE(written, content.size());
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), content.size());
        QCOMPARE(content.trimmed().split('\n').size(), m_lines);
        QCOMPARE(entries(dir), QStringList { QStringLiteral("results.jsonl") });
    }

    void replacesExistingTargetOnlyWhenComplete()
    {
        QTemporaryDir dir;
        const QString target
            = writeFile(dir, QStringLiteral("results.jsonl"), QByteArrayLiteral("old content\n"));
        const Result<QString> result = runJob(client().download(m_resultsFile, target));
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QVERIFY(readAll(target).size() > 1000);
        QCOMPARE(entries(dir), QStringList { QStringLiteral("results.jsonl") });
    }

    void abortLeavesNoPartialFile()
    {
        QTemporaryDir dir;
        const QString target
            = writeFile(dir, QStringLiteral("results.jsonl"), QByteArrayLiteral("old content\n"));
        DownloadJob *job = client().download(m_resultsFile, target);
        connect(job, &DownloadJob::progress, job, [job](qint64 received, qint64) {
            if (received > 0)
                job->abort();
        });
        const Result<QString> result = runJob(job);
        QCOMPARE(result.error.kind, K::Aborted);
        QCOMPARE(readAll(target), QByteArrayLiteral("old content\n"));
        QCOMPARE(entries(dir), QStringList { QStringLiteral("results.jsonl") });
    }

    void resetLeavesNoPartialFile()
    {
        // times: 2 because Qt resends a GET once by itself when a kept-alive connection drops.
        QVERIFY(
            m_env->addFaults(QJsonArray { QJsonObject { { QStringLiteral("method"), QStringLiteral("GET") },
                { QStringLiteral("path"), QStringLiteral(":download$") },
                { QStringLiteral("action"), QStringLiteral("reset") }, { QStringLiteral("times"), 2 } } }));
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("results.jsonl"));
        const Result<QString> result = runJob(client().download(m_resultsFile, target));
        QCOMPARE(result.error.kind, K::Network);
        QCOMPARE(result.error.classification, C::Transient);
        QVERIFY(entries(dir).isEmpty());
    }

    void httpErrorNeverWrittenToTarget()
    {
        QTemporaryDir dir;
        const QString target
            = writeFile(dir, QStringLiteral("results.jsonl"), QByteArrayLiteral("old content\n"));
        const Result<QString> result
            = runJob(client().download(QStringLiteral("files/batch-doesnotexist"), target));
        QVERIFY(!result.ok());
        QCOMPARE(result.error.kind, K::Http);
        QCOMPARE(result.error.classification, C::FileGone);
        QCOMPARE(readAll(target), QByteArrayLiteral("old content\n"));
        QCOMPARE(entries(dir), QStringList { QStringLiteral("results.jsonl") });
    }

    void unwritableTargetFailsBeforeRequest()
    {
        const int before = m_env->requests().size();
        QTemporaryDir dir;
        const Result<QString> result = runJob(
            client().download(m_resultsFile, dir.filePath(QStringLiteral("missing/dir/results.jsonl"))));
        QCOMPARE(result.error.kind, K::LocalFile);
        QCOMPARE(result.error.classification, C::LocalError);
        QVERIFY(result.error.message.contains(QStringLiteral("results.jsonl")));
        QCOMPARE(m_env->requests().size(), before);
    }

    // A full disk, simulated with a file-size limit: the write error is reported and nothing is
    // left. "small file": every write lands in Qt's buffer and only the final flush fails (Qt 6.4's
    // QSaveFile would then still commit a truncated file if the job did not flush first).
    void writeErrorReported_data()
    {
        QTest::addColumn<bool>("small");
        QTest::addColumn<int>("limit");
        QTest::newRow("write fails while streaming") << false << 4096;
        QTest::newRow("small file, final flush fails") << true << 1000;
    }

    void writeErrorReported()
    {
        QFETCH(bool, small);
        QFETCH(int, limit);
        QTemporaryDir dir;
        const QString target
            = writeFile(dir, QStringLiteral("results.jsonl"), QByteArrayLiteral("old content\n"));
        rlimit saved {};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit tiny = saved;
        tiny.rlim_cur = rlim_t(limit);
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &tiny), 0);
        DownloadJob *job = client().download(small ? m_smallResultsFile : m_resultsFile, target);
        qint64 written = 0;
        connect(job, &GeminiJob::finished, this, [&written, job] { written = job->bytesWritten(); });
        const Result<QString> result = runJob(job);
        setrlimit(RLIMIT_FSIZE, &saved);
        QVERIFY(written > limit || !small);
        QCOMPARE(result.error.kind, K::LocalFile);
        QCOMPARE(result.error.classification, C::LocalError);
        QVERIFY2(result.error.message.contains(QStringLiteral("large"), Qt::CaseInsensitive),
            qPrintable(result.error.message));
        QCOMPARE(readAll(target), QByteArrayLiteral("old content\n"));
        QCOMPARE(entries(dir), QStringList { QStringLiteral("results.jsonl") });
    }
};

QTEST_GUILESS_MAIN(TestGeminiDownload)
#include "tst_geminidownload.moc"
