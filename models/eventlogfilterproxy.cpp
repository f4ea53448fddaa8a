#include "eventlogfilterproxy.h"

#include "eventlogmodel.h"

namespace bb {

EventLogFilterProxy::EventLogFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EventLogModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    sort(EventLogModel::Time, Qt::DescendingOrder);
}

void EventLogFilterProxy::setBatchId(qint64 batchId)
{
    if (batchId == m_batchId)
        return;
    m_batchId = batchId;
    invalidateRowsFilter();
}

void EventLogFilterProxy::setMinimumSeverity(Severity severity)
{
    if (severity == m_minimum)
        return;
    m_minimum = severity;
    invalidateRowsFilter();
}

void EventLogFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    invalidateRowsFilter();
}

bool EventLogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const QModelIndex index = sourceModel()->index(sourceRow, EventLogModel::Message);
    if (index.data(EventLogModel::SeverityRole).toInt() < int(m_minimum))
        return false;
    if (m_batchId != AllBatches && index.data(EventLogModel::BatchIdRole).toLongLong() != m_batchId)
        return false;
    if (m_search.isEmpty())
        return true;
    return index.data().toString().contains(m_search, Qt::CaseInsensitive)
        || index.siblingAtColumn(EventLogModel::Batch)
               .data()
               .toString()
               .contains(m_search, Qt::CaseInsensitive)
        || index.data(EventLogModel::CodeRole).toString().contains(m_search, Qt::CaseInsensitive);
}

} // namespace bb
