#include "batchtableview.h"

#include "batchtablemodel.h"
#include "progressdelegate.h"

#include <QHeaderView>
#include <QMenu>

namespace bb {

BatchTableView::BatchTableView(QWidget *parent)
    : QTableView(parent)
{
    setObjectName(QStringLiteral("batchTable"));
    setAccessibleName(tr("Batches"));
    setAccessibleDescription(tr("One row per batch file with its state, progress and deadlines"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSortingEnabled(true);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setShowGrid(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setContextMenuPolicy(Qt::CustomContextMenu);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    setItemDelegate(new UrgencyDelegate(this));
    setItemDelegateForColumn(BatchTableModel::Progress, new ProgressDelegate(this));

    connect(
        horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &BatchTableView::showHeaderMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (indexAt(pos).isValid())
            emit rowContextMenuRequested(viewport()->mapToGlobal(pos));
    });
}

void BatchTableView::setModel(QAbstractItemModel *model)
{
    if (selectionModel())
        disconnect(selectionModel(), nullptr, this, nullptr);
    QTableView::setModel(model);
    if (selectionModel()) {
        connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BatchTableView::selectedIdsChanged);
        connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &BatchTableView::selectedIdsChanged);
    }
    applyDefaultWidths();
    sortByColumn(BatchTableModel::Batch, Qt::AscendingOrder);
}

void BatchTableView::applyDefaultWidths()
{
    const int em = fontMetrics().horizontalAdvance(u'M');
    const std::pair<int, int> widths[] = {
        { BatchTableModel::Batch, 9 },
        { BatchTableModel::File, 11 },
        { BatchTableModel::Requests, 6 },
        { BatchTableModel::Size, 8 },
        { BatchTableModel::State, 20 },
        { BatchTableModel::Progress, 11 },
        { BatchTableModel::ExpiresIn, 10 },
        { BatchTableModel::Job, 10 },
        { BatchTableModel::Created, 12 },
        { BatchTableModel::ElapsedEta, 12 },
        { BatchTableModel::Errors, 5 },
        { BatchTableModel::Cost, 8 },
    };
    for (const auto &[column, ems] : widths)
        setColumnWidth(column, ems * em);
}

QList<qint64> BatchTableView::selectedIds() const
{
    QList<qint64> ids;
    if (!selectionModel())
        return ids;
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(rows))
        ids.append(index.data(BatchTableModel::RecordIdRole).toLongLong());
    return ids;
}

qint64 BatchTableView::currentId() const
{
    const QModelIndex index = currentIndex();
    if (!index.isValid() || !selectionModel()
        || !selectionModel()->isRowSelected(index.row(), index.parent()))
        return 0;
    return index.data(BatchTableModel::RecordIdRole).toLongLong();
}

QList<qint64> BatchTableView::visibleIds() const
{
    QList<qint64> ids;
    if (!model())
        return ids;
    for (int row = 0; row < model()->rowCount(); ++row)
        ids.append(model()->index(row, 0).data(BatchTableModel::RecordIdRole).toLongLong());
    return ids;
}

void BatchTableView::selectId(qint64 id)
{
    if (!model())
        return;
    for (int row = 0; row < model()->rowCount(); ++row) {
        const QModelIndex index = model()->index(row, 0);
        if (index.data(BatchTableModel::RecordIdRole).toLongLong() == id) {
            selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            scrollTo(index);
            return;
        }
    }
}

QByteArray BatchTableView::saveHeaderState() const
{
    return horizontalHeader()->saveState();
}

bool BatchTableView::restoreHeaderState(const QByteArray &state)
{
    if (state.isEmpty())
        return false;
    return horizontalHeader()->restoreState(state);
}

void BatchTableView::resetColumns()
{
    QHeaderView *header = horizontalHeader();
    for (int logical = 0; logical < header->count(); ++logical) {
        header->showSection(logical);
        header->moveSection(header->visualIndex(logical), logical);
    }
    applyDefaultWidths();
}

void BatchTableView::showHeaderMenu(const QPoint &pos)
{
    QHeaderView *header = horizontalHeader();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setAccessibleName(tr("Columns"));
    menu->addSection(tr("Columns"));
    int visible = 0;
    for (int logical = 0; logical < header->count(); ++logical)
        visible += header->isSectionHidden(logical) ? 0 : 1;
    for (int logical = 0; logical < header->count(); ++logical) {
        QAction *action = menu->addAction(model()->headerData(logical, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(logical));
        // The last visible column cannot be hidden, or the header (and this menu) would vanish.
        action->setEnabled(header->isSectionHidden(logical) || visible > 1);
        connect(action, &QAction::toggled, this,
            [header, logical](bool on) { header->setSectionHidden(logical, !on); });
    }
    menu->addSeparator();
    connect(menu->addAction(tr("Reset columns")), &QAction::triggered, this, &BatchTableView::resetColumns);
    menu->popup(header->viewport()->mapToGlobal(pos));
}

} // namespace bb
