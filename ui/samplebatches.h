#pragma once

#include <QString>

#include <atomic>
#include <functional>

namespace bb {

struct SampleBatchesResult
{
    int files = 0;
    qint64 bytes = 0;
    QString error; // empty on success
};

// Writes `files` QA-style request files batch_001.jsonl … with `perFile` requests each (keys
// "b001-q001", ...), like a real 194-file refinement run, replacing whatever the folder held.
// Blocking file I/O: run it on a worker thread. `progress` gets the number of files written.
SampleBatchesResult writeSampleBatches(const QString &folder, int files, int perFile,
    const std::atomic_bool *cancel = nullptr, const std::function<void(int)> &progress = {});

} // namespace bb
