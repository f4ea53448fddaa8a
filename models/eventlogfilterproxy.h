#pragma once

#include "eventrecord.h"

#include <QSortFilterProxyModel>

namespace bb {

// The activity log's filters: one batch (or all), a minimum severity and a text search.
// Newest first by default.
class EventLogFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogFilterProxy)

public:
    static constexpr qint64 AllBatches = -1;

    explicit EventLogFilterProxy(QObject *parent = nullptr);

    void setBatchId(qint64 batchId); // AllBatches, 0 = project-wide events only, else one batch
    qint64 batchId() const { return m_batchId; }
    void setMinimumSeverity(Severity severity);
    Severity minimumSeverity() const { return m_minimum; }
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    qint64 m_batchId = AllBatches;
    Severity m_minimum = Severity::Info;
    QString m_search;
};

} // namespace bb
