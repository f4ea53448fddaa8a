#include "duplicatekeyindex.h"

#include <algorithm>

namespace bb {

DuplicateKeyIndex::Entry DuplicateKeyIndex::entry(quint32 id) const
{
    const auto next = std::upper_bound(m_files.begin(), m_files.end(), quint64(id),
        [](quint64 value, const auto &file) { return value < file->firstId; });
    return Entry { std::prev(next)->get(), qsizetype(m_keyIndex[id]) };
}

std::string_view DuplicateKeyIndex::keyOf(quint32 id) const
{
    const Entry e = entry(id);
    return e.file->keys->key(e.index);
}

qint64 DuplicateKeyIndex::findId(std::string_view key, quint64 hash) const
{
    return m_slots.find(hash, [&](quint32 id) { return keyOf(id) == key; });
}

std::optional<KeyLocation> DuplicateKeyIndex::find(std::string_view key) const
{
    const qint64 id = findId(key, KeyList::hashOf(key));
    if (id < 0)
        return std::nullopt;
    const Entry e = entry(quint32(id));
    return KeyLocation { e.file->path, e.file->keys->line(e.index) };
}

void DuplicateKeyIndex::add(
    const QString &path, std::shared_ptr<const KeyList> keys, const DuplicateFunction &onDuplicate)
{
    if (!keys || keys->isEmpty())
        return;
    auto file = std::make_unique<FileKeys>();
    file->path = path;
    file->keys = std::move(keys);
    file->firstId = m_keyIndex.size();
    const KeyList &list = *file->keys;
    m_files.push_back(std::move(file));

    const auto hashOfId = [this](quint32 id) { return KeyList::hashOf(keyOf(id)); };
    for (qsizetype i = 0; i < list.size(); ++i) {
        const std::string_view key = list.key(i);
        if (key.empty())
            continue; // a request without a key is named after its own batch and line
        const quint64 hash = KeyList::hashOf(key);
        const qint64 earlier = findId(key, hash);
        if (earlier >= 0) {
            if (onDuplicate) {
                const Entry e = entry(quint32(earlier));
                onDuplicate(i, KeyLocation { e.file->path, e.file->keys->line(e.index) });
            }
            continue;
        }
        const auto id = quint32(m_keyIndex.size());
        m_keyIndex.push_back(quint32(i));
        m_slots.insert(hash, id, hashOfId);
    }
    if (m_files.back()->firstId == m_keyIndex.size())
        m_files.pop_back(); // every key was a duplicate: nothing of this file is referenced
}

void DuplicateKeyIndex::addAndReport(ValidationResult &result, int maxReportedErrors)
{
    const std::shared_ptr<const KeyList> keys = result.keys;
    add(result.path, keys, [&](qsizetype keyIndex, const KeyLocation &earlier) {
        result.addError(keys->line(keyIndex), maxReportedErrors, [&] {
            return QStringLiteral("duplicate key %1 (also in %2:%3)")
                .arg(displayKey(keys->key(keyIndex)), earlier.path, QString::number(earlier.line));
        });
    });
}

} // namespace bb
