#pragma once

#include "duplicatekeyindex.h"
#include "validationresult.h"

#include <QList>

#include <utility>
#include <vector>

namespace bb {

// Takes per-file results in any order and releases them in file order, each completed with the
// keys it shares with earlier files, so duplicates are attributed the same way however the
// worker threads were scheduled.
class ResultSequencer final
{
public:
    // Without `crossFileDuplicates` results are only put in order (no key index is kept).
    ResultSequencer(qsizetype fileCount, int maxReportedErrors, bool crossFileDuplicates = true);

    // Stores the result for file `index`; returns the indices that became final, in order.
    QList<qsizetype> put(qsizetype index, ValidationResult result);

    const ValidationResult &result(qsizetype index) const { return m_results[index]; }
    // Moves a final result out (finalResults() then holds an empty one in its place). The key
    // index still references its keys when crossFileDuplicates is on.
    ValidationResult take(qsizetype index) { return std::exchange(m_results[index], {}); }
    QList<ValidationResult> finalResults() const { return m_results.first(m_next); }
    bool isComplete() const { return m_next == m_results.size(); }

private:
    QList<ValidationResult> m_results;
    std::vector<bool> m_arrived;
    qsizetype m_next = 0;
    int m_maxReportedErrors;
    bool m_crossFileDuplicates;
    DuplicateKeyIndex m_index;
};

} // namespace bb
