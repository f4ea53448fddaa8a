#include "sandboxcontroller.h"

#include "emulatorconfig.h"
#include "emulatorserver.h"
#include "samplebatches.h"

#include <QDateTime>
#include <QDir>
#include <QFutureWatcher>
#include <QLockFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace bb {

SandboxController::SandboxController(QObject *parent)
    : QObject(parent)
{
}

SandboxController::~SandboxController()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool SandboxController::start(const Pace &pace)
{
    m_pace = pace;
    m_server = std::make_unique<emulator::EmulatorServer>();
    emulator::EmulatorConfig config;
    config.speed = pace.speed;
    config.pendingSeconds = pace.pendingSeconds;
    config.runningSeconds = pace.runningSeconds;
    config.failedLineRate = pace.failedLineRate;
    config.limits.concurrentBatches = pace.concurrentBatches;
    m_server->setConfig(config);
    if (!m_server->listen(QHostAddress(QHostAddress::LocalHost), 0)) {
        m_error = m_server->errorString();
        m_server.reset();
        return false;
    }
    m_error.clear();
    return true;
}

bool SandboxController::isRunning() const
{
    return m_server && m_server->isListening();
}

QUrl SandboxController::baseUrl() const
{
    return m_server ? m_server->baseUrl() : QUrl();
}

QString SandboxController::sandboxFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("sandbox"));
}

QString SandboxController::samplesFolder()
{
    return QDir(sandboxFolder()).filePath(QStringLiteral("sample-batches"));
}

QString SandboxController::newProjectPath()
{
    QDir dir(sandboxFolder());
    dir.mkpath(QStringLiteral("."));
    for (const QString &name : dir.entryList({ QStringLiteral("run-*.batchboard") }, QDir::Files)) {
        QLockFile lock(dir.filePath(name + QStringLiteral(".lock")));
        if (!lock.tryLock(0))
            continue; // another Batchboard runs on it
        const QString stem = name.chopped(int(QStringLiteral(".batchboard").size()));
        for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
            dir.remove(name + suffix);
        QDir(dir.filePath(stem + QStringLiteral("-results"))).removeRecursively();
        QDir(dir.filePath(stem + QStringLiteral("-resubmissions"))).removeRecursively();
        lock.unlock();
    }
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    return dir.filePath(QStringLiteral("run-%1.batchboard").arg(stamp));
}

bool SandboxController::createSamples(const QString &folder, int files, int perFile)
{
    if (m_creating)
        return false;
    m_creating = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancel = m_cancel;
    auto *watcher = new QFutureWatcher<SampleBatchesResult>(this);
    connect(watcher, &QFutureWatcher<SampleBatchesResult>::progressValueChanged, this,
        [this, files](int done) { emit samplesProgress(done, files); });
    connect(watcher, &QFutureWatcher<SampleBatchesResult>::finished, this, [this, watcher, folder] {
        watcher->deleteLater();
        m_creating = false;
        const SampleBatchesResult result = watcher->future().resultCount() > 0
            ? watcher->result()
            : SampleBatchesResult { 0, 0, QStringLiteral("cancelled") };
        if (result.error.isEmpty())
            emit samplesReady(folder);
        else
            emit samplesFailed(result.error);
    });
    watcher->setFuture(
        QtConcurrent::run([folder, files, perFile, cancel](QPromise<SampleBatchesResult> &promise) {
            promise.setProgressRange(0, files);
            promise.addResult(writeSampleBatches(folder, files, perFile, cancel.get(),
                [&promise](int done) { promise.setProgressValue(done); }));
        }));
    return true;
}

void SandboxController::cancelSamples()
{
    if (m_cancel)
        m_cancel->store(true);
}

} // namespace bb
