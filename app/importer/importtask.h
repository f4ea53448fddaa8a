#pragma once

#include "jsonlvalidator.h"
#include "validationresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace bb {

class ResultSequencer;

struct ImportOptions
{
    ValidatorOptions validator;
    // Files validated at once; 0 = one per core. A big file already keeps two threads busy (parse
    // + hash), but small files are hashed inline, and on two cores two files at a time measured
    // 1.7× faster for 194 files of 200 KB and ~5% faster for 194 files of 5.5 MB.
    int parallelFiles = 0;
    // Off: keys that also occur in an earlier file are not reported here; the caller checks them
    // itself (the desktop app's writer asks the project's ledger, which holds the earlier files by
    // the time a file is written). The index of every key of every file is what a 4 GiB folder's
    // ~2 million keys cost: ~100 MB (heaptrack), held until the last file is validated.
    bool crossFileDuplicates = true;
    // Off: results only travel through fileValidated (results() stays empty), so a caller that
    // consumes each file as it arrives is the only holder of its key list.
    bool keepResults = true;
    // On: the worker threads (and the hashing threads they start) run at a lower CPU priority
    // (Linux: nice +10 for those threads only), so a GUI thread that also writes each validated
    // file keeps its turns on a machine whose cores the validators saturate.
    bool lowPriority = false;
    // > 0: a file is not started while it is this many files or more ahead of what the caller has
    // reported consumed (setConsumed), so validated files cannot pile up with their keys behind a
    // slower consumer. 0: no limit.
    int maxAhead = 0;
};

// Validates files (in the order given, normally FolderScanner's) on worker threads, without
// blocking the thread it lives in. Results arrive through queued signals in file order, each
// already checked for keys that also occur in an earlier file (that check runs on the workers too,
// unless ImportOptions::crossFileDuplicates is off).
class ImportTask final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportTask)

public:
    explicit ImportTask(QObject *parent = nullptr);
    ~ImportTask() override; // cancels; waits only for the block each worker is on

    void setOptions(const ImportOptions &options) { m_options = options; }
    bool start(const QStringList &paths); // false while running
    void cancel();
    // The caller has taken the first `files` results (see ImportOptions::maxAhead).
    void setConsumed(qsizetype files);

    bool isRunning() const { return m_running; }
    QList<ValidationResult> results() const; // final results so far, in file order (if keepResults)
    qint64 bytesTotal() const { return m_bytesTotal; }

Q_SIGNALS:
    void progress(qint64 bytesDone, qint64 bytesTotal); // coalesced, at most every 50 ms
    void fileValidated(qsizetype index, const bb::ValidationResult &result);
    void finished(bool cancelled);

private:
    void waitForConsumer(qsizetype index);
    void runFile(qsizetype index, const QString &path, const ValidatorOptions &options);
    void deliver(qsizetype index, const ValidationResult &result);
    void queueProgress();
    void emitProgress();

    ImportOptions m_options;
    QThreadPool m_pool;
    std::atomic_bool m_cancel = false;
    std::atomic<qint64> m_bytesDone = 0;
    std::atomic_bool m_progressQueued = false;
    QElapsedTimer m_sinceProgress;
    qint64 m_bytesTotal = 0;
    qsizetype m_fileCount = 0;
    // Cross-file duplicate checks run on the workers (a big file's keys would stall a GUI thread).
    std::mutex m_sequencerMutex;
    std::unique_ptr<ResultSequencer> m_sequencer;
    QList<ValidationResult> m_results; // owner thread's copy, in file order (if keepResults)
    qsizetype m_delivered = 0;
    std::mutex m_aheadMutex;
    std::condition_variable m_aheadChanged;
    qsizetype m_consumed = 0; // guarded by m_aheadMutex
    bool m_running = false;
};

// The same work for callers without an event loop (the CLI's validate, tests): blocks until every
// file is done. `progress` receives the bytes done over all files, from worker threads.
QList<ValidationResult> validateFiles(const QStringList &paths, const ImportOptions &options = {},
    const std::atomic_bool *cancel = nullptr, const ProgressFunction &progress = {});

} // namespace bb
