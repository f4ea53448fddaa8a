// batchboard-cli's cost output against the emulator: status (text and --json) before and after a
// run, and resume --spend-cap stopping and releasing job creation.
#include "batchfolder.h"
#include "emulatorprocess.h"
#include "pricetable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliRun cli(const QStringList &arguments, int timeoutMs = 120'000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GEMINI_API_KEY"), QString());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(BB_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestCostCli final : public QObject
{
    Q_OBJECT

private:
    QJsonObject status(const QStringList &common)
    {
        const CliRun run = cli(QStringList { QStringLiteral("status"), QStringLiteral("--json") } + common);
        if (run.exitCode != 0)
            qWarning("status failed: %s", qPrintable(run.err));
        return QJsonDocument::fromJson(run.out.toUtf8()).object();
    }

private slots:
    void statusShowsCostAndTheCapHoldsCreates()
    {
        QTemporaryDir dir;
        const QString folder = bb::test::writeBatchFolder(dir.filePath(QStringLiteral("b")), 1, 3, 10);
        const QString project = dir.filePath(QStringLiteral("p.batchboard"));
        bb::test::EmulatorProcess emulator;
        QVERIFY(emulator.start());
        emulator.configure({ { QStringLiteral("speed"), 600 }, { QStringLiteral("pendingSeconds"), 30 },
            { QStringLiteral("runningSeconds"), 60 } });
        const QStringList common { QStringLiteral("--project"), project, QStringLiteral("--base-url"),
            emulator.baseUrl().toString() };
        QCOMPARE(cli(QStringList { QStringLiteral("import"), folder } + common).exitCode, 0);

        const QJsonObject before = status(common);
        const QJsonObject cost = before.value(QStringLiteral("cost")).toObject();
        QVERIFY(cost.value(QStringLiteral("estimate")).toDouble() > 0);
        QCOMPARE(cost.value(QStringLiteral("actual")).toDouble(), 0.0);
        QVERIFY(cost.value(QStringLiteral("standardPrice")).toDouble()
            > cost.value(QStringLiteral("estimate")).toDouble());
        QVERIFY(cost.value(QStringLiteral("cap")).isNull());
        QCOMPARE(cost.value(QStringLiteral("pricesAsOf")).toString(), bb::PriceTable::defaultsAsOf());
        for (const QJsonValue &row : before.value(QStringLiteral("batches")).toArray())
            QVERIFY(row.toObject()
                        .value(QStringLiteral("cost"))
                        .toObject()
                        .value(QStringLiteral("estimate"))
                        .toDouble()
                > 0);

        // A cap below one batch: nothing is created, resume says why and exits 3.
        const CliRun capped = cli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done"),
                                      QStringLiteral("--spend-cap"), QStringLiteral("0.000001") }
            + common);
        QVERIFY2(capped.exitCode == 3, qPrintable(capped.err + capped.out));
        QVERIFY2(capped.out.contains(QStringLiteral("blocked by the spend cap")), qPrintable(capped.out));
        const QJsonObject held = status(common);
        QCOMPARE(
            held.value(QStringLiteral("cost")).toObject().value(QStringLiteral("cap")).toDouble(), 0.000001);
        for (const QJsonValue &row : held.value(QStringLiteral("batches")).toArray()) {
            QCOMPARE(row.toObject().value(QStringLiteral("waiting")).toString(), QStringLiteral("spend_cap"));
            QVERIFY(!row.toObject().contains(QStringLiteral("job")));
        }
        QVERIFY(emulator.state().value(QStringLiteral("batchCreatesByDisplayName")).toObject().isEmpty());
        const CliRun text = cli(QStringList { QStringLiteral("status") } + common);
        QVERIFY2(text.out.contains(QStringLiteral("waiting: spend_cap")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QStringLiteral("spend cap $0.000001")), qPrintable(text.out));

        // Lifting the cap releases them.
        const CliRun done = cli(QStringList { QStringLiteral("resume"), QStringLiteral("--until-done"),
                                    QStringLiteral("--spend-cap"), QStringLiteral("none") }
            + common);
        QVERIFY2(done.exitCode == 0, qPrintable(done.err + done.out));
        const QJsonObject after = status(common);
        const QJsonObject total = after.value(QStringLiteral("cost")).toObject();
        QVERIFY(total.value(QStringLiteral("cap")).isNull());
        const double actual = total.value(QStringLiteral("actual")).toDouble();
        QVERIFY(actual > 0);
        QVERIFY(total.value(QStringLiteral("standardPrice")).toDouble() > actual);
        double sum = 0;
        for (const QJsonValue &row : after.value(QStringLiteral("batches")).toArray()) {
            const QJsonObject c = row.toObject().value(QStringLiteral("cost")).toObject();
            QVERIFY(c.contains(QStringLiteral("actual")));
            sum += c.value(QStringLiteral("actual")).toDouble();
            QVERIFY(row.toObject()
                        .value(QStringLiteral("usage"))
                        .toObject()
                        .value(QStringLiteral("promptTokens"))
                        .toInteger()
                > 0);
        }
        QVERIFY(std::abs(sum - actual) < 1e-5);
        // Every answered key carried usageMetadata; failed lines (the emulator fails a few) none.
        const QJsonObject keys
            = after.value(QStringLiteral("totals")).toObject().value(QStringLiteral("keys")).toObject();
        QCOMPARE(total.value(QStringLiteral("calibration"))
                     .toObject()
                     .value(QStringLiteral("sampleRequests"))
                     .toInt(),
            keys.value(QStringLiteral("succeeded")).toInt() + keys.value(QStringLiteral("blocked")).toInt());

        const CliRun text2 = cli(QStringList { QStringLiteral("status") } + common);
        // The model Resume chose (the newest stable Flash the emulator lists) has no price row yet:
        // it is estimated from its family, and the text says so.
        QVERIFY2(text2.out.contains(QStringLiteral("cost (gemini-3.6-flash, batch price, prices as of %1)")
                                        .arg(bb::PriceTable::defaultsAsOf())),
            qPrintable(text2.out));
        QVERIFY2(text2.out.contains(QStringLiteral(
                     "gemini-3.6-flash has no price of its own: estimated from gemini-3.5-flash")),
            qPrintable(text2.out));
        const CliRun exported = cli(QStringList { QStringLiteral("export"), QStringLiteral("--out"),
                                        dir.filePath(QStringLiteral("out.jsonl")) }
            + common);
        QCOMPARE(exported.exitCode, 0);
        QVERIFY2(exported.out.contains(QStringLiteral("actual $")), qPrintable(exported.out));
    }
};

QTEST_GUILESS_MAIN(TestCostCli)
#include "tst_costcli.moc"
