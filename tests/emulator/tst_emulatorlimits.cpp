// Limits with the realistic bodies of limits-and-errors.md §8: file size, storage, concurrent
// batches, enqueued tokens, per-minute and per-day creates, uploads per minute, the API key.
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace bb::test;

namespace {

const QString kQuotaStart
    = QStringLiteral("You exceeded your current quota, please check your plan and billing details.");

QStringList detailTypes(const QJsonObject &error)
{
    QStringList out;
    for (const QJsonValue &d : error[QStringLiteral("details")].toArray())
        out.append(d[QStringLiteral("@type")].toString().section(QLatin1Char('.'), -1));
    return out;
}

QJsonObject detail(const QJsonObject &error, const QString &suffix)
{
    for (const QJsonValue &d : error[QStringLiteral("details")].toArray()) {
        if (d[QStringLiteral("@type")].toString().endsWith(suffix))
            return d.toObject();
    }
    return {};
}

double retrySeconds(const QJsonObject &error)
{
    const QString delay = detail(error, QStringLiteral("RetryInfo"))[QStringLiteral("retryDelay")].toString();
    const auto m = QRegularExpression(QStringLiteral("^(\\d+(\\.\\d+)?)s$")).match(delay);
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

QJsonObject limits(const QJsonObject &l)
{
    return QJsonObject { { QStringLiteral("limits"), l } };
}

} // namespace

class TestEmulatorLimits final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_emu.start(), qPrintable(m_emu.errorString())); }
    void init()
    {
        QVERIFY(m_emu.reset());
        // The emulated clock stands still but for advanceClock (any positive speed is accepted; 0
        // would mean the default 1), so windows and retry delays are exact.
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("speed"), 1e-9 }, { QStringLiteral("pendingSeconds"), 10 },
                         { QStringLiteral("runningSeconds"), 10 } })
                     .isEmpty());
    }

    void realDefaults()
    {
        const QJsonObject config = m_emu.get(QStringLiteral("/emulator/config")).json();
        const QJsonObject l = config[QStringLiteral("limits")].toObject();
        QCOMPARE(l[QStringLiteral("maxFileBytes")].toDouble(), 2e9);
        QCOMPARE(l[QStringLiteral("storageBytes")].toDouble(), 21474836480.0);
        QCOMPARE(l[QStringLiteral("concurrentBatches")].toInt(), 100);
        QCOMPARE(l[QStringLiteral("batchCreatesPerMinute")].toInt(), 0);
        QCOMPARE(l[QStringLiteral("batchCreatesPerDay")].toInt(), 0);
        QCOMPARE(l[QStringLiteral("uploadsPerMinute")].toInt(), 0);
        const QJsonObject tokens = l[QStringLiteral("effectiveEnqueuedTokens")].toObject();
        // changes-2026.md §4, Tier 1 column.
        const QList<QPair<QString, QString>> tier1 {
            { QStringLiteral("gemini-3.1-pro-preview"), QStringLiteral("5000000") },
            { QStringLiteral("gemini-3.6-flash"), QStringLiteral("3000000") },
            { QStringLiteral("gemini-3.5-flash"), QStringLiteral("3000000") },
            { QStringLiteral("gemini-3.5-flash-lite"), QStringLiteral("10000000") },
            { QStringLiteral("gemini-3.1-flash-lite"), QStringLiteral("10000000") },
            { QStringLiteral("gemini-2.5-pro"), QStringLiteral("5000000") },
            { QStringLiteral("gemini-2.5-flash"), QStringLiteral("3000000") },
            { QStringLiteral("gemini-2.5-flash-lite"), QStringLiteral("10000000") },
            { QStringLiteral("gemini-2.0-flash"), QStringLiteral("10000000") },
            { QStringLiteral("gemini-2.0-flash-lite"), QStringLiteral("10000000") },
            { QStringLiteral("gemini-2.0-flash-image"), QStringLiteral("3000000") },
            { QStringLiteral("gemini-2.5-pro-preview-tts"), QStringLiteral("25000") },
            { QStringLiteral("gemini-2.5-flash-preview-tts"), QStringLiteral("100000") },
            { QStringLiteral("gemini-3.1-flash-image-preview"), QStringLiteral("1000000") },
            { QStringLiteral("gemini-3.1-flash-lite-image"), QStringLiteral("2000000") },
            { QStringLiteral("gemini-3-pro-image-preview"), QStringLiteral("2000000") },
            { QStringLiteral("gemini-embedding"), QStringLiteral("500000") },
        };
        for (const auto &[model, cap] : tier1)
            QCOMPARE(tokens[model].toString(), cap);
        QCOMPARE(tokens.size(), tier1.size()); // the old 3-pro-preview / 3-flash-preview rows are gone
        QCOMPARE(config[QStringLiteral("fileTtlSeconds")].toInt(), 172800);
        QCOMPARE(config[QStringLiteral("batchTtlSeconds")].toInt(), 172800);
    }

    void maxFileSize()
    {
        QVERIFY(!m_emu.configure(limits({ { QStringLiteral("maxFileBytes"), 1000 } })).isEmpty());
        QVERIFY(startUpload(m_emu, 1001, QStringLiteral("big")).isEmpty());
        QCOMPARE(m_emu.lastReply().status, 400);
        QCOMPARE(errorOf(m_emu.lastReply())[QStringLiteral("status")].toString(),
            QStringLiteral("INVALID_ARGUMENT"));
        QVERIFY(!uploadBytes(m_emu, QByteArray(1000, 'x'), 300).isEmpty());
        // Without a declared size the limit bites on the chunk that crosses it.
        const auto start = m_emu.request("POST", QStringLiteral("/upload/v1beta/files"), {},
            { { "X-Goog-Upload-Protocol", "resumable" }, { "X-Goog-Upload-Command", "start" } });
        const QUrl session(QString::fromLatin1(start.header("X-Goog-Upload-URL")));
        QCOMPARE(sendChunk(m_emu, session, QByteArray(600, 'a'), 0, false).status, 200);
        QCOMPARE(sendChunk(m_emu, session, QByteArray(600, 'a'), 600, true).status, 400);
    }

    void projectStorage()
    {
        QVERIFY(!m_emu.configure(limits({ { QStringLiteral("storageBytes"), 1000 } })).isEmpty());
        const QJsonObject first = uploadBytes(m_emu, QByteArray(600, 'x'), 600);
        QVERIFY(!first.isEmpty());
        QVERIFY(startUpload(m_emu, 500, QStringLiteral("second")).isEmpty());
        const QJsonObject error = errorOf(m_emu.lastReply());
        QCOMPARE(m_emu.lastReply().status, 429);
        QCOMPARE(error[QStringLiteral("status")].toString(), QStringLiteral("RESOURCE_EXHAUSTED"));
        QVERIFY(error[QStringLiteral("message")].toString().startsWith(kQuotaStart));
        QCOMPARE(detailTypes(error), QStringList { QStringLiteral("Help") });
        QCOMPARE(
            m_emu.request("DELETE", QStringLiteral("/v1beta/") + first[QStringLiteral("name")].toString())
                .status,
            200);
        QVERIFY(!startUpload(m_emu, 500, QStringLiteral("second")).isEmpty());
        QCOMPARE(m_emu.state()[QStringLiteral("responses429")].toInt(), 1);
    }

    void concurrentBatches()
    {
        QVERIFY(!m_emu.configure(limits({ { QStringLiteral("concurrentBatches"), 2 } })).isEmpty());
        const QString file = uploadBytes(m_emu, makeJsonl(4), 1000)[QStringLiteral("name")].toString();
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("a")).status, 200);
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("b")).status, 200);
        const auto refused = createFileBatch(m_emu, file, QStringLiteral("c"));
        QCOMPARE(refused.status, 429);
        const QJsonObject error = errorOf(refused);
        QCOMPARE(error[QStringLiteral("code")].toInt(), 429);
        QCOMPARE(error[QStringLiteral("status")].toString(), QStringLiteral("RESOURCE_EXHAUSTED"));
        QVERIFY(error[QStringLiteral("message")].toString().startsWith(kQuotaStart));
        QCOMPARE(detailTypes(error), QStringList { QStringLiteral("Help") }); // no QuotaFailure, no RetryInfo
        QCOMPARE(detail(error, QStringLiteral("Help"))[QStringLiteral("links")]
                     .toArray()[0][QStringLiteral("url")]
                     .toString(),
            QStringLiteral("https://ai.google.dev/gemini-api/docs/rate-limits"));
        QCOMPARE(m_emu.state()[QStringLiteral("batchCreatesByDisplayName")].toObject().contains(
                     QStringLiteral("c")),
            false);
        QVERIFY(m_emu.advanceClock(21)); // both finish
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("c")).status, 200);
    }

    void enqueuedTokens()
    {
        const QByteArray input = makeJsonl(40); // ≈ 4 KB ≈ 1000 tokens at bytes/4
        const int tokens = int(input.size() / 4);
        QVERIFY(!m_emu.configure(limits({ { QStringLiteral("enqueuedTokens"), tokens * 2 - 1 } })).isEmpty());
        const QString file = uploadBytes(m_emu, input, 1 << 20)[QStringLiteral("name")].toString();
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("t1")).status, 200);
        QCOMPARE(m_emu.state()[QStringLiteral("usage")]
                     .toObject()[QStringLiteral("enqueuedTokens")]
                     .toObject()[QStringLiteral("gemini-3.5-flash")]
                     .toInt(),
            tokens);
        const auto refused = createFileBatch(m_emu, file, QStringLiteral("t2"));
        QCOMPARE(refused.status, 429);
        const QJsonObject error = errorOf(refused);
        QCOMPARE(error[QStringLiteral("status")].toString(), QStringLiteral("RESOURCE_EXHAUSTED"));
        QVERIFY(error[QStringLiteral("message")].toString().startsWith(kQuotaStart));
        QVERIFY(!error.contains(QStringLiteral("details"))); // the "no details at all" variant
        // Tokens are counted per model: another model still has room.
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("t3"), QStringLiteral("gemini-3.1-pro-preview"))
                     .status,
            200);
        QVERIFY(m_emu.advanceClock(21));
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("t2")).status, 200);

        // Per-model overrides by name.
        QVERIFY(!m_emu
                     .configure(limits({ { QStringLiteral("enqueuedTokens"),
                         QJsonObject { { QStringLiteral("gemini-3.1-pro-preview"), 10 } } } }))
                     .isEmpty());
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("p"), QStringLiteral("gemini-3.1-pro-preview"))
                     .status,
            429);
    }

    void batchCreatesPerMinute()
    {
        QVERIFY(!m_emu.configure(limits({ { QStringLiteral("batchCreatesPerMinute"), 2 } })).isEmpty());
        const QString file = uploadBytes(m_emu, makeJsonl(2), 1000)[QStringLiteral("name")].toString();
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("m1")).status, 200);
        QVERIFY(m_emu.advanceClock(10));
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("m2")).status, 200);
        QVERIFY(m_emu.advanceClock(10));
        const auto refused = createFileBatch(m_emu, file, QStringLiteral("m3"));
        QCOMPARE(refused.status, 429);
        const QJsonObject error = errorOf(refused);
        QCOMPARE(detailTypes(error),
            (QStringList {
                QStringLiteral("Help"), QStringLiteral("QuotaFailure"), QStringLiteral("RetryInfo") }));
        const QJsonObject violation
            = detail(error, QStringLiteral("QuotaFailure"))[QStringLiteral("violations")]
                  .toArray()[0]
                  .toObject();
        QVERIFY(violation[QStringLiteral("quotaId")].toString().contains(QStringLiteral("PerMinute")));
        QCOMPARE(violation[QStringLiteral("quotaValue")].toString(), QStringLiteral("2"));
        QCOMPARE(violation[QStringLiteral("quotaDimensions")].toObject()[QStringLiteral("model")].toString(),
            QStringLiteral("gemini-3.5-flash"));
        QVERIFY(!violation[QStringLiteral("quotaMetric")].toString().isEmpty());
        // Honest delay: the first create leaves the 60 s window 40 s from now.
        const double delay = retrySeconds(error);
        QCOMPARE(delay, 40.0);
        QVERIFY(error[QStringLiteral("message")].toString().contains(
            QStringLiteral("Please retry in %1.")
                .arg(detail(error, QStringLiteral("RetryInfo"))[QStringLiteral("retryDelay")].toString())));
        QVERIFY(m_emu.advanceClock(delay));
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("m3")).status, 200);
    }

    void batchCreatesPerDay()
    {
        QVERIFY(!m_emu.configure(limits({ { QStringLiteral("batchCreatesPerDay"), 2 } })).isEmpty());
        // A whole Pacific day ahead: no reset falls between the refusals below.
        QVERIFY(m_emu.advancePastPacificMidnight());
        const QString file = uploadBytes(m_emu, makeJsonl(2), 1000)[QStringLiteral("name")].toString();
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("d1")).status, 200);
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("d2")).status, 200);
        const auto refused = createFileBatch(m_emu, file, QStringLiteral("d3"));
        QCOMPARE(refused.status, 429);
        const QJsonObject error = errorOf(refused);
        QCOMPARE(detailTypes(error),
            (QStringList { QStringLiteral("QuotaFailure"), QStringLiteral("RetryInfo") }));
        const QJsonObject violation
            = detail(error, QStringLiteral("QuotaFailure"))[QStringLiteral("violations")]
                  .toArray()[0]
                  .toObject();
        QVERIFY(violation[QStringLiteral("quotaId")].toString().contains(QStringLiteral("PerDay")));
        const double delay = retrySeconds(error);
        QVERIFY2(delay > 0 && delay <= 60, qPrintable(QString::number(delay))); // short, and useless
        QVERIFY(m_emu.advanceClock(delay + 1));
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("d3")).status, 429);
        QVERIFY(m_emu.advancePastPacificMidnight()); // (not 24 h: a DST day has 23 or 25)
        QCOMPARE(createFileBatch(m_emu, file, QStringLiteral("d3")).status, 200);
        QCOMPARE(m_emu.state()[QStringLiteral("responses429")].toInt(), 2);
    }

    void uploadsPerMinute()
    {
        QVERIFY(!m_emu.configure(limits({ { QStringLiteral("uploadsPerMinute"), 1 } })).isEmpty());
        QVERIFY(!startUpload(m_emu, 10, QStringLiteral("u1")).isEmpty());
        QVERIFY(startUpload(m_emu, 10, QStringLiteral("u2")).isEmpty());
        QCOMPARE(m_emu.lastReply().status, 429);
        const QJsonObject error = errorOf(m_emu.lastReply());
        QCOMPARE(detailTypes(error),
            (QStringList {
                QStringLiteral("Help"), QStringLiteral("QuotaFailure"), QStringLiteral("RetryInfo") }));
        QVERIFY(detail(error, QStringLiteral("QuotaFailure"))[QStringLiteral("violations")]
                    .toArray()[0][QStringLiteral("quotaId")]
                    .toString()
                    .contains(QStringLiteral("PerMinute")));
        QCOMPARE(retrySeconds(error), 60.0); // the one upload leaves the window a minute from now
        QVERIFY(m_emu.advanceClock(61));
        QVERIFY(!startUpload(m_emu, 10, QStringLiteral("u2")).isEmpty());
    }

    void configValidation()
    {
        QCOMPARE(
            m_emu.postJson(QStringLiteral("/emulator/config"), { { QStringLiteral("pendingSecond"), 1 } })
                .status,
            400);
        QCOMPARE(
            m_emu.postJson(QStringLiteral("/emulator/config"), { { QStringLiteral("failedLineRate"), 2 } })
                .status,
            400);
        QCOMPARE(m_emu
                     .postJson(QStringLiteral("/emulator/config"),
                         limits({ { QStringLiteral("concurrentBatches"), -1 } }))
                     .status,
            400);
        QCOMPARE(m_emu.request("POST", QStringLiteral("/emulator/config"), QByteArrayLiteral("{nope")).status,
            400);
        // snake_case keys and int64 strings are accepted; 0 means the real default.
        const QJsonObject c = m_emu.configure({ { QStringLiteral("pending_seconds"), QStringLiteral("5") },
            { QStringLiteral("limits"), QJsonObject { { QStringLiteral("concurrent_batches"), 0 } } } });
        QCOMPARE(c[QStringLiteral("pendingSeconds")].toDouble(), 5.0);
        QCOMPARE(c[QStringLiteral("limits")].toObject()[QStringLiteral("concurrentBatches")].toInt(), 100);
    }

    void apiKeyCheck()
    {
        EmulatorProcess keyed;
        QVERIFY2(keyed.start({ QStringLiteral("--api-key"), QStringLiteral("s3cret") }),
            qPrintable(keyed.errorString()));
        auto r = keyed.get(QStringLiteral("/v1beta/files"));
        QCOMPARE(r.status, 403);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("PERMISSION_DENIED"));
        r = keyed.get(QStringLiteral("/v1beta/files"), { { "x-goog-api-key", "wrong" } });
        QCOMPARE(r.status, 400);
        const QJsonObject error = errorOf(r);
        QCOMPARE(error[QStringLiteral("status")].toString(), QStringLiteral("INVALID_ARGUMENT"));
        QCOMPARE(error[QStringLiteral("message")].toString(),
            QStringLiteral("API key not valid. Please pass a valid API key."));
        QCOMPARE(detail(error, QStringLiteral("ErrorInfo"))[QStringLiteral("reason")].toString(),
            QStringLiteral("API_KEY_INVALID"));
        QCOMPARE(keyed.get(QStringLiteral("/v1beta/files"), { { "x-goog-api-key", "s3cret" } }).status, 200);
        QCOMPARE(keyed.get(QStringLiteral("/v1/batches?key=s3cret")).status, 200);
        QCOMPARE(keyed.get(QStringLiteral("/v1/batches?key=nope")).status, 400);

        // Session URLs work without the key (cookbook curl); control API never needs it.
        const QUrl session = startUpload(
            keyed, 3, QStringLiteral("k"), QStringLiteral("v1beta"), { { "x-goog-api-key", "s3cret" } });
        QVERIFY(!session.isEmpty());
        QCOMPARE(sendChunk(keyed, session, QByteArrayLiteral("abc"), 0, true).status, 200);
        QCOMPARE(keyed.get(QStringLiteral("/emulator/state")).status, 200);

        // The request log records that a key was sent, never its value.
        bool sawHeader = false, sawQuery = false;
        for (const QJsonValue &e : keyed.requests()) {
            const QJsonObject entry = e.toObject();
            QVERIFY(!entry[QStringLiteral("headers")].toObject().contains(QStringLiteral("x-goog-api-key")));
            QVERIFY(!entry[QStringLiteral("query")].toString().contains(QStringLiteral("s3cret")));
            sawHeader |= entry[QStringLiteral("hasApiKeyHeader")].toBool();
            if (entry[QStringLiteral("hasApiKeyQuery")].toBool()) {
                sawQuery = true;
                QVERIFY(entry[QStringLiteral("query")].toString().contains(QStringLiteral("key=<redacted>")));
            }
        }
        QVERIFY(sawHeader);
        QVERIFY(sawQuery);
    }

private:
    EmulatorProcess m_emu;
};

QTEST_GUILESS_MAIN(TestEmulatorLimits)
#include "tst_emulatorlimits.moc"
