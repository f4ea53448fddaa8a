#pragma once

#include <QTableView>

namespace bb {

// The central batch table: sortable, multi-selection, painted progress, urgency colours, and a
// header context menu to hide and show columns. Works on any proxy over a BatchTableModel.
class BatchTableView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchTableView)

public:
    explicit BatchTableView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;

    // Record ids (BatchTableModel::RecordIdRole) of the selected rows, in view order.
    QList<qint64> selectedIds() const;
    qint64 currentId() const; // 0 when none
    QList<qint64> visibleIds() const;
    void selectId(qint64 id);

    QByteArray saveHeaderState() const;
    bool restoreHeaderState(const QByteArray &state);
    void resetColumns();

signals:
    void rowContextMenuRequested(const QPoint &globalPos);
    void selectedIdsChanged();

private:
    void showHeaderMenu(const QPoint &pos);
    void applyDefaultWidths();
};

} // namespace bb
