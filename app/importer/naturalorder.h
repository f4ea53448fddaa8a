#pragma once

#include <QStringView>

#include <optional>

namespace bb {

// Numeric-aware, case-insensitive comparison: "batch_2" < "batch_10" < "Batch_11". Runs of digits
// compare by value (leading zeros ignored, so arbitrarily long numbers work); ties are broken by
// the plain string so the order is total and deterministic. Locale independent and thread safe
// (unlike QCollator).
int naturalCompare(QStringView a, QStringView b);
inline bool naturalLess(QStringView a, QStringView b)
{
    return naturalCompare(a, b) < 0;
}

// N of a "<stem>.partN.jsonl" name written by FileSplitter, or 0.
int partNumberFromFileName(QStringView fileName);

} // namespace bb
