#include "resultsequencer.h"

namespace bb {

ResultSequencer::ResultSequencer(qsizetype fileCount, int maxReportedErrors, bool crossFileDuplicates)
    : m_results(fileCount)
    , m_arrived(size_t(fileCount), false)
    , m_maxReportedErrors(maxReportedErrors)
    , m_crossFileDuplicates(crossFileDuplicates)
{
}

QList<qsizetype> ResultSequencer::put(qsizetype index, ValidationResult result)
{
    QList<qsizetype> released;
    if (index < 0 || index >= m_results.size() || m_arrived[size_t(index)])
        return released;
    m_results[index] = std::move(result);
    m_arrived[size_t(index)] = true;
    while (m_next < m_results.size() && m_arrived[size_t(m_next)]) {
        ValidationResult &next = m_results[m_next];
        if (m_crossFileDuplicates && !next.cancelled)
            m_index.addAndReport(next, m_maxReportedErrors);
        released.append(m_next++);
    }
    return released;
}

} // namespace bb
