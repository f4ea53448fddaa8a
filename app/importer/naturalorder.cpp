#include "naturalorder.h"

#include <QLatin1StringView>

namespace bb {
namespace {

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

qsizetype digitRunEnd(QStringView s, qsizetype from)
{
    while (from < s.size() && isDigit(s[from]))
        ++from;
    return from;
}

qsizetype skipZeros(QStringView s, qsizetype from, qsizetype end)
{
    while (from < end - 1 && s[from] == u'0')
        ++from;
    return from;
}

// Compares two digit runs by value without converting them (no overflow on long runs).
int compareNumbers(QStringView a, QStringView b)
{
    if (a.size() != b.size())
        return a.size() < b.size() ? -1 : 1;
    for (qsizetype k = 0; k < a.size(); ++k) {
        if (a[k] != b[k])
            return a[k] < b[k] ? -1 : 1;
    }
    return 0;
}

QStringView withoutSuffix(QStringView name, QLatin1StringView suffix)
{
    return name.endsWith(suffix, Qt::CaseInsensitive) ? name.chopped(suffix.size()) : name;
}

// "x.part12" → ("x", 12); anything else → (name, 0).
std::pair<QStringView, int> splitPartSuffix(QStringView stem)
{
    const qsizetype end = stem.size();
    qsizetype start = end;
    while (start > 0 && isDigit(stem[start - 1]))
        --start;
    const QLatin1StringView marker(".part");
    if (start == end || end - start > 6 || start < marker.size()
        || !stem.sliced(start - marker.size(), marker.size()).startsWith(marker, Qt::CaseInsensitive))
        return { stem, 0 };
    return { stem.first(start - marker.size()), stem.sliced(start).toInt() };
}

} // namespace

int naturalCompare(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            const qsizetype endA = digitRunEnd(a, i);
            const qsizetype endB = digitRunEnd(b, j);
            const qsizetype startA = skipZeros(a, i, endA);
            const qsizetype startB = skipZeros(b, j, endB);
            if (const int c
                = compareNumbers(a.sliced(startA, endA - startA), b.sliced(startB, endB - startB)))
                return c;
            i = endA;
            j = endB;
            continue;
        }
        const char32_t ca = a[i].toCaseFolded().unicode();
        const char32_t cb = b[j].toCaseFolded().unicode();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    const int plain = a.compare(b);
    return plain < 0 ? -1 : (plain > 0 ? 1 : 0);
}

int partNumberFromFileName(QStringView fileName)
{
    if (!fileName.endsWith(QLatin1StringView(".jsonl"), Qt::CaseInsensitive))
        return 0;
    return splitPartSuffix(withoutSuffix(fileName, QLatin1StringView(".jsonl"))).second;
}

} // namespace bb
