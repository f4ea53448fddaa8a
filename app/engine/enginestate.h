#pragma once

#include "batchrecord.h"
#include "eventrecord.h"
#include "storeerror.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <functional>

namespace bb {

class ProjectStore;

// The engine's in-memory view of the project's batches, kept in step with the store's change
// signals, and the one way lanes write: a record and its events in one transaction. Nothing is
// changed in memory unless the store took it.
class EngineState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineState)

public:
    explicit EngineState(ProjectStore *store, QObject *parent = nullptr);

    ProjectStore *store() const { return m_store; }
    void reload();

    const QHash<qint64, BatchRecord> &batches() const { return m_batches; }
    QList<BatchRecord> list() const; // shared (implicitly) and updated in place; any order
    const BatchRecord *find(qint64 id) const;
    const BatchRecord *findByJob(const QString &jobName) const;
    const BatchRecord *findByDisplayName(const QString &displayName) const;
    // The earliest per-batch back-off still ahead among the batches a lane would handle.
    QDateTime earliestBackoff(
        const QDateTime &now, const std::function<bool(const BatchRecord &)> &inLane) const;

    // Writes the record (if it differs) and the events together. On failure the engine is told
    // through storeFailed() and nothing changes.
    bool commit(const BatchRecord &record, const QList<EventRecord> &events = {});
    bool commitAll(const QList<BatchRecord> &records, const QList<EventRecord> &events = {});
    bool log(EventRecord event);

    static EventRecord event(qint64 batchId, const QString &kind, const QString &code,
        Severity severity = Severity::Info, const QString &message = {}, const QJsonObject &details = {});

signals:
    void storeFailed(const bb::StoreError &error);

private:
    void remember(const BatchRecord &record);

    ProjectStore *m_store;
    QHash<qint64, BatchRecord> m_batches;
    QHash<QString, qint64> m_byJob;
    mutable QList<BatchRecord> m_list;
    mutable QHash<qint64, qsizetype> m_listIndex; // id -> position in m_list
    mutable bool m_listValid = false;
};

} // namespace bb
