#include "folderscanner.h"

#include "batchnaming.h"
#include "naturalorder.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace bb {
namespace {

bool isJsonl(const QFileInfo &info)
{
    return info.fileName().endsWith(QLatin1StringView(".jsonl"), Qt::CaseInsensitive);
}

bool isTrackingFile(const QFileInfo &info)
{
    constexpr qint64 kMaxTrackingFileBytes = 64 * 1024 * 1024;
    const QString suffix = info.suffix().toLower();
    return info.size() <= kMaxTrackingFileBytes
        && (suffix == QLatin1StringView("json") || suffix == QLatin1StringView("md")
            || suffix == QLatin1StringView("markdown"));
}

class ScanCollector
{
public:
    ScanCollector(FolderScan &scan, bool trackingFiles)
        : m_scan(scan)
        , m_trackingFiles(trackingFiles)
    {
    }

    void addFile(const QFileInfo &info, const QString &shownPath)
    {
        if (info.fileName().startsWith(u'.'))
            return ignore(shownPath, QCoreApplication::translate("bb::Importer", "hidden file"));
        if (m_trackingFiles && info.isFile() && isTrackingFile(info)) {
            m_scan.trackingFiles.append(shownPath);
            return;
        }
        if (!isJsonl(info))
            return ignore(shownPath, QCoreApplication::translate("bb::Importer", "not a .jsonl file"));
        if (!info.isFile())
            return ignore(shownPath, QCoreApplication::translate("bb::Importer", "not a regular file"));
        const QString canonical = info.canonicalFilePath();
        if (m_seen.contains(canonical))
            return;
        m_seen.insert(canonical);
        ScannedFile file;
        file.path = shownPath;
        file.size = info.size();
        file.lastModified = info.lastModified().toUTC();
        file.batchNumber = batchNumberInName(info.fileName());
        file.partNumber = partNumberFromFileName(info.fileName());
        m_batch.append(file);
    }

    void ignore(const QString &path, const QString &reason) { m_scan.ignored.append({ path, reason }); }

    // Sorts what this argument produced and appends it after the earlier arguments' files.
    void flush(const QString &root)
    {
        const auto relative = [&root](const ScannedFile &f) {
            return root.isEmpty() ? QStringView(f.path) : QStringView(f.path).sliced(root.size());
        };
        std::stable_sort(m_batch.begin(), m_batch.end(), [&](const ScannedFile &a, const ScannedFile &b) {
            return naturalLess(relative(a), relative(b));
        });
        m_scan.files.append(m_batch);
        m_batch.clear();
    }

private:
    FolderScan &m_scan;
    bool m_trackingFiles;
    QList<ScannedFile> m_batch;
    QSet<QString> m_seen;
};

QString joined(const QString &folder, const QString &relative)
{
    if (folder.endsWith(u'/'))
        return folder + relative;
    return folder + u'/' + relative;
}

// Inside hidden folders (".git", ".cache") nothing is ours.
bool inHiddenFolder(QStringView relativePath)
{
    const auto parts = relativePath.split(u'/');
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (parts[i].startsWith(u'.'))
            return true;
    }
    return false;
}

void scanFolder(const QString &folder, bool recursive, ScanCollector &collector)
{
    // QDir::relativeFilePath() returns a relative file name unchanged, so compare absolute paths;
    // otherwise "in/a.jsonl" under the folder "in" would be shown (and opened) as "in/in/a.jsonl".
    const QDir dir(QFileInfo(folder).absoluteFilePath());
    QDirIterator it(folder, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
        recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        const QString relative = dir.relativeFilePath(info.absoluteFilePath());
        const QString shown = joined(folder, relative);
        if (info.isDir()) {
            if (!recursive && !info.fileName().startsWith(u'.'))
                collector.ignore(shown,
                    QCoreApplication::translate("bb::Importer", "folder (not scanned without recursive)"));
            continue;
        }
        if (recursive && inHiddenFolder(relative))
            continue;
        collector.addFile(info, shown);
    }
}

} // namespace

qint64 FolderScan::totalBytes() const
{
    qint64 total = 0;
    for (const ScannedFile &f : files)
        total += f.size;
    return total;
}

FolderScan FolderScanner::scan(const QStringList &paths, const Options &options)
{
    FolderScan result;
    ScanCollector collector(result, options.trackingFiles);
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            collector.ignore(path, QCoreApplication::translate("bb::Importer", "no such file or folder"));
        } else if (info.isDir()) {
            scanFolder(path, options.recursive, collector);
            collector.flush(path.endsWith(u'/') ? path : path + u'/');
        } else {
            collector.addFile(info, path);
            collector.flush({});
        }
    }
    return result;
}

} // namespace bb
