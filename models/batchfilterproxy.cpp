#include "batchfilterproxy.h"

#include "batchtablemodel.h"

namespace bb {

BatchFilterProxy::BatchFilterProxy(BatchTableModel *source, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
{
    setSourceModel(source);
    setSortRole(BatchTableModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void BatchFilterProxy::setCategory(BatchFilter filter)
{
    if (filter == m_category)
        return;
    m_category = filter;
    invalidateRowsFilter();
}

void BatchFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    invalidateRowsFilter();
}

bool BatchFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const BatchRecord *record = m_source->recordAt(sourceRow);
    if (!record || !matches(m_category, *record, m_source->filterContext()))
        return false;
    if (m_search.isEmpty())
        return true;
    const QString haystack = m_source->index(sourceRow, 0).data(BatchTableModel::SearchTextRole).toString();
    return haystack.contains(m_search, Qt::CaseInsensitive);
}

} // namespace bb
