#pragma once

#include <QStyledItemDelegate>

namespace bb {

// Paints the Progress column: upload percent while a file goes up, then a bar split into
// succeeded / failed / still pending requests. Reads everything from the index's roles
// (BatchTableModel::ProgressRole and the display text); declares no roles of its own.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressDelegate)

public:
    explicit ProgressDelegate(QObject *parent = nullptr);

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// The table's default delegate: colours text by BatchTableModel::UrgencyRole (amber when a file
// expires soon, red when very soon) in palette-aware colours.
class UrgencyDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrgencyDelegate)

public:
    explicit UrgencyDelegate(QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace bb
