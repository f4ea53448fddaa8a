#include "progressdelegate.h"

#include "batchtablemodel.h"
#include "statuscolors.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace bb {
namespace {

// Draws `text` centred in `bar`, in `onFill` over the filled part and `onTrack` elsewhere.
void drawSplitText(QPainter *painter, const QRectF &bar, qreal fillWidth, const QString &text,
    const QColor &onFill, const QColor &onTrack)
{
    const QRectF filled(bar.left(), bar.top(), fillWidth, bar.height());
    const QRectF rest(bar.left() + fillWidth, bar.top(), bar.width() - fillWidth, bar.height());
    painter->save();
    painter->setClipRect(filled);
    painter->setPen(onFill);
    painter->drawText(bar, Qt::AlignCenter, text);
    painter->setClipRect(rest);
    painter->setPen(onTrack);
    painter->drawText(bar, Qt::AlignCenter, text);
    painter->restore();
}

QColor textOn(const QColor &background)
{
    return background.lightnessF() > 0.6 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace

ProgressDelegate::ProgressDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 140));
    return size;
}

void ProgressDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Background and selection as any other cell, without the text.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QVariant value = index.data(BatchTableModel::ProgressRole);
    if (!value.canConvert<BatchProgress>())
        return;
    const BatchProgress p = value.value<BatchProgress>();
    const qint64 done = p.succeeded + p.failed;
    const bool hasCounts = p.total > 0 && (done > 0 || p.pending > 0);
    if (!p.uploading && !hasCounts)
        return;

    const StatusColors colors = StatusColors::of(option.palette);
    const QRectF bar = QRectF(option.rect).adjusted(3, 3, -3, -3);
    const qreal radius = 3;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPainterPath frame;
    frame.addRoundedRect(bar, radius, radius);
    QColor track = option.palette.color(QPalette::Base);
    track = isDarkPalette(option.palette) ? track.lighter(160) : track.darker(108);
    painter->fillPath(frame, track);
    painter->setClipPath(frame);

    qreal fill = 0;
    QColor fillColor;
    if (p.uploading) {
        fill = bar.width() * std::clamp(p.uploadFraction, 0.0, 1.0);
        fillColor = colors.active;
        painter->fillRect(QRectF(bar.left(), bar.top(), fill, bar.height()), fillColor);
    } else {
        const qreal okWidth = bar.width() * double(p.succeeded) / double(p.total);
        const qreal failedWidth = bar.width() * double(p.failed) / double(p.total);
        painter->fillRect(QRectF(bar.left(), bar.top(), okWidth, bar.height()), colors.success);
        painter->fillRect(QRectF(bar.left() + okWidth, bar.top(), failedWidth, bar.height()), colors.failure);
        fill = okWidth + failedWidth;
        fillColor = p.succeeded >= p.failed ? colors.success : colors.failure;
    }
    painter->setClipping(false);
    painter->setPen(QPen(option.palette.color(QPalette::Mid), 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(bar.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);

    QString text = index.data(Qt::DisplayRole).toString();
    if (text.isEmpty() && !p.uploading)
        text = QStringLiteral("%1 / %2").arg(done).arg(p.total);
    painter->setFont(option.font);
    drawSplitText(painter, bar, fill, text, textOn(fillColor), option.palette.color(QPalette::Text));
    painter->restore();
}

UrgencyDelegate::UrgencyDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void UrgencyDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const int urgency = index.data(BatchTableModel::UrgencyRole).toInt();
    if (urgency <= 0 || (option->state & QStyle::State_Selected))
        return;
    const StatusColors colors = StatusColors::of(option->palette);
    option->palette.setColor(QPalette::Text, urgency >= 2 ? colors.failure : colors.warning);
    if (urgency >= 2)
        option->font.setBold(true);
}

} // namespace bb
