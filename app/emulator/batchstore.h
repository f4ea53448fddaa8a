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
    QString model; // bare, e.g. gemini-3.5-flash
    bool thinking = false; // from the model catalog at create time
    QString displayName;
    qint64 priority = 0;
    QJsonObject webhookConfig; // stored and echoed, never delivered
    bool shuffleInline = false; // quirks.shuffleInlineResults at create time
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
    int servedBeforeCancel = -1; // ≥ 0: cancelled while RUNNING, after this many requests

    bool materialized = false; // results written (or the batch closed without results)
    bool failedOverall = false; // → BATCH_STATE_FAILED at doneAt (results could not be written)
    int failureCode = 3;
    QString failureMessage;
    QString resultsFileId; // "batch-<id>"
    QJsonArray inlinedResponses; // inline results once succeeded (or partial, after a cancel)
    bool hasOutput = false; // results file written / inline results set
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
    // PENDING: cancelled with no output. RUNNING: cancelled with the results served so far, the
    // rest written as {"error":{"code":1}} (changes-2026.md row 4). False when already terminal.
    bool cancel(const QString &id, qint64 nowUs, const EmulatorConfig &config);
    // Forgets the batch and its results file. With `keepCounting` an unfinished batch still counts
    // toward activeCount() and enqueuedTokens() until it would have ended (row 11).
    bool remove(const QString &id, qint64 nowUs, bool keepCounting);
    // Changes displayName and/or priority of a PENDING batch; false when it is not PENDING.
    bool update(const QString &id, qint64 nowUs, const std::optional<QString> &displayName,
        const std::optional<qint64> &priority);
    void clear();

    QList<const BatchRecord *> page(quint64 afterSeq, int pageSize, bool *more) const;
    QList<const BatchRecord *> all() const;
    // PENDING + RUNNING, deleted ones still running included; valid right after refresh().
    int activeCount() const { return int(m_open.size() + m_deletedRunning.size()); }
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
    // The bare GenerateContentBatch / EmbedContentBatch resource (metadata without "@type").
    static QJsonObject batchResourceJson(const BatchRecord &record, qint64 nowUs);

private:
    // A deleted batch that keeps running (and counting) until `endUs`.
    struct DeletedRunning
    {
        QString model;
        qint64 tokens = 0;
        qint64 endUs = 0;
    };

    QString newId() const;
    void close(BatchRecord &record, const EmulatorConfig &config);
    void writeOutput(BatchRecord &record, qint64 atUs, int cancelledFrom, const EmulatorConfig &config);
    void dropInput(BatchRecord &record);

    FileStore &m_files;
    QHash<QString, BatchRecord> m_batches;
    std::map<quint64, QString> m_bySeq;
    QSet<QString> m_open; // PENDING or RUNNING as of the last refresh
    QList<DeletedRunning> m_deletedRunning;
    QHash<QString, int> m_createsByDisplayName;
    FailurePlanner m_planner;
    quint64 m_nextSeq = 1;
};

} // namespace bb::emulator
