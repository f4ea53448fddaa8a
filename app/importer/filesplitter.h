#pragma once

#include "importlimits.h"
#include "jsonlvalidator.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace bb {

struct SplitPlan
{
    QString path;
    qint64 size = 0;
    QList<qint64> partStarts; // byte offset where each part begins; part i ends where i + 1 begins
    QString error; // empty when the plan is usable

    qsizetype partCount() const { return partStarts.size(); }
    qint64 partSize(qsizetype i) const
    {
        return (i + 1 < partStarts.size() ? partStarts[i + 1] : size) - partStarts[i];
    }
};

struct SplitResult
{
    QStringList parts; // written, in order
    QString error; // empty on success; on failure no part of this run is left behind
    bool ok() const { return error.isEmpty(); }
};

// Splits a JSONL file that is over the size limit into "<stem>.part1.jsonl", "<stem>.part2.jsonl",
// ... of whole lines, each at most maxPartBytes. Parts are balanced: the file is cut into
// ceil(size / maxPartBytes) parts of about equal size (a 2.1 GB file gives two of ~1.05 GB rather
// than 2 GB + 0.1 GB, which is kinder to enqueued-token limits). Bytes are copied verbatim, so the
// parts concatenated are the original file. Streaming; each part is written through QSaveFile.
class FileSplitter final
{
public:
    explicit FileSplitter(qint64 maxPartBytes = kMaxInputFileBytes);

    // Scans line boundaries only (no JSON parsing). Fails if one line alone exceeds maxPartBytes.
    SplitPlan plan(const QString &path, const std::atomic_bool *cancel = nullptr) const;

    // Writes the parts next to the source, or into outputDir. Refuses a file that fits in one part.
    SplitResult split(const QString &path, const QString &outputDir = {},
        const std::atomic_bool *cancel = nullptr, const ProgressFunction &progress = {}) const;

    static QString partPath(const QString &sourcePath, int partNumber, const QString &outputDir = {});

private:
    qint64 m_maxPartBytes;
};

} // namespace bb
