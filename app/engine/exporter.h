#pragma once

#include "storeerror.h"

#include <QString>

#include <atomic>

namespace bb {

class ProjectStore;

struct ExportSummary
{
    qint64 lines = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;
    qint64 blocked = 0;
    qint64 missing = 0; // no result came back (or the batch is not finished)
    double actualUsd = 0; // spend from the results' usageMetadata, at the batch price
    double standardUsd = 0; // the same tokens at the interactive price
    QString error; // empty on success; the file at the destination is then untouched
};

// Writes exactly one line per input key, in input order (batch order, then line order): the
// result line exactly as the server wrote it — from the original batch or from the resubmission
// that answered it — or a google.rpc.Status error line when there is no answer. Atomic: the
// destination appears complete or not at all. Reads files; run it off the GUI thread.
ExportSummary exportResults(
    const ProjectStore &store, const QString &destination, const std::atomic_bool *cancel = nullptr);

} // namespace bb
