#pragma once

#include <QString>
#include <QStringList>

#include "hashslots.h"

#include <string>
#include <string_view>
#include <vector>

namespace bb {

// The distinct keys of one file in input order (a request without a key as an empty one), each with the line
// it first appeared on. Keys are kept as bytes in one arena (no per-key allocation). Exact strings, not just
// hashes: a duplicate is never a guess, messages can quote the key, and the engine can seed its per-key
// ledger from the same list. While a file is read, a hash index (8 bytes per slot, load ≤ 0.7) finds
// duplicates; freeze() drops it, leaving key length + 12 bytes per key: ~0.5 MB for 20,400 keys,
// ~13 MB for the ~500k keys of 1 GiB of 2 KB request lines.
class KeyList final
{
public:
    // Adds `key` first seen at `line`, or returns the index of the identical key added before.
    qsizetype add(std::string_view key, qint64 line);
    // Adds a request without a key at `line`: an empty key, never a duplicate of anything. The
    // project names it after its batch and line (implicitRequestKey).
    void addImplicit(qint64 line);
    // Releases the hash index and spare capacity once the file is read; add() must not follow.
    void freeze();
    // Hashed lookup; after freeze() a linear scan (use DuplicateKeyIndex for many lookups).
    qsizetype indexOf(std::string_view key) const;

    qsizetype size() const { return qsizetype(m_lines.size()); }
    bool isEmpty() const { return m_lines.empty(); }
    std::string_view key(qsizetype index) const;
    QString keyString(qsizetype index) const;
    qint64 line(qsizetype index) const { return qint64(m_lines[size_t(index)]); }
    bool isImplicit(qsizetype index) const { return key(index).empty(); }
    qsizetype implicitCount() const { return m_implicitCount; }
    QStringList toStringList() const;
    qint64 memoryBytes() const;

    static quint64 hashOf(std::string_view key);

private:
    std::string m_arena;
    std::vector<quint64> m_ends; // key i is m_arena[m_ends[i-1], m_ends[i])
    std::vector<quint32> m_lines; // line numbers beyond 2^32 are clamped (files > 4 GB of blank lines)
    HashSlots m_index;
    qsizetype m_implicitCount = 0;
    bool m_frozen = false;
};

// A key for messages: quoted and escaped like JSON, cut after 100 characters so one absurd key
// cannot flood a log line.
QString displayKey(std::string_view key);

} // namespace bb
