#include "eventlogmodel.h"

#include "eventtext.h"

#include <QJsonDocument>
#include <QLocale>

namespace bb {

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, &EventLogModel::flush);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const EventRecord *EventLogModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? &m_events[row] : nullptr;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventRecord &e = m_events[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: {
            const QDateTime local = e.at.toLocalTime();
            const QLocale locale;
            if (local.date() == QDate::currentDate())
                return locale.toString(local.time(), QStringLiteral("HH:mm:ss"));
            return QString(locale.toString(local.date(), QLocale::ShortFormat) + u' '
                + locale.toString(local.time(), QStringLiteral("HH:mm:ss")));
        }
        case Batch:
            return e.batchId == 0 ? tr("Project") : m_names.value(e.batchId, tr("#%1").arg(e.batchId));
        case Level:
            return severityName(e.severity);
        case Message:
            return eventText(e);
        }
        return {};
    case Qt::ToolTipRole: {
        if (index.column() != Message)
            return {};
        QString tip = eventText(e);
        if (!e.message.isEmpty() && !tip.contains(e.message))
            tip += u'\n' + e.message;
        if (!e.details.isEmpty())
            tip += u'\n' + QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
        return tip;
    }
    case SortRole:
        switch (index.column()) {
        case Time:
            return e.id;
        case Batch:
            return index.siblingAtColumn(Batch).data().toString();
        case Level:
            return int(e.severity);
        case Message:
            return eventText(e);
        }
        return {};
    case EventIdRole:
        return e.id;
    case BatchIdRole:
        return e.batchId;
    case SeverityRole:
        return int(e.severity);
    case CodeRole:
        return e.code;
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Batch:
        return tr("Batch");
    case Level:
        return tr("Level", "severity of a log entry");
    case Message:
        return tr("Event");
    }
    return {};
}

void EventLogModel::resetEvents(const QList<EventRecord> &events)
{
    beginResetModel();
    m_pending.clear();
    m_events = events.size() > m_maximum ? events.mid(events.size() - m_maximum) : events;
    m_namesDirty = false;
    endResetModel();
}

void EventLogModel::append(const EventRecord &event)
{
    m_pending.append(event);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void EventLogModel::setBatchName(qint64 batchId, const QString &name)
{
    const auto it = m_names.constFind(batchId);
    if (it != m_names.cend() && *it == name)
        return;
    m_names.insert(batchId, name);
    m_namesDirty = true;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void EventLogModel::setMaximumEvents(int maximum)
{
    m_maximum = std::max(1, maximum);
    trim();
}

void EventLogModel::flush()
{
    m_flushTimer.stop();
    if (!m_pending.isEmpty()) {
        const int first = int(m_events.size());
        beginInsertRows({}, first, first + int(m_pending.size()) - 1);
        m_events.append(m_pending);
        m_pending.clear();
        endInsertRows();
        trim();
    }
    if (m_namesDirty) {
        m_namesDirty = false;
        if (!m_events.isEmpty())
            emit dataChanged(
                index(0, Batch), index(int(m_events.size()) - 1, Batch), { Qt::DisplayRole, SortRole });
    }
}

void EventLogModel::trim()
{
    const int excess = int(m_events.size()) - m_maximum;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_events.remove(0, excess);
    endRemoveRows();
}

} // namespace bb
