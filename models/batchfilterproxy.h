#pragma once

#include "batchfilter.h"

#include <QSortFilterProxyModel>

#include <optional>
#include <utility>

namespace bb {

class BatchTableModel;

// Sidebar category + text search over a BatchTableModel; sorts on the raw SortRole.
class BatchFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchFilterProxy)

public:
    explicit BatchFilterProxy(BatchTableModel *source, QObject *parent = nullptr);

    void setCategory(BatchFilter filter);
    BatchFilter category() const { return m_category; }
    void setSearchText(const QString &text);

    // While deferred, sort() only remembers the column and order; turning it off sorts by the last
    // one asked for. A window shows a new project's rows in id order until its first paint.
    void setSortingDeferred(bool deferred);
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const override;

private:
    BatchTableModel *m_source;
    BatchFilter m_category = BatchFilter::All;
    QString m_search;
    bool m_sortDeferred = false;
    std::optional<std::pair<int, Qt::SortOrder>> m_deferredSort;
};

} // namespace bb
