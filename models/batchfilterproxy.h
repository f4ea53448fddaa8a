#pragma once

#include "batchfilter.h"

#include <QSortFilterProxyModel>

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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    BatchTableModel *m_source;
    BatchFilter m_category = BatchFilter::All;
    QString m_search;
};

} // namespace bb
