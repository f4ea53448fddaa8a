// The engine's 194-batch story at the emulator level: 194 files of 100 requests, at most 35
// active jobs, many polls. Checks that the emulator stays cheap at that scale: every request is
// answered once, with nothing the client did not ask for (its speed is for tests/bench).
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace bb::test;

class TestEmulatorScale final : public QObject
{
    Q_OBJECT

private slots:
    void oneHundredNinetyFourBatches()
    {
        EmulatorProcess emu;
        QVERIFY2(emu.start(), qPrintable(emu.errorString()));
        // The clock stands still but for advanceClock (speed 1e-9; 0 would mean the default 1), so
        // every job takes exactly 8 rounds of 300 s and the counts below are exact.
        QVERIFY(!emu.configure({ { QStringLiteral("speed"), 1e-9 }, { QStringLiteral("pendingSeconds"), 600 },
                                   { QStringLiteral("runningSeconds"), 1800 },
                                   { QStringLiteral("limits"),
                                       QJsonObject { { QStringLiteral("concurrentBatches"), 35 } } } })
                     .isEmpty());
        QElapsedTimer timer;
        timer.start();

        QStringList files;
        for (int b = 11; b <= 204; ++b) {
            const QString name = QStringLiteral("batch_%1").arg(b, 3, 10, QLatin1Char('0'));
            files.append(uploadBytes(
                emu, makeJsonl(100, name), 8 << 20, name + QStringLiteral(".jsonl"))[QStringLiteral("name")]
                             .toString());
            QVERIFY(!files.last().isEmpty());
        }
        const qint64 uploadMs = timer.restart();

        int next = 0, refusals = 0, polls = 0;
        QSet<QString> open;
        while (next < files.size() || !open.isEmpty()) {
            while (next < files.size()) {
                const auto r = createFileBatch(
                    emu, files[next], QStringLiteral("batch_%1").arg(next + 11, 3, 10, QLatin1Char('0')));
                if (r.status == 429) {
                    ++refusals;
                    break;
                }
                QCOMPARE(r.status, 200);
                open.insert(r.json()[QStringLiteral("name")].toString());
                ++next;
            }
            QVERIFY(open.size() <= 35);
            QVERIFY(emu.advanceClock(300));
            for (const QString &name : QSet<QString>(open)) {
                const QJsonObject op = emu.get(QStringLiteral("/v1beta/") + name).json();
                ++polls;
                if (op[QStringLiteral("done")].toBool()) {
                    QCOMPARE(batchState(op), QStringLiteral("BATCH_STATE_SUCCEEDED"));
                    open.remove(name);
                }
            }
        }
        const qint64 runMs = timer.restart();

        // Every batch once, all finished, 19,400 requests in total.
        const QJsonObject state = emu.state();
        const QJsonObject creates = state[QStringLiteral("batchCreatesByDisplayName")].toObject();
        QCOMPARE(creates.size(), 194);
        for (auto it = creates.begin(); it != creates.end(); ++it)
            QCOMPARE(it.value().toInt(), 1);
        QCOMPARE(state[QStringLiteral("responses429")].toInt(), refusals);
        QVERIFY(refusals > 0);
        qint64 lines = 0;
        QString token;
        int pages = 0;
        do {
            const QJsonObject page
                = emu.get(QStringLiteral("/v1beta/batches?pageSize=100")
                         + (token.isEmpty() ? QString() : QStringLiteral("&pageToken=") + token))
                      .json();
            for (const QJsonValue &op : page[QStringLiteral("operations")].toArray())
                lines += op[QStringLiteral("metadata")][QStringLiteral("batchStats")]
                           [QStringLiteral("requestCount")]
                               .toString()
                               .toLongLong();
            token = page[QStringLiteral("nextPageToken")].toString();
            ++pages;
        } while (!token.isEmpty());
        QCOMPARE(pages, 2);
        QCOMPARE(lines, 194 * 100);
        const qint64 checkMs = timer.elapsed();
        qInfo("194 uploads: %lld ms; creates+%d polls (%d refusals): %lld ms; state+list: %lld ms", uploadMs,
            polls, refusals, runMs, checkMs);

        // Cheap: the emulator saw exactly the requests above, once each. 5 waves of 35 jobs, each
        // refused once a round for the 8 rounds it runs, then 19; every job polled 8 times.
        QCOMPARE(refusals, 5 * 8);
        QCOMPARE(polls, 194 * 8);
        const QJsonObject counts = state[QStringLiteral("requestCounts")].toObject();
        const QJsonObject expected {
            { QStringLiteral("POST /upload/v1beta/files"), 194 },
            { QStringLiteral("POST /upload/v1beta/files?upload_id={id}"), 194 },
            { QStringLiteral("POST /v1beta/models/{model}:batchGenerateContent"), 194 + refusals },
            { QStringLiteral("GET /v1beta/batches/{id}"), polls },
        };
        QVERIFY2(counts == expected, QJsonDocument(counts).toJson().constData());
    }
};

QTEST_GUILESS_MAIN(TestEmulatorScale)
#include "tst_emulatorscale.moc"
