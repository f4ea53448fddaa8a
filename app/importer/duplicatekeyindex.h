#pragma once

#include "hashslots.h"
#include "keylist.h"
#include "validationresult.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace bb {

struct KeyLocation
{
    QString path;
    qint64 line = 0;
};

// Finds keys that occur in more than one file. Files are added in import order (natural order);
// the first file holding a key owns it and each later occurrence is a duplicate. The index
// references the files' KeyLists (shared, not copied) and adds about 16 bytes per key.
class DuplicateKeyIndex final
{
public:
    // Called for each key of the new file that an earlier file already holds, in line order.
    using DuplicateFunction = std::function<void(qsizetype keyIndex, const KeyLocation &earlier)>;

    void add(
        const QString &path, std::shared_ptr<const KeyList> keys, const DuplicateFunction &onDuplicate = {});

    // Adds result.keys and records each duplicate in `result` as
    // `duplicate key "k" (also in fileA:12)` on its line, capped like the validator's errors.
    void addAndReport(ValidationResult &result, int maxReportedErrors = kMaxReportedErrors);

    std::optional<KeyLocation> find(std::string_view key) const;
    qsizetype fileCount() const { return qsizetype(m_files.size()); }
    qint64 keyCount() const { return qint64(m_slots.count()); }

private:
    struct FileKeys
    {
        QString path;
        std::shared_ptr<const KeyList> keys;
        quint64 firstId = 0; // ids firstId .. firstId + keys->size() - 1 are this file's keys
    };
    struct Entry
    {
        const FileKeys *file;
        qsizetype index;
    };

    Entry entry(quint32 id) const;
    std::string_view keyOf(quint32 id) const;
    qint64 findId(std::string_view key, quint64 hash) const;

    std::vector<std::unique_ptr<FileKeys>> m_files;
    std::vector<quint32> m_keyIndex; // id → index in its file's KeyList; the file is found by firstId
    HashSlots m_slots;
};

} // namespace bb
