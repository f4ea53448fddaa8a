#include "filtersidebar.h"

#include "batchtablemodel.h"
#include "statuscolors.h"

#include <QPainter>
#include <QStyledItemDelegate>

namespace bb {
namespace {

constexpr int CountRole = Qt::UserRole + 1;
constexpr int FilterRole = Qt::UserRole + 2;

// Name on the left, count on the right in a muted pill; attention categories in colour when
// they hold anything.
class SidebarDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString count = QString::number(index.data(CountRole).toInt());
        opt.text.clear();
        const QWidget *widget = option.widget;
        widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

        const bool selected = option.state & QStyle::State_Selected;
        const QRect r = option.rect.adjusted(10, 0, -8, 0);
        const QFontMetrics fm(option.font);
        const int pillWidth = fm.horizontalAdvance(count) + 12;
        const QRect pill(
            r.right() - pillWidth, r.center().y() - fm.height() / 2 - 1, pillWidth, fm.height() + 2);
        const int filter = index.data(FilterRole).toInt();
        const int value = index.data(CountRole).toInt();
        const StatusColors colors = StatusColors::of(option.palette);

        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        if (value == 0 && filter != int(BatchFilter::All) && !selected)
            text = option.palette.color(QPalette::PlaceholderText);
        painter->setPen(text);
        painter->setFont(option.font);
        const QRect nameRect(r.left(), r.top(), pill.left() - r.left() - 6, r.height());
        painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
            fm.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, nameRect.width()));

        QColor pillColor = option.palette.color(QPalette::Mid);
        const bool alarming = filter == int(BatchFilter::NeedsAttention)
            || filter == int(BatchFilter::FileExpired) || filter == int(BatchFilter::FailedCancelledExpired);
        if (value > 0 && alarming)
            pillColor = colors.failure;
        else if (value > 0
            && (filter == int(BatchFilter::WaitingForQuota) || filter == int(BatchFilter::ExpiringSoon)))
            pillColor = colors.warning;
        if (selected)
            pillColor = option.palette.color(QPalette::HighlightedText);
        painter->setPen(Qt::NoPen);
        painter->setBrush(pillColor);
        painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
        painter->setPen(pillColor.lightnessF() > 0.6 ? QColor(Qt::black) : QColor(Qt::white));
        painter->drawText(pill, Qt::AlignCenter, count);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setHeight(option.fontMetrics.height() + 10);
        size.setWidth(size.width() + option.fontMetrics.horizontalAdvance(QStringLiteral("00000")) + 24);
        return size;
    }
};

} // namespace

FilterSidebar::FilterSidebar(QWidget *parent)
    : QListWidget(parent)
{
    setObjectName(QStringLiteral("filterSidebar"));
    setAccessibleName(tr("Batch categories"));
    setAccessibleDescription(
        tr("Shows only the batches of the chosen category; the number is how many are in it"));
    setItemDelegate(new SidebarDelegate(this));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    setFrameShape(QFrame::NoFrame);
    for (int f = 0; f < batchFilterCount; ++f) {
        auto *item = new QListWidgetItem(filterName(BatchFilter(f)), this);
        item->setData(FilterRole, f);
        item->setData(CountRole, 0);
    }
    setCurrentRow(0);
    connect(this, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            emit categoryChanged(BatchFilter(row));
    });
}

QSize FilterSidebar::sizeHint() const
{
    const int width = sizeHintForColumn(0);
    return { width + 2 * frameWidth() + 4, QListWidget::sizeHint().height() };
}

void FilterSidebar::setModel(BatchTableModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (model)
        connect(model, &BatchTableModel::filterCountsChanged, this, &FilterSidebar::updateCounts);
    updateCounts();
}

BatchFilter FilterSidebar::category() const
{
    return BatchFilter(std::max(0, currentRow()));
}

void FilterSidebar::setCategory(BatchFilter filter)
{
    if (int(filter) >= 0 && int(filter) < batchFilterCount)
        setCurrentRow(int(filter));
}

int FilterSidebar::countOf(BatchFilter filter) const
{
    const QListWidgetItem *it = item(int(filter));
    return it ? it->data(CountRole).toInt() : 0;
}

void FilterSidebar::updateCounts()
{
    for (int f = 0; f < batchFilterCount; ++f) {
        QListWidgetItem *it = item(f);
        const int count = m_model ? m_model->filterCount(BatchFilter(f)) : 0;
        it->setData(CountRole, count);
        //: Accessible text of a sidebar category: "Running, 12 batches"
        it->setData(
            Qt::AccessibleTextRole, tr("%1, %n batch(es)", nullptr, count).arg(filterName(BatchFilter(f))));
    }
}

} // namespace bb
