#include "importtask.h"

#include "resultsequencer.h"
#include "sha256.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <mutex>
#include <vector>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace bb {
namespace {

constexpr qint64 kProgressIntervalMs = 50;

int parallelFiles(const ImportOptions &options)
{
    return options.parallelFiles > 0 ? options.parallelFiles : std::max(1, QThread::idealThreadCount());
}

qint64 totalSize(const QStringList &paths)
{
    qint64 total = 0;
    for (const QString &path : paths)
        total += QFileInfo(path).size();
    return total;
}

// Validates one file, adding the bytes it reads to a shared counter.
ValidationResult validateCounted(const QString &path, const ValidatorOptions &options,
    const std::atomic_bool *cancel, std::atomic<qint64> &bytesDone, const std::function<void()> &onProgress)
{
    if (cancel && cancel->load()) {
        ValidationResult skipped;
        skipped.path = path;
        skipped.cancelled = true;
        return skipped;
    }
    qint64 counted = 0;
    return JsonlValidator(options).validate(path, cancel, [&](qint64 done) {
        bytesDone += done - counted;
        counted = done;
        if (onProgress)
            onProgress();
    });
}

// Lowers the calling thread's priority once (the pool's threads are this task's own). Threads it
// starts later (BlockHasher) inherit the nice value. Raising niceness needs no privileges.
void lowerThreadPriority()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        setpriority(PRIO_PROCESS, id_t(gettid()), 10);
    }
#endif
}

} // namespace

ImportTask::ImportTask(QObject *parent)
    : QObject(parent)
{
}

ImportTask::~ImportTask()
{
    cancel(); // also wakes workers waiting for the consumer
    m_pool.waitForDone();
}

bool ImportTask::start(const QStringList &paths)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = false;
    m_bytesDone = 0;
    m_bytesTotal = totalSize(paths);
    m_fileCount = paths.size();
    m_results.clear();
    m_delivered = 0;
    {
        const std::lock_guard lock(m_aheadMutex);
        m_consumed = 0;
    }
    {
        const std::lock_guard lock(m_sequencerMutex); // a worker of the last run may still hold it
        m_sequencer = std::make_unique<ResultSequencer>(
            paths.size(), m_options.validator.maxReportedErrors, m_options.crossFileDuplicates);
    }
    m_pool.setMaxThreadCount(parallelFiles(m_options));
    m_sinceProgress.start();
    if (paths.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_running = false;
                Q_EMIT finished(false);
            },
            Qt::QueuedConnection);
        return true;
    }
    Sha256::prepareLibrary();
    for (qsizetype i = 0; i < paths.size(); ++i)
        m_pool.start([this, i, path = paths[i], options = m_options.validator, low = m_options.lowPriority] {
            if (low)
                lowerThreadPriority();
            waitForConsumer(i);
            runFile(i, path, options);
        });
    return true;
}

void ImportTask::cancel()
{
    m_cancel = true;
    {
        const std::lock_guard lock(m_aheadMutex); // a worker between its check and its wait
    }
    m_aheadChanged.notify_all();
}

void ImportTask::setConsumed(qsizetype files)
{
    {
        const std::lock_guard lock(m_aheadMutex);
        m_consumed = files;
    }
    m_aheadChanged.notify_all();
}

// On a worker thread. Files start in index order, so the oldest unfinished file never waits.
void ImportTask::waitForConsumer(qsizetype index)
{
    const qsizetype maxAhead = m_options.maxAhead;
    if (maxAhead <= 0)
        return;
    std::unique_lock lock(m_aheadMutex);
    m_aheadChanged.wait(lock, [&] { return m_cancel.load() || index - m_consumed < maxAhead; });
}

QList<ValidationResult> ImportTask::results() const
{
    return m_results;
}

// On a worker thread.
void ImportTask::runFile(qsizetype index, const QString &path, const ValidatorOptions &options)
{
    ValidationResult result
        = validateCounted(path, options, &m_cancel, m_bytesDone, [this] { queueProgress(); });
    // Posting under the lock keeps the queued events in file order whichever worker releases them.
    const std::lock_guard lock(m_sequencerMutex);
    for (const qsizetype i : m_sequencer->put(index, std::move(result))) {
        // Taken, not copied: the sequencer must not keep every file's keys until the end.
        QMetaObject::invokeMethod(
            this, [this, i, r = m_sequencer->take(i)] { deliver(i, r); }, Qt::QueuedConnection);
    }
}

void ImportTask::deliver(qsizetype index, const ValidationResult &result)
{
    if (m_options.keepResults)
        m_results.append(result);
    ++m_delivered;
    Q_EMIT fileValidated(index, result);
    if (m_delivered < m_fileCount)
        return;
    m_running = false;
    Q_EMIT progress(m_bytesDone.load(), m_bytesTotal);
    Q_EMIT finished(m_cancel.load());
}

// Worker threads call this once per block; at most one progress event is ever queued.
void ImportTask::queueProgress()
{
    if (!m_progressQueued.exchange(true))
        QMetaObject::invokeMethod(this, &ImportTask::emitProgress, Qt::QueuedConnection);
}

void ImportTask::emitProgress()
{
    const qint64 wait = kProgressIntervalMs - m_sinceProgress.elapsed();
    if (wait > 0) {
        QTimer::singleShot(wait, this, &ImportTask::emitProgress);
        return;
    }
    m_progressQueued = false;
    m_sinceProgress.restart();
    if (m_running)
        Q_EMIT progress(m_bytesDone.load(), m_bytesTotal);
}

QList<ValidationResult> validateFiles(const QStringList &paths, const ImportOptions &options,
    const std::atomic_bool *cancel, const ProgressFunction &progress)
{
    std::mutex mutex;
    std::atomic<qint64> bytesDone = 0;
    std::vector<ValidationResult> unordered(size_t(paths.size())); // one slot per worker, no sharing
    Sha256::prepareLibrary();
    {
        QThreadPool pool;
        pool.setMaxThreadCount(parallelFiles(options));
        for (qsizetype i = 0; i < paths.size(); ++i) {
            pool.start([&, i] {
                unordered[size_t(i)] = validateCounted(paths[i], options.validator, cancel, bytesDone, [&] {
                    if (progress) {
                        const std::lock_guard lock(mutex);
                        progress(bytesDone.load());
                    }
                });
            });
        }
        pool.waitForDone();
    }
    ResultSequencer sequencer(paths.size(), options.validator.maxReportedErrors);
    for (qsizetype i = 0; i < paths.size(); ++i)
        sequencer.put(i, std::move(unordered[size_t(i)]));
    return sequencer.finalResults();
}

} // namespace bb
