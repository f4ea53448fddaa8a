#include "keylist.h"

#include <cstring>

#include <limits>

namespace bb {

QString displayKey(std::string_view key)
{
    constexpr qsizetype kMaxShown = 100;
    QString text = QString::fromUtf8(key.data(), qsizetype(key.size()));
    const bool cut = text.size() > kMaxShown;
    if (cut)
        text.truncate(kMaxShown);
    QString shown;
    shown.reserve(text.size() + 8);
    shown.append(u'"');
    for (const QChar c : std::as_const(text)) {
        if (c == u'"' || c == u'\\')
            shown.append(u'\\').append(c);
        else if (c.unicode() < 0x20)
            shown.append(QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
        else
            shown.append(c);
    }
    shown.append(u'"');
    if (cut)
        shown.append(QStringLiteral("…"));
    return shown;
}

// A small multiply-rotate hash (murmur-style body, splitmix64 finaliser). Keys come from local
// files, so flooding resistance is not needed, and qHashBits costs ~4× more on short keys.
quint64 KeyList::hashOf(std::string_view key)
{
    constexpr quint64 k1 = 0x9e3779b97f4a7c15ULL;
    constexpr quint64 k2 = 0xc2b2ae3d27d4eb4fULL;
    const auto rotl = [](quint64 x, int r) { return (x << r) | (x >> (64 - r)); };
    quint64 h = quint64(key.size()) * k1;
    const char *p = key.data();
    size_t n = key.size();
    for (; n >= 8; p += 8, n -= 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        h = rotl(h ^ (word * k2), 29) * k1;
    }
    quint64 tail = 0;
    std::memcpy(&tail, p, n);
    h ^= tail * k2;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

std::string_view KeyList::key(qsizetype index) const
{
    const size_t i = size_t(index);
    const quint64 begin = i == 0 ? 0 : m_ends[i - 1];
    return std::string_view(m_arena).substr(begin, m_ends[i] - begin);
}

QString KeyList::keyString(qsizetype index) const
{
    const std::string_view k = key(index);
    return QString::fromUtf8(k.data(), qsizetype(k.size()));
}

qsizetype KeyList::indexOf(std::string_view k) const
{
    if (k.empty())
        return -1;
    if (m_frozen) {
        for (qsizetype i = 0; i < size(); ++i) {
            if (key(i) == k)
                return i;
        }
        return -1;
    }
    return qsizetype(m_index.find(hashOf(k), [&](quint32 i) { return key(i) == k; }));
}

void KeyList::freeze()
{
    m_frozen = true;
    m_index = HashSlots();
    m_arena.shrink_to_fit();
    m_ends.shrink_to_fit();
    m_lines.shrink_to_fit();
}

qsizetype KeyList::add(std::string_view k, qint64 line)
{
    const quint64 hash = hashOf(k);
    const qint64 existing = m_index.find(hash, [&](quint32 i) { return key(i) == k; });
    if (existing >= 0)
        return qsizetype(existing);
    const auto index = quint32(m_lines.size());
    m_arena.append(k);
    m_ends.push_back(m_arena.size());
    m_lines.push_back(quint32(std::min<qint64>(line, std::numeric_limits<quint32>::max())));
    m_index.insert(hash, index, [this](quint32 i) { return hashOf(key(i)); });
    return -1;
}

void KeyList::addImplicit(qint64 line)
{
    m_ends.push_back(m_arena.size());
    m_lines.push_back(quint32(std::min<qint64>(line, std::numeric_limits<quint32>::max())));
    ++m_implicitCount;
}

QStringList KeyList::toStringList() const
{
    QStringList list;
    list.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        list.append(keyString(i));
    return list;
}

qint64 KeyList::memoryBytes() const
{
    return qint64(m_arena.capacity() + m_ends.capacity() * sizeof(quint64)
        + m_lines.capacity() * sizeof(quint32) + m_index.memoryBytes());
}

} // namespace bb
