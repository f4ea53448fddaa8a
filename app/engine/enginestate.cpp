#include "enginestate.h"

#include "projectstore.h"

namespace bb {

EngineState::EngineState(ProjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    connect(store, &ProjectStore::batchAdded, this, &EngineState::remember);
    connect(store, &ProjectStore::batchChanged, this, &EngineState::remember);
    reload();
}

void EngineState::reload()
{
    m_batches.clear();
    m_byJob.clear();
    m_listValid = false;
    const QList<BatchRecord> all = m_store->batches();
    m_batches.reserve(all.size());
    for (const BatchRecord &r : all)
        remember(r);
    // The store's list (id order) is the shared one: opening a project copies its batches once
    // for the engine, not again for list() readers such as the table.
    m_list = all;
    m_listIndex.clear();
    m_listIndex.reserve(m_list.size());
    for (qsizetype i = 0; i < m_list.size(); ++i)
        m_listIndex.insert(m_list.at(i).id, i);
    m_listValid = true;
}

void EngineState::remember(const BatchRecord &record)
{
    const auto old = m_batches.constFind(record.id);
    if (old != m_batches.cend() && old->jobName != record.jobName)
        m_byJob.remove(old->jobName);
    m_batches.insert(record.id, record);
    if (m_listValid) {
        // Kept in step instead of rebuilt: at a thousand changes a second a rebuild per change
        // copied all 10,000 records several times a second for the status bar and countdowns.
        const auto at = m_listIndex.constFind(record.id);
        if (at != m_listIndex.cend()) {
            m_list[*at] = record;
        } else {
            m_listIndex.insert(record.id, m_list.size());
            m_list.append(record);
        }
    }
    if (record.hasJob())
        m_byJob.insert(record.jobName, record.id);
}

QList<BatchRecord> EngineState::list() const
{
    // The status bar, tray, countdown and lanes ask several times a second; with 10,000 batches a
    // fresh copy per call stalled the GUI, so readers share one list, updated in place.
    if (!m_listValid) {
        m_list.clear();
        m_listIndex.clear();
        m_list.reserve(m_batches.size());
        for (auto it = m_batches.cbegin(); it != m_batches.cend(); ++it) {
            m_listIndex.insert(it.key(), m_list.size());
            m_list.append(it.value());
        }
        m_listValid = true;
    }
    return m_list;
}

const BatchRecord *EngineState::find(qint64 id) const
{
    const auto it = m_batches.constFind(id);
    return it == m_batches.cend() ? nullptr : &*it;
}

const BatchRecord *EngineState::findByJob(const QString &jobName) const
{
    const auto it = m_byJob.constFind(jobName);
    return it == m_byJob.cend() ? nullptr : find(*it);
}

const BatchRecord *EngineState::findByDisplayName(const QString &displayName) const
{
    for (const BatchRecord &r : m_batches) {
        if (r.displayName == displayName)
            return &r;
    }
    return nullptr;
}

QDateTime EngineState::earliestBackoff(
    const QDateTime &now, const std::function<bool(const BatchRecord &)> &inLane) const
{
    QDateTime earliest;
    for (const BatchRecord &r : m_batches) {
        if (r.waitReason == WaitReason::Backoff && r.nextAttemptAt > now && inLane(r)
            && (!earliest.isValid() || r.nextAttemptAt < earliest))
            earliest = r.nextAttemptAt;
    }
    return earliest;
}

bool EngineState::commit(const BatchRecord &record, const QList<EventRecord> &events)
{
    return commitAll({ record }, events);
}

bool EngineState::commitAll(const QList<BatchRecord> &records, const QList<EventRecord> &events)
{
    const StoreError error = m_store->transaction([&]() -> StoreError {
        for (const BatchRecord &r : records) {
            const BatchRecord *current = find(r.id);
            if (current && *current == r)
                continue;
            if (StoreError e = m_store->updateBatch(r))
                return e;
        }
        for (EventRecord e : events) {
            if (StoreError err = m_store->appendEvent(e))
                return err;
        }
        return StoreError::none();
    });
    if (error) {
        emit storeFailed(error);
        return false;
    }
    return true;
}

bool EngineState::log(EventRecord event)
{
    if (StoreError error = m_store->appendEvent(event)) {
        emit storeFailed(error);
        return false;
    }
    return true;
}

EventRecord EngineState::event(qint64 batchId, const QString &kind, const QString &code, Severity severity,
    const QString &message, const QJsonObject &details)
{
    EventRecord e;
    e.batchId = batchId;
    e.kind = kind;
    e.code = code;
    e.severity = severity;
    e.message = message;
    e.details = details;
    return e;
}

} // namespace bb
