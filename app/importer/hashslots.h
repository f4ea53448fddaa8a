#pragma once

#include <QtGlobal>

#include <algorithm>
#include <utility>
#include <vector>

namespace bb {

// Open-addressing index from a 64-bit hash to a 32-bit payload (an entry number kept elsewhere).
// Each slot packs the hash's high 32 bits as a tag with payload + 1 (0 = empty), 8 bytes per slot
// at a load factor ≤ 0.7, so a lookup usually touches the caller's storage only for a true match.
class HashSlots final
{
public:
    // The payload for which equal(payload) holds, or -1.
    template<typename Equal> qint64 find(quint64 hash, Equal &&equal) const
    {
        if (m_slots.empty())
            return -1;
        const size_t mask = m_slots.size() - 1;
        for (size_t i = size_t(hash) & mask;; i = (i + 1) & mask) {
            const quint64 slot = m_slots[i];
            if (slot == 0)
                return -1;
            if ((slot >> 32) == (hash >> 32) && equal(quint32(slot) - 1))
                return qint64(quint32(slot) - 1);
        }
    }

    // Adds an absent payload; hashOf(payload) re-hashes existing entries when the table grows.
    template<typename HashOf> void insert(quint64 hash, quint32 payload, HashOf &&hashOf)
    {
        if ((m_count + 1) * 10 > m_slots.size() * 7)
            grow(hashOf);
        place(hash, payload);
        ++m_count;
    }

    size_t count() const { return m_count; }
    size_t memoryBytes() const { return m_slots.capacity() * sizeof(quint64); }

private:
    void place(quint64 hash, quint32 payload)
    {
        const size_t mask = m_slots.size() - 1;
        size_t i = size_t(hash) & mask;
        while (m_slots[i] != 0)
            i = (i + 1) & mask;
        m_slots[i] = ((hash >> 32) << 32) | (quint64(payload) + 1);
    }

    template<typename HashOf> void grow(HashOf &hashOf)
    {
        const std::vector<quint64> old
            = std::exchange(m_slots, std::vector<quint64>(std::max<size_t>(64, m_slots.size() * 2)));
        for (const quint64 slot : old) {
            if (slot != 0)
                place(hashOf(quint32(slot) - 1), quint32(slot) - 1);
        }
    }

    std::vector<quint64> m_slots;
    size_t m_count = 0;
};

} // namespace bb
