#pragma once

#include "eventrecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>

namespace bb {

// The activity log: the project's events, oldest first, each rendered into a translated sentence.
// Appends are coalesced (one beginInsertRows per burst) and the log keeps at most
// maximumEvents() rows, dropping the oldest, so a long run stays cheap to show.
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)

public:
    enum Column
    {
        Time,
        Batch,
        Level,
        Message,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // raw value for sorting
        EventIdRole,
        BatchIdRole,
        SeverityRole, // int(Severity)
        CodeRole,
    };

    explicit EventLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetEvents(const QList<EventRecord> &events);
    void append(const EventRecord &event); // coalesced
    void flush(); // apply pending appends now
    void setBatchName(qint64 batchId, const QString &name);
    QString batchName(qint64 batchId) const { return m_names.value(batchId); }
    void setMaximumEvents(int maximum);
    int maximumEvents() const { return m_maximum; }
    void setCoalesceInterval(int milliseconds) { m_flushTimer.setInterval(milliseconds); }

    const EventRecord *eventAt(int row) const;

private:
    void trim();

    QList<EventRecord> m_events;
    QList<EventRecord> m_pending;
    QHash<qint64, QString> m_names;
    bool m_namesDirty = false;
    int m_maximum = 20000;
    QTimer m_flushTimer;
};

} // namespace bb
