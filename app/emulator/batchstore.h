#pragma once

#include "batchinput.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <map>
#include <optional>

namespace bb::emulator {

class FileStore;
struct EmulatorConfig;

enum class BatchState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Expired,
};

struct BatchRecord
{
    QString id; // 36 chars, without "batches/"
    quint64 seq = 0;
    BatchKind kind = BatchKind::Generate;
    QString model; // bare, e.g. gemini-2.5-flash
    QString displayName;
    qint64 priority = 0;
    QString inputFileId; // file input; empty for inline
    QJsonArray inlineRequests; // inline input
    QString snapshotPath; // hard link of the input file's bytes while the batch is open
    qint64 estimatedTokens = 0; // input bytes / 4
    InputScan scan;

    qint64 createUs = 0;
    qint64 runningAtUs = 0; // schedule fixed at creation from the config of that moment
    qint64 doneAtUs = 0;
    qint64 expireAtUs = 0;
    qint64 cancelledUs = -1;

    bool materialized = false; // results written (or the batch closed without results)
    bool failedOverall = false; // → BATCH_STATE_FAILED at doneAt
    int failureCode = 3;
    QString failureMessage;
    QString resultsFileId; // "batch-<id>"
    QJsonArray inlinedResponses; // inline results once succeeded
};

struct BatchView
{
    BatchState state = BatchState::Pending;
    qint64 updateUs = 0;
    std::optional<qint64> endUs;
    int succeeded = 0;
    int failed = 0;
    int pending = 0;
};

// Batch jobs as long-running Operations. States are evaluated lazily from the emulated clock
// (PENDING → RUNNING → SUCCEEDED, or EXPIRED past the batch TTL); refresh() materialises the
// results of batches that have finished since the last call.
class BatchStore final
{
public:
    explicit BatchStore(FileStore &files);

    const BatchRecord &create(BatchRecord record, const EmulatorConfig &config, qint64 nowUs);
    const BatchRecord *find(const QString &id) const;
    void refresh(qint64 nowUs, const EmulatorConfig &config);
    bool cancel(const QString &id, qint64 nowUs);
    bool remove(const QString &id);
    void clear();

    QList<const BatchRecord *> page(quint64 afterSeq, int pageSize, bool *more) const;
    QList<const BatchRecord *> all() const;
    int activeCount() const { return int(m_open.size()); } // valid right after refresh()
    qint64 enqueuedTokens(const QString &model) const;
    QJsonObject enqueuedTokensByModel() const;
    const QHash<QString, int> &createsByDisplayName() const { return m_createsByDisplayName; }
    FailurePlanner &planner() { return m_planner; }

    static BatchView evaluate(const BatchRecord &record, qint64 nowUs);
    static QString stateName(BatchState state);
    static bool isTerminal(BatchState state)
    {
        return state != BatchState::Pending && state != BatchState::Running;
    }
    // The Operation envelope; `forList` leaves out inline responses as batches.list does.
    static QJsonObject operationJson(const BatchRecord &record, qint64 nowUs, bool forList);

private:
    QString newId() const;
    void close(BatchRecord &record, const EmulatorConfig &config);

    FileStore &m_files;
    QHash<QString, BatchRecord> m_batches;
    std::map<quint64, QString> m_bySeq;
    QSet<QString> m_open; // PENDING or RUNNING as of the last refresh
    QHash<QString, int> m_createsByDisplayName;
    FailurePlanner m_planner;
    quint64 m_nextSeq = 1;
};

} // namespace bb::emulator
