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

// The batch number a file name carries, if any: the digits at the end of the stem (the name
// without ".jsonl" and without a ".partN" suffix written by FileSplitter), when they stand alone
// or follow one of the words batch, part, chunk, shard, file:
// "batch_011.jsonl", "batch-11.jsonl", "part011.jsonl", "011.jsonl", "batch_011.part2.jsonl" → 11;
// "questions.jsonl", "data_v2.jsonl", "run2024.jsonl" → none.
std::optional<int> batchNumberFromFileName(QStringView fileName);

// N of a "<stem>.partN.jsonl" name written by FileSplitter, or 0.
int partNumberFromFileName(QStringView fileName);

} // namespace bb
