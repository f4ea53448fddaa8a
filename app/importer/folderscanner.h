#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace bb {

struct ScannedFile
{
    QString path; // as found: the folder argument joined with the relative name, or the file argument
    qint64 size = 0;
    QDateTime lastModified; // UTC
    std::optional<int> batchNumber;
    int partNumber = 0; // N of "<stem>.partN.jsonl", else 0
};

struct IgnoredPath
{
    QString path;
    QString reason; // developer English: "not a .jsonl file", "hidden file", ...
};

struct FolderScan
{
    QList<ScannedFile> files; // natural order within each argument, arguments in the order given
    QList<IgnoredPath> ignored;
    // *.json, *.md and *.markdown files found when Options::trackingFiles is set: candidates for
    // tracking files (hand-over reports) that scripts wrote beside the batch files.
    QStringList trackingFiles;
    qint64 totalBytes() const;
};

// Finds the *.jsonl files among folders and files. Only regular files named *.jsonl (any case)
// are taken, also when named explicitly (so `import data/*` skips a README); hidden files are
// skipped (macOS "._batch_011.jsonl" resource forks are not JSONL). The same file reached twice is
// listed once. Sub-folders are descended only with `recursive`.
class FolderScanner final
{
public:
    struct Options
    {
        bool recursive = false;
        bool trackingFiles = false;
    };

    static FolderScan scan(const QStringList &paths, const Options &options);
    static FolderScan scan(const QStringList &paths) { return scan(paths, Options {}); }
};

} // namespace bb
