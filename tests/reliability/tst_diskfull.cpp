// A full disk while results download (issue 6): the project's results folder is a tmpfs too small
// for one results file. The download fails with a message naming the file and the cause, leaves no
// partial or temporary file behind, keeps the project intact, and once space is freed a plain
// `resume` downloads everything: the export then has a result for every key.
// Needs root (mount); skips with a clear message otherwise.
#include "batchfolder.h"
#include "clirunner.h"
#include "emulatorprocess.h"
#include "projectstore.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace bb;

namespace {

bool run(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    const bool ok = process.waitForFinished(30'000) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
    if (output)
        *output = QString::fromLocal8Bit(process.readAll());
    return ok;
}

// Mounts a tmpfs of `size` at `dir` for the lifetime of the object.
class SmallDisk final
{
public:
    SmallDisk(const QString &dir, const QString &size)
        : m_dir(dir)
    {
        QDir().mkpath(dir);
        m_mounted = run(QStringLiteral("mount"),
            { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                QStringLiteral("size=") + size, QStringLiteral("tmpfs"), dir },
            &m_error);
    }
    ~SmallDisk() { unmount(); }
    Q_DISABLE_COPY_MOVE(SmallDisk)

    bool isMounted() const { return m_mounted; }
    QString error() const { return m_error; }
    bool unmount()
    {
        if (m_mounted && run(QStringLiteral("umount"), { m_dir }))
            m_mounted = false;
        return !m_mounted;
    }

private:
    QString m_dir;
    QString m_error;
    bool m_mounted = false;
};

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestDiskFull final : public QObject
{
    Q_OBJECT

private slots:
    void fullDiskDuringDownloadLosesNothing()
    {
        if (geteuid() != 0)
            QSKIP("needs root to mount a small tmpfs for the results folder");
        QTemporaryDir dir;
        const QString folder = test::writeBatchFolder(dir.filePath(QStringLiteral("batches")), 11, 2, 50);
        const QString project = dir.filePath(QStringLiteral("p.batchboard"));
        const QString results = dir.filePath(QStringLiteral("p-results")); // the CLI's results folder

        test::EmulatorProcess emulator;
        QVERIFY2(emulator.start(), qPrintable(emulator.errorString()));
        emulator.configure({ { QStringLiteral("speed"), 200 }, { QStringLiteral("pendingSeconds"), 5 },
            { QStringLiteral("runningSeconds"), 10 } });
        const QStringList common { QStringLiteral("--project"), project, QStringLiteral("--base-url"),
            emulator.baseUrl().toString() };
        QProcessEnvironment env;
        env.insert(QStringLiteral("BATCHBOARD_POLL_MIN_MS"), QStringLiteral("200"));
        QCOMPARE(test::runCli(QStringList { QStringLiteral("import"), folder } + common, 60'000).exitCode, 0);

        SmallDisk disk(results, QStringLiteral("8k")); // a results file of 50 answers is ~30 KiB
        if (!disk.isMounted())
            QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs: ") + disk.error()));

        // 1. The disk fills up: both downloads stop for the user, with the reason.
        const test::CliResult full = test::runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common, 120'000, env);
        const QByteArray status = test::runCli(QStringList { QStringLiteral("status") } + common, 30'000).out;
        // On failure, the whole story: what the CLI said and what each batch waits for.
        QVERIFY2(
            full.exitCode != 0 && full.exitCode != -1, QByteArray(full.out + full.err + status).constData());
        for (const char *batch : { "batch_011", "batch_012" }) {
            const QByteArray expected = QByteArray("cannot write '") + QFile::encodeName(results) + '/'
                + batch + ".results.jsonl': No space left on"; // the status table may shorten the rest
            QVERIFY2(status.contains(expected), status.constData());
        }
        QVERIFY2(filesIn(results).isEmpty(), qPrintable(filesIn(results).join(u' '))); // no partial file
        {
            ProjectStore check;
            QVERIFY(!check.open(project, ProjectStore::Mode::ReadOnly));
            QVERIFY(!check.integrityCheck());
        }

        // 2. Space is freed: a plain resume finishes the downloads.
        QVERIFY(disk.unmount());
        const test::CliResult after = test::runCli(
            QStringList { QStringLiteral("resume"), QStringLiteral("--until-done") } + common, 120'000, env);
        QVERIFY2(after.exitCode == 0, after.err.constData());
        QCOMPARE(filesIn(results),
            QStringList(
                { QStringLiteral("batch_011.results.jsonl"), QStringLiteral("batch_012.results.jsonl") }));

        const QString exported = dir.filePath(QStringLiteral("export.jsonl"));
        const test::CliResult exportRun = test::runCli(
            QStringList { QStringLiteral("export"), QStringLiteral("--out"), exported } + common, 60'000);
        QCOMPARE(exportRun.exitCode, 0);
        QVERIFY2(exportRun.out.contains("0 without a result"), exportRun.out.constData());
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 100);
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
