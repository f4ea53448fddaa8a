// A file with several requests and no keys (written on Windows: BOM, CRLF) goes up as the
// project's copy with keys added, resumed after a connection reset mid-upload; its results are
// matched by key, never by position. A one-request file goes as it is. The user's files are never
// modified.
#include "emulatorprocess.h"
#include "folderscanner.h"
#include "geminiclient.h"
#include "jsonlvalidator.h"
#include "projectimport.h"
#include "projectstore.h"
#include "realworld.h"
#include "submissionengine.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;
namespace rw = bb::test::realworld;

namespace {

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

bool write(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

bool runUntilDone(SubmissionEngine &engine, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const EngineStatus s = engine.status();
        if (s.allDone() && s.inFlight == 0)
            return true;
        if (!s.fatalError.isEmpty())
            return false;
        QTest::qWait(50);
    }
    return false;
}

} // namespace

class TestKeyedCopy final : public QObject
{
    Q_OBJECT

private slots:
    void severalKeylessRequestsGoUpWithKeys()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("in"));
        QDir().mkpath(folder);
        const QString many = folder + QStringLiteral("/qa-part-301.jsonl");
        const QString one = folder + QStringLiteral("/batch_302_proper.jsonl");
        QVERIFY(write(many, rw::keylessFile(301, 300, true, true)));
        QVERIFY(write(one, rw::properFile(302, 5000)));
        const QByteArray manyHash = sha256Of(many);
        const QByteArray oneHash = sha256Of(one);

        ProjectStore store;
        QVERIFY(!store.open(dir.filePath(QStringLiteral("p.batchboard"))));
        QList<ValidationResult> files;
        for (const ScannedFile &f : FolderScanner::scan({ folder }).files)
            files.append(JsonlValidator().validate(f.path));
        const ImportOutcome imported = importValidated(store, files);
        QCOMPARE(imported.added, 2);
        QCOMPARE(imported.keylessRequests, 301);

        test::EmulatorProcess emulator;
        QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
        QVERIFY(!emulator
                     .configure({ { QStringLiteral("speed"), 600 }, { QStringLiteral("pendingSeconds"), 30 },
                         { QStringLiteral("runningSeconds"), 30 } })
                     .isEmpty());
        // The first upload's connection drops a third of the way in.
        QVERIFY(emulator.addFaults(
            QJsonArray { QJsonObject { { QStringLiteral("method"), QStringLiteral("POST") },
                { QStringLiteral("path"), QStringLiteral("^/upload/") },
                { QStringLiteral("command"), QStringLiteral("upload") },
                { QStringLiteral("action"), QStringLiteral("reset") },
                { QStringLiteral("afterBytes"), 40'000 }, { QStringLiteral("times"), 1 } } }));

        gemini::GeminiClient client;
        client.setBaseUrl(emulator.baseUrl());
        EngineSettings settings;
        settings.resultsDir = dir.filePath(QStringLiteral("results"));
        settings.resubmitDir = dir.filePath(QStringLiteral("work"));
        settings.pollFloorRealMs = 100;
        {
            SubmissionEngine engine(&store, &client);
            engine.setSettings(settings);
            engine.resume();
            QVERIFY2(runUntilDone(engine, 300'000), qPrintable(engine.status().fatalError));
        }
        QCOMPARE(emulator.state()
                     .value(QStringLiteral("faultsFired"))
                     .toObject()
                     .value(QStringLiteral("reset"))
                     .toInt(),
            1);

        const BatchRecord a = *store.batchByDisplayName(QStringLiteral("qa-part-301"));
        const BatchRecord b = *store.batchByDisplayName(QStringLiteral("batch_302_proper"));
        QCOMPARE(a.state, BatchState::Downloaded);
        QCOMPARE(b.state, BatchState::Downloaded);
        QCOMPARE(a.uploadPath, settings.resubmitDir + QStringLiteral("/qa-part-301.keyed.jsonl"));
        QVERIFY(b.uploadPath.isEmpty()); // one request: as it is
        QCOMPARE(sha256Of(a.uploadPath), a.uploadSha256Hex.toLatin1());
        QCOMPARE(sha256Of(many), manyHash); // the user's files are never touched
        QCOMPARE(sha256Of(one), oneHash);

        // The copy: the same requests, each with its implicit key first, no BOM, LF line ends.
        QFile copy(a.uploadPath);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = copy.readAll().split('\n');
        QCOMPARE(lines.size(), 301); // 300 lines and the empty rest after the last '\n'
        QVERIFY(lines.first().startsWith("{\"key\":\"qa-part-301#line1\",\"request\""));
        QVERIFY(lines.at(299).startsWith("{\"key\":\"qa-part-301#line300\","));
        QVERIFY(!lines.first().contains('\r'));

        // Every result matched by its key; the one-request file exactly by being the only one.
        const QList<KeyResult> results = store.keyResults(a.id);
        QCOMPARE(results.size(), 300);
        for (const KeyResult &k : results) {
            QVERIFY(k.keyless);
            QCOMPARE(k.match, KeyResult::Match::ByKey);
            QVERIFY(k.outcome == KeyOutcome::Succeeded || k.outcome == KeyOutcome::Failed);
        }
        const QList<KeyResult> single = store.keyResults(b.id);
        QCOMPARE(single.size(), 1);
        QCOMPARE(single.first().key, QStringLiteral("batch_302_proper#line1"));
        QCOMPARE(single.first().match, KeyResult::Match::OnlyRequest);
    }
};

QTEST_GUILESS_MAIN(TestKeyedCopy)
#include "tst_keyedcopy.moc"
