#pragma once

#include "batchfilter.h"

#include <QListWidget>
#include <QPointer>

namespace bb {

class BatchTableModel;

// The left-hand list of categories (All, Uploading, Waiting for quota, ...) with live counts
// taken from BatchTableModel::filterCount().
class FilterSidebar final : public QListWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterSidebar)

public:
    explicit FilterSidebar(QWidget *parent = nullptr);

    void setModel(BatchTableModel *model);
    BatchFilter category() const;
    void setCategory(BatchFilter filter);
    int countOf(BatchFilter filter) const;
    QSize sizeHint() const override;

signals:
    void categoryChanged(bb::BatchFilter filter);

private:
    void updateCounts();

    QPointer<BatchTableModel> m_model;
};

} // namespace bb
