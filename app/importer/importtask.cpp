#include "importtask.h"

#include "resultsequencer.h"
#include "sha256.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <mutex>
#include <vector>

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

} // namespace

ImportTask::ImportTask(QObject *parent)
    : QObject(parent)
{
}

ImportTask::~ImportTask()
{
    m_cancel = true;
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
    {
        const std::lock_guard lock(m_sequencerMutex); // a worker of the last run may still hold it
        m_sequencer = std::make_unique<ResultSequencer>(paths.size(), m_options.validator.maxReportedErrors);
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
        m_pool.start(
            [this, i, path = paths[i], options = m_options.validator] { runFile(i, path, options); });
    return true;
}

void ImportTask::cancel()
{
    m_cancel = true;
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
        QMetaObject::invokeMethod(
            this, [this, r = m_sequencer->result(i)] { deliver(m_results.size(), r); }, Qt::QueuedConnection);
    }
}

void ImportTask::deliver(qsizetype index, const ValidationResult &result)
{
    m_results.append(result);
    Q_EMIT fileValidated(index, result);
    if (m_results.size() < m_fileCount)
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
