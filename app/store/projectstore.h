#pragma once

#include "batchrecord.h"
#include "eventrecord.h"
#include "storeerror.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <optional>

class QLockFile;

namespace bb {

class WalCheckpointer;

// One project = one SQLite file (WAL). The single source of truth for every batch, every request
// key and the event history. One process may hold it for writing (a lock file beside it names
// the holder); others may open it read-only.
//
// Writes are small transactions meant for the thread that owns the store. Change signals are
// emitted only after the data is committed, so observers never see a state that could roll back.
class ProjectStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectStore)

public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly
    };

    explicit ProjectStore(QObject *parent = nullptr);
    ~ProjectStore() override;

    StoreError open(const QString &path, Mode mode = Mode::ReadWrite);
    void close();
    bool isOpen() const;
    bool isWritable() const { return m_mode == Mode::ReadWrite && isOpen(); }
    QString path() const { return m_path; }

    // Runs `body` in one transaction; commits when it returns no error, else rolls back.
    // Nested calls join the outer transaction.
    StoreError transaction(const std::function<StoreError()> &body);

    // Batches
    QList<BatchRecord> batches() const;
    std::optional<BatchRecord> batch(qint64 id) const;
    std::optional<BatchRecord> batchByDisplayName(const QString &displayName) const;
    StoreError insertBatch(BatchRecord &record); // sets record.id
    StoreError updateBatch(const BatchRecord &record);

    // Request ledger: one row per input key, in input order within its batch.
    // `keyless`: indexes into the list of requests that have no key in the file (their key is
    // implicitRequestKey's name).
    StoreError insertRequestKeys(
        qint64 batchId, const QStringList &keysInInputOrder, const QSet<qsizetype> &keyless = {});
    StoreError recordKeyResults(const QList<KeyResult> &results);
    QList<KeyResult> keyResults(qint64 batchId) const;
    QHash<KeyOutcome, qint64> outcomeCounts() const;
    // Those of `keys` already in the ledger, in the order of `keys`.
    StoreError existingKeys(const QStringList &keys, QStringList *found);
    StoreError removeRequestKeys(qint64 batchId); // before re-reading a changed file
    // Resubmissions: the subset of an original batch's keys that a retry batch carries.
    StoreError insertAttemptKeys(qint64 batchId, const QStringList &keys);
    QStringList attemptKeys(qint64 batchId) const;
    // The requests of a batch that have no key in its file: line ordinal → implicit key.
    QHash<qint64, QString> keylessLines(qint64 batchId) const;
    // Keys of an original batch in input order with their ledger line numbers.
    QList<std::pair<QString, qint64>> requestLines(qint64 batchId) const;

    // Jobs replaced by a retry; never to be adopted again.
    StoreError retireJob(qint64 batchId, const QString &jobName);
    QSet<QString> retiredJobs() const;

    // What a tracking file said about a batch number the project does not have yet.
    struct HandoverClaim
    {
        int batchNumber = -1;
        QString jobName;
        QString fileName;
        QString status;
        QDateTime uploadedAt;
        QString source; // the tracking file it came from
    };
    StoreError rememberHandoverClaim(const HandoverClaim &claim);
    QList<HandoverClaim> handoverClaims() const;
    StoreError forgetHandoverClaims(int batchNumber);

    // Event history (append-only)
    StoreError appendEvent(EventRecord &event); // sets event.id, fills event.at if empty
    QList<EventRecord> events(qint64 afterId = 0, int limit = -1, qint64 batchId = -1) const;
    // The newest `limit` events, oldest first: what a window shows without reading the history.
    QList<EventRecord> recentEvents(int limit) const;

    // Project settings (model, tier, margins, ...). Never secrets.
    QString setting(const QString &key, const QString &fallback = {}) const;
    StoreError setSetting(const QString &key, const QString &value);

    StoreError integrityCheck() const;

signals:
    void batchAdded(const bb::BatchRecord &record);
    void batchChanged(const bb::BatchRecord &record);
    void eventAppended(const bb::EventRecord &event);

private:
    StoreError execError(const class QSqlQuery &query) const;
    QSqlQuery &prepared(const QString &sql);
    StoreError preparedFailed(const QString &sql);
    void emitAfterCommit(std::function<void()> signal);
    QString readColumns() const;
    static std::optional<QList<BatchRecord>> readBatchesDirect(
        const QSqlDatabase &db, const QString &sql, qsizetype expected = 0);
    std::optional<QList<BatchRecord>> readBatchesInHalves(const QString &columns) const;

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    Mode m_mode = Mode::ReadWrite;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // writable projects only
    int m_transactionDepth = 0;
    int m_schemaVersion = 0; // below schema::currentVersion: an older project opened read-only
    QList<std::function<void()>> m_pendingSignals;
    QHash<QString, QSqlQuery> m_prepared; // statements run per batch change or event
};

} // namespace bb
