#include "projectstore.h"

#include "schema.h"
#include "sqlitedirect.h"
#include "walcheckpointer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <memory>

namespace bb {
namespace {

// Rows per multi-row statement for request keys (3 bound values each, far below SQLite's limit).
constexpr qsizetype kRowsPerStatement = 200;
// Below twice this many batches a second reading thread costs more than it saves.
constexpr qint64 kRowsPerThread = 2000;

const QString batchColumns = QStringLiteral(
    "id, batch_number, display_name, parent_id, local_path, size_bytes, modified_at_ms, sha256, "
    "request_count, "
    "token_estimate, remote_file_name, remote_file_uri, remote_file_expires_at_ms, upload_session_url, "
    "upload_confirmed_bytes, model, job_name, results_file_name, job_created_at_ms, job_ended_at_ms, "
    "succeeded_count, failed_count, pending_count, state, wait_reason, next_attempt_at_ms, "
    "state_changed_at_ms, "
    "attempts, last_error, results_path, "
    "usage_requests, usage_prompt, usage_candidates, usage_thoughts, usage_cached, usage_long_prompt, "
    "usage_long_candidates, usage_long_thoughts, usage_long_cached, upload_path, upload_sha256, upload_size");

// An older project opened read-only cannot be migrated: the columns it does not have yet read as
// their defaults.
QString batchColumnsOfSchema(int version)
{
    QString columns = batchColumns;
    if (version < 2)
        columns.replace(QRegularExpression(QStringLiteral("usage_[a-z_]+")), QStringLiteral("0"));
    if (version < 3)
        columns.replace(
            QStringLiteral("upload_path, upload_sha256, upload_size"), QStringLiteral("'', '', 0"));
    return columns;
}

QVariant fromTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

// SQLite stores a null QString as NULL; our text columns are NOT NULL with '' for "none".
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

// One batch row, through QSqlQuery or SqliteRows (same column order: batchColumns).
struct QueryColumns
{
    const QSqlQuery &q;
    bool isNull(int column) const { return q.isNull(column); }
    qint64 integer(int column) const { return q.value(column).toLongLong(); }
    QString text(int column) const { return q.value(column).toString(); }
    QString repeatedText(int column) const { return text(column); }
};

template<typename Row> QDateTime timeAt(const Row &row, int column)
{
    return row.isNull(column) ? QDateTime() : QDateTime::fromMSecsSinceEpoch(row.integer(column), Qt::UTC);
}

template<typename Row> BatchRecord readBatch(const Row &q)
{
    BatchRecord r;
    int i = 0;
    r.id = q.integer(i++);
    if (!q.isNull(i))
        r.batchNumber = int(q.integer(i));
    ++i;
    r.displayName = q.text(i++);
    r.parentId = q.integer(i++);
    r.localPath = q.text(i++);
    r.sizeBytes = q.integer(i++);
    r.modifiedAt = timeAt(q, i++);
    r.sha256Hex = q.text(i++);
    r.requestCount = q.integer(i++);
    r.tokenEstimate = q.integer(i++);
    r.remoteFileName = q.text(i++);
    r.remoteFileUri = q.text(i++);
    r.remoteFileExpiresAt = timeAt(q, i++);
    r.uploadSessionUrl = q.text(i++);
    r.uploadConfirmedBytes = q.integer(i++);
    r.model = q.repeatedText(i++);
    r.jobName = q.text(i++);
    r.resultsFileName = q.text(i++);
    r.jobCreatedAt = timeAt(q, i++);
    r.jobEndedAt = timeAt(q, i++);
    r.succeededCount = q.integer(i++);
    r.failedCount = q.integer(i++);
    r.pendingCount = q.integer(i++);
    r.state = batchStateFromCode(q.repeatedText(i++));
    r.waitReason = waitReasonFromCode(q.repeatedText(i++));
    r.nextAttemptAt = timeAt(q, i++);
    r.stateChangedAt = timeAt(q, i++);
    r.attempts = int(q.integer(i++));
    r.lastError = q.text(i++);
    r.resultsPath = q.text(i++);
    r.usage.requests = q.integer(i++);
    for (TokenCounts *t : { &r.usage.base, &r.usage.longPrompt }) {
        t->prompt = q.integer(i++);
        t->candidates = q.integer(i++);
        t->thoughts = q.integer(i++);
        t->cached = q.integer(i++);
    }
    r.uploadPath = q.text(i++);
    r.uploadSha256Hex = q.text(i++);
    r.uploadSizeBytes = q.integer(i++);
    return r;
}

void bindBatch(QSqlQuery &q, const BatchRecord &r)
{
    q.addBindValue(r.batchNumber ? QVariant(*r.batchNumber) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(text(r.displayName));
    q.addBindValue(r.parentId ? QVariant(r.parentId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(text(r.localPath));
    q.addBindValue(r.sizeBytes);
    q.addBindValue(fromTime(r.modifiedAt));
    q.addBindValue(text(r.sha256Hex));
    q.addBindValue(r.requestCount);
    q.addBindValue(r.tokenEstimate);
    q.addBindValue(text(r.remoteFileName));
    q.addBindValue(text(r.remoteFileUri));
    q.addBindValue(fromTime(r.remoteFileExpiresAt));
    q.addBindValue(text(r.uploadSessionUrl));
    q.addBindValue(r.uploadConfirmedBytes);
    q.addBindValue(text(r.model));
    q.addBindValue(text(r.jobName));
    q.addBindValue(text(r.resultsFileName));
    q.addBindValue(fromTime(r.jobCreatedAt));
    q.addBindValue(fromTime(r.jobEndedAt));
    q.addBindValue(r.succeededCount);
    q.addBindValue(r.failedCount);
    q.addBindValue(r.pendingCount);
    q.addBindValue(toCode(r.state));
    q.addBindValue(toCode(r.waitReason));
    q.addBindValue(fromTime(r.nextAttemptAt));
    q.addBindValue(fromTime(r.stateChangedAt));
    q.addBindValue(r.attempts);
    q.addBindValue(text(r.lastError));
    q.addBindValue(text(r.resultsPath));
    q.addBindValue(r.usage.requests);
    for (const TokenCounts *t : { &r.usage.base, &r.usage.longPrompt }) {
        q.addBindValue(t->prompt);
        q.addBindValue(t->candidates);
        q.addBindValue(t->thoughts);
        q.addBindValue(t->cached);
    }
    q.addBindValue(text(r.uploadPath));
    q.addBindValue(text(r.uploadSha256Hex));
    q.addBindValue(r.uploadSizeBytes);
}

EventRecord readEvent(const QSqlQuery &q)
{
    EventRecord e;
    e.id = q.value(0).toLongLong();
    e.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    e.batchId = q.value(2).toLongLong();
    e.kind = q.value(3).toString();
    e.severity = static_cast<Severity>(std::clamp(q.value(4).toInt(), 0, 3));
    e.code = q.value(5).toString();
    e.message = q.value(6).toString();
    e.details = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    return e;
}

StoreError classify(const QSqlError &error)
{
    const QString text = error.text();
    if (text.contains(QLatin1StringView("constraint"), Qt::CaseInsensitive))
        return { StoreError::Code::Constraint, text };
    if (text.contains(QLatin1StringView("malformed"), Qt::CaseInsensitive))
        return { StoreError::Code::Corrupt, text };
    if (text.contains(QLatin1StringView("not a database"), Qt::CaseInsensitive))
        return { StoreError::Code::NotAProject, text };
    return { StoreError::Code::Io, text };
}

} // namespace

ProjectStore::ProjectStore(QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("bb-project-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

ProjectStore::~ProjectStore()
{
    close();
}

StoreError ProjectStore::open(const QString &path, Mode mode)
{
    close();
    const QFileInfo info(path);
    if (mode == Mode::ReadOnly && !info.exists())
        return { StoreError::Code::Io, QStringLiteral("%1 does not exist").arg(path) };
    if (mode == Mode::ReadWrite) {
        if (!QDir().mkpath(info.absolutePath()))
            return { StoreError::Code::Io,
                QStringLiteral("cannot create folder %1").arg(info.absolutePath()) };
        m_lock = std::make_unique<QLockFile>(info.absoluteFilePath() + QStringLiteral(".lock"));
        m_lock->setStaleLockTime(0); // only a dead holder makes a lock stale, never its age
        if (!m_lock->tryLock(0)) {
            qint64 pid = 0;
            QString host;
            QString app;
            StoreError error { StoreError::Code::Io, QStringLiteral("cannot create lock file") };
            if (m_lock->error() == QLockFile::LockFailedError && m_lock->getLockInfo(&pid, &host, &app))
                error = { StoreError::Code::Locked,
                    QStringLiteral("%1 (pid %2 on %3)").arg(app).arg(pid).arg(host) };
            m_lock.reset();
            return error;
        }
    }

    // SQLite creates -wal and -shm beside a WAL-mode file even to read it, and leaves them behind
    // when the file turns out damaged: a project that cannot be opened must be left as it was found.
    const QStringList sidecars { info.absoluteFilePath() + QStringLiteral("-wal"),
        info.absoluteFilePath() + QStringLiteral("-shm") };
    QStringList sidecarsBefore;
    for (const QString &sidecar : sidecars) {
        if (QFileInfo::exists(sidecar))
            sidecarsBefore.append(sidecar);
    }
    const auto failOpen = [&](const StoreError &error) {
        close();
        for (const QString &sidecar : sidecars) {
            if (!sidecarsBefore.contains(sidecar))
                QFile::remove(sidecar);
        }
        return error;
    };

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(info.absoluteFilePath());
    if (mode == Mode::ReadOnly)
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    else
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open())
        return failOpen(classify(m_db.lastError()));
    m_mode = mode;
    m_path = info.absoluteFilePath();

    QSqlQuery pragma(m_db);
    for (const char *statement :
        { "PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL" }) {
        if (mode == Mode::ReadOnly && QByteArrayView(statement).contains("journal_mode"))
            continue;
        if (!pragma.exec(QString::fromLatin1(statement)))
            return failOpen(classify(pragma.lastError()));
    }

    StoreError error;
    m_schemaVersion = schema::currentVersion;
    if (mode == Mode::ReadWrite) {
        error = schema::migrate(m_db);
    } else {
        QSqlQuery version(m_db);
        if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next())
            error = classify(version.lastError());
        else if (version.value(0).toInt() > schema::currentVersion)
            error = { StoreError::Code::NewerSchema, version.value(0).toString() };
        else if (version.value(0).toInt() < 1)
            error = { StoreError::Code::NotAProject, QStringLiteral("no Batchboard schema") };
        else
            m_schemaVersion = version.value(0).toInt();
    }
    if (error)
        return failOpen(error);
    if (mode == Mode::ReadWrite) {
        // Checkpoints (the only fsyncs in WAL + NORMAL) run in a worker thread, not inside the
        // commits of the thread that owns the store; the log is trimmed after big bursts.
        if (!pragma.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0"))
            || !pragma.exec(QStringLiteral("PRAGMA journal_size_limit = 67108864")))
            return failOpen(classify(pragma.lastError()));
        m_checkpointer = std::make_unique<WalCheckpointer>(m_path, WalCheckpointer::DefaultIntervalMs, this);
        connect(m_checkpointer.get(), &WalCheckpointer::failed, this,
            [](const QString &message) { qWarning("WAL checkpoint failed: %s", qPrintable(message)); });
    }
    return StoreError::none();
}

void ProjectStore::close()
{
    m_checkpointer.reset(); // before the last connection closes (which checkpoints everything)
    m_prepared.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_lock.reset();
    m_path.clear();
    m_transactionDepth = 0;
    m_pendingSignals.clear();
}

bool ProjectStore::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

StoreError ProjectStore::execError(const QSqlQuery &query) const
{
    return classify(query.lastError());
}

// The engine writes a batch and an event per observed change, up to thousands a second on the GUI
// thread; parsing the SQL each time cost more than running it. Prepared once per connection.
QSqlQuery &ProjectStore::prepared(const QString &sql)
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        it = m_prepared.insert(sql, QSqlQuery(m_db));
        it->prepare(sql); // a failure shows in exec(), and preparedFailed() drops it
    }
    return *it;
}

StoreError ProjectStore::preparedFailed(const QString &sql)
{
    const StoreError error = execError(m_prepared.value(sql));
    m_prepared.remove(sql);
    return error;
}

void ProjectStore::emitAfterCommit(std::function<void()> signal)
{
    if (m_transactionDepth > 0)
        m_pendingSignals.append(std::move(signal));
    else
        signal();
}

StoreError ProjectStore::transaction(const std::function<StoreError()> &body)
{
    if (!isOpen())
        return { StoreError::Code::NotOpen, {} };
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        const StoreError error = body();
        --m_transactionDepth;
        return error;
    }
    if (!m_db.transaction())
        return classify(m_db.lastError());
    m_transactionDepth = 1;
    StoreError error = body();
    m_transactionDepth = 0;
    if (!error && !m_db.commit())
        error = classify(m_db.lastError());
    if (error) {
        m_db.rollback();
        m_pendingSignals.clear();
        return error;
    }
    const auto deferred = std::exchange(m_pendingSignals, {});
    for (const auto &signal : deferred)
        signal();
    return StoreError::none();
}

QList<BatchRecord> ProjectStore::batches() const
{
    QList<BatchRecord> result;
    if (!isOpen())
        return result;
    const QString columns = readColumns();
    const QString sql = QStringLiteral("SELECT %1 FROM batches ORDER BY id").arg(columns);
    // Every batch at once is what opening a project waits for: SQLite's own API where it can,
    // and for a big project both halves at once.
    if (SqliteRows::available(m_db)) {
        if (m_transactionDepth == 0) { // a second connection sees committed rows only
            if (auto rows = readBatchesInHalves(columns))
                return *rows;
        }
        if (auto rows = readBatchesDirect(m_db, sql))
            return *rows;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(sql))
        return result;
    while (q.next())
        result.append(readBatch(QueryColumns { q }));
    return result;
}

std::optional<QList<BatchRecord>> ProjectStore::readBatchesDirect(
    const QSqlDatabase &db, const QString &sql, qsizetype expected)
{
    SqliteRows rows;
    if (!rows.open(db, sql.toUtf8()))
        return std::nullopt;
    QList<BatchRecord> result;
    result.reserve(expected);
    while (rows.next())
        result.append(readBatch(rows));
    if (rows.failed())
        return std::nullopt;
    return result;
}

std::optional<QList<BatchRecord>> ProjectStore::readBatchesInHalves(const QString &columns) const
{
    QSqlQuery range(m_db);
    if (!range.exec(QStringLiteral("SELECT min(id), max(id), count(*) FROM batches")) || !range.next())
        return std::nullopt;
    const qint64 low = range.value(0).toLongLong();
    const qint64 high = range.value(1).toLongLong();
    const qsizetype count = qsizetype(range.value(2).toLongLong()); // ids may have gaps
    range.finish();
    if (count < kRowsPerThread * 2)
        return std::nullopt;
    const qint64 split = low + (high - low) / 2;
    const QString path = m_path;
    const QString upperSql
        = QStringLiteral("SELECT %1 FROM batches WHERE id > %2 ORDER BY id").arg(columns).arg(split);
    std::optional<QList<BatchRecord>> upper;
    // The upper half on a read-only connection of its own, which must live in its thread.
    const std::unique_ptr<QThread> reader(QThread::create([&upper, path, upperSql, count] {
        const QString name = QStringLiteral("bb-read-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
            if (db.open()) {
                QSqlQuery(db).exec(QStringLiteral("PRAGMA mmap_size = 268435456")); // pages unread so far
                upper = readBatchesDirect(db, upperSql, count / 2 + 1);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }));
    reader->start();
    auto lower = readBatchesDirect(m_db,
        QStringLiteral("SELECT %1 FROM batches WHERE id <= %2 ORDER BY id").arg(columns).arg(split), count);
    reader->wait(); // bounded: the other half of this same read
    if (!lower || !upper)
        return std::nullopt;
    lower->append(std::move(*upper));
    return lower;
}

std::optional<BatchRecord> ProjectStore::batch(qint64 id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM batches WHERE id = ?").arg(readColumns()));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readBatch(QueryColumns { q });
}

std::optional<BatchRecord> ProjectStore::batchByDisplayName(const QString &displayName) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM batches WHERE display_name = ?").arg(readColumns()));
    q.addBindValue(displayName);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readBatch(QueryColumns { q });
}

StoreError ProjectStore::insertBatch(BatchRecord &record)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    QSqlQuery q(m_db);
    const QString columns = batchColumns.mid(batchColumns.indexOf(u',') + 2); // all but id
    q.prepare(QStringLiteral("INSERT INTO batches (%1) VALUES (%2)")
                  .arg(columns, QStringLiteral("?, ").repeated(columns.count(u',')) + QStringLiteral("?")));
    bindBatch(q, record);
    if (!q.exec())
        return execError(q);
    record.id = q.lastInsertId().toLongLong();
    emitAfterCommit([this, record] { emit batchAdded(record); });
    return StoreError::none();
}

StoreError ProjectStore::updateBatch(const BatchRecord &record)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    static const QString update = [] {
        QString assignments;
        const QStringList columns = batchColumns.split(QStringLiteral(", ")).mid(1);
        for (const QString &column : columns)
            assignments += column + QStringLiteral(" = ?, ");
        assignments.chop(2);
        return QStringLiteral("UPDATE batches SET %1 WHERE id = ?").arg(assignments);
    }();
    QSqlQuery &q = prepared(update);
    bindBatch(q, record);
    q.addBindValue(record.id);
    if (!q.exec())
        return preparedFailed(update);
    const int affected = q.numRowsAffected();
    q.finish();
    if (affected != 1)
        return { StoreError::Code::Constraint, QStringLiteral("no batch with id %1").arg(record.id) };
    emitAfterCommit([this, record] { emit batchChanged(record); });
    return StoreError::none();
}

StoreError ProjectStore::insertRequestKeys(
    qint64 batchId, const QStringList &keysInInputOrder, const QSet<qsizetype> &keyless)
{
    // Many rows per statement: an import of a 4 GiB folder writes two million keys, and one
    // statement per key spent most of its time around SQLite rather than in it.
    static const QString fullSql
        = QStringLiteral("INSERT INTO requests (key, batch_id, line, keyless) VALUES ")
        + QStringLiteral("(?, ?, ?, ?), ").repeated(kRowsPerStatement - 1) + QStringLiteral("(?, ?, ?, ?)");
    return transaction([&]() -> StoreError {
        const qsizetype count = keysInInputOrder.size();
        for (qsizetype first = 0; first < count; first += kRowsPerStatement) {
            const qsizetype rows = std::min<qsizetype>(kRowsPerStatement, count - first);
            QSqlQuery tail(m_db);
            if (rows < kRowsPerStatement)
                tail.prepare(QStringLiteral("INSERT INTO requests (key, batch_id, line, keyless) VALUES ")
                    + QStringLiteral("(?, ?, ?, ?), ").repeated(rows - 1) + QStringLiteral("(?, ?, ?, ?)"));
            QSqlQuery &q = rows < kRowsPerStatement ? tail : prepared(fullSql);
            for (qsizetype i = first; i < first + rows; ++i) {
                q.addBindValue(keysInInputOrder[i]);
                q.addBindValue(batchId);
                q.addBindValue(qint64(i + 1));
                q.addBindValue(keyless.contains(i) ? 1 : 0);
            }
            if (!q.exec())
                return rows < kRowsPerStatement ? execError(q) : preparedFailed(fullSql);
            q.finish();
        }
        return StoreError::none();
    });
}

StoreError ProjectStore::recordKeyResults(const QList<KeyResult> &results)
{
    return transaction([&]() -> StoreError {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("UPDATE requests SET outcome = ?, result_batch_id = ?, error_code = ?, "
                                 "error_message = ?, result_offset = ?, result_length = ?, by_position = ? "
                                 "WHERE key = ?"));
        for (const KeyResult &r : results) {
            q.bindValue(0, toCode(r.outcome));
            q.bindValue(
                1, r.resultBatchId ? QVariant(r.resultBatchId) : QVariant(QMetaType(QMetaType::LongLong)));
            q.bindValue(2, r.errorCode);
            q.bindValue(3, text(r.errorMessage));
            q.bindValue(4, r.resultOffset);
            q.bindValue(5, r.resultLength);
            q.bindValue(6, int(r.match));
            q.bindValue(7, r.key);
            if (!q.exec())
                return execError(q);
        }
        return StoreError::none();
    });
}

QList<KeyResult> ProjectStore::keyResults(qint64 batchId) const
{
    QList<KeyResult> result;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT key, outcome, result_batch_id, error_code, error_message, result_offset, "
                       "result_length, %1 FROM requests WHERE batch_id = ? ORDER BY line")
            .arg(m_schemaVersion < 3 ? QStringLiteral("0, 0") : QStringLiteral("keyless, by_position")));
    q.addBindValue(batchId);
    if (!q.exec())
        return result;
    while (q.next()) {
        KeyResult r;
        r.key = q.value(0).toString();
        r.outcome = keyOutcomeFromCode(q.value(1).toString());
        r.resultBatchId = q.value(2).toLongLong();
        r.errorCode = q.value(3).toInt();
        r.errorMessage = q.value(4).toString();
        r.resultOffset = q.value(5).toLongLong();
        r.resultLength = q.value(6).toLongLong();
        r.keyless = q.value(7).toBool();
        r.match = KeyResult::Match(std::clamp(q.value(8).toInt(), 0, int(KeyResult::Match::ByPosition)));
        result.append(r);
    }
    return result;
}

QHash<KeyOutcome, qint64> ProjectStore::outcomeCounts() const
{
    QHash<KeyOutcome, qint64> counts;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT outcome, count(*) FROM requests GROUP BY outcome")))
        return counts;
    while (q.next())
        counts[keyOutcomeFromCode(q.value(0).toString())] += q.value(1).toLongLong();
    return counts;
}

StoreError ProjectStore::existingKeys(const QStringList &keys, QStringList *found)
{
    // Looked up many at a time (see insertRequestKeys), the full-size statement prepared once:
    // an import checks every file's keys on the GUI thread.
    static const QString fullSql = QStringLiteral("SELECT key FROM requests WHERE key IN (")
        + QStringLiteral("?, ").repeated(kRowsPerStatement - 1) + QStringLiteral("?)");
    found->clear();
    QSet<QString> inLedger;
    for (qsizetype first = 0; first < keys.size(); first += kRowsPerStatement) {
        const qsizetype rows = std::min<qsizetype>(kRowsPerStatement, keys.size() - first);
        QSqlQuery tail(m_db);
        if (rows < kRowsPerStatement)
            tail.prepare(QStringLiteral("SELECT key FROM requests WHERE key IN (")
                + QStringLiteral("?, ").repeated(rows - 1) + QStringLiteral("?)"));
        QSqlQuery &q = rows < kRowsPerStatement ? tail : prepared(fullSql);
        q.setForwardOnly(true);
        for (qsizetype i = first; i < first + rows; ++i)
            q.addBindValue(keys[i]);
        if (!q.exec())
            return rows < kRowsPerStatement ? execError(q) : preparedFailed(fullSql);
        while (q.next())
            inLedger.insert(q.value(0).toString());
        q.finish();
    }
    if (inLedger.isEmpty())
        return StoreError::none();
    for (const QString &key : keys) {
        if (inLedger.contains(key))
            found->append(key);
    }
    return StoreError::none();
}

StoreError ProjectStore::removeRequestKeys(qint64 batchId)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM requests WHERE batch_id = ?"));
    q.addBindValue(batchId);
    return q.exec() ? StoreError::none() : execError(q);
}

StoreError ProjectStore::insertAttemptKeys(qint64 batchId, const QStringList &keys)
{
    return transaction([&]() -> StoreError {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO attempt_keys (batch_id, key) VALUES (?, ?)"));
        for (const QString &key : keys) {
            q.bindValue(0, batchId);
            q.bindValue(1, key);
            if (!q.exec())
                return execError(q);
        }
        return StoreError::none();
    });
}

QStringList ProjectStore::attemptKeys(qint64 batchId) const
{
    QStringList keys;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT a.key FROM attempt_keys a JOIN requests r ON r.key = a.key "
                             "WHERE a.batch_id = ? ORDER BY r.line"));
    q.addBindValue(batchId);
    if (q.exec()) {
        while (q.next())
            keys.append(q.value(0).toString());
    }
    return keys;
}

QHash<qint64, QString> ProjectStore::keylessLines(qint64 batchId) const
{
    QHash<qint64, QString> lines;
    if (m_schemaVersion < 3)
        return lines;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT line, key FROM requests WHERE batch_id = ? AND keyless = 1"));
    q.addBindValue(batchId);
    if (q.exec()) {
        while (q.next())
            lines.insert(q.value(0).toLongLong(), q.value(1).toString());
    }
    return lines;
}

QList<std::pair<QString, qint64>> ProjectStore::requestLines(qint64 batchId) const
{
    QList<std::pair<QString, qint64>> lines;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT key, line FROM requests WHERE batch_id = ? ORDER BY line"));
    q.addBindValue(batchId);
    if (q.exec()) {
        while (q.next())
            lines.append({ q.value(0).toString(), q.value(1).toLongLong() });
    }
    return lines;
}

StoreError ProjectStore::retireJob(qint64 batchId, const QString &jobName)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO retired_jobs (job_name, batch_id, retired_at_ms) VALUES (?, ?, ?)"));
    q.addBindValue(jobName);
    q.addBindValue(batchId);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    return q.exec() ? StoreError::none() : execError(q);
}

QSet<QString> ProjectStore::retiredJobs() const
{
    QSet<QString> names;
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT job_name FROM retired_jobs"))) {
        while (q.next())
            names.insert(q.value(0).toString());
    }
    return names;
}

StoreError ProjectStore::rememberHandoverClaim(const HandoverClaim &claim)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO handover_claims "
                             "(batch_number, job_name, file_name, status, uploaded_at_ms, source) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(claim.batchNumber);
    q.addBindValue(text(claim.jobName));
    q.addBindValue(text(claim.fileName));
    q.addBindValue(text(claim.status));
    q.addBindValue(claim.uploadedAt.isValid() ? QVariant(claim.uploadedAt.toMSecsSinceEpoch())
                                              : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(text(claim.source));
    return q.exec() ? StoreError::none() : execError(q);
}

QList<ProjectStore::HandoverClaim> ProjectStore::handoverClaims() const
{
    QList<HandoverClaim> claims;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT batch_number, job_name, file_name, status, uploaded_at_ms, source "
                               "FROM handover_claims ORDER BY batch_number")))
        return claims;
    while (q.next()) {
        HandoverClaim c;
        c.batchNumber = q.value(0).toInt();
        c.jobName = q.value(1).toString();
        c.fileName = q.value(2).toString();
        c.status = q.value(3).toString();
        if (!q.value(4).isNull())
            c.uploadedAt = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC);
        c.source = q.value(5).toString();
        claims.append(c);
    }
    return claims;
}

StoreError ProjectStore::forgetHandoverClaims(int batchNumber)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM handover_claims WHERE batch_number = ?"));
    q.addBindValue(batchNumber);
    return q.exec() ? StoreError::none() : execError(q);
}

StoreError ProjectStore::appendEvent(EventRecord &event)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    if (!event.at.isValid())
        event.at = QDateTime::currentDateTimeUtc();
    static const QString insert = QStringLiteral("INSERT INTO events (at_ms, batch_id, kind, severity, code, "
                                                 "message, details) VALUES (?, ?, ?, ?, ?, ?, ?)");
    QSqlQuery &q = prepared(insert);
    q.addBindValue(event.at.toMSecsSinceEpoch());
    q.addBindValue(event.batchId);
    q.addBindValue(text(event.kind));
    q.addBindValue(static_cast<int>(event.severity));
    q.addBindValue(text(event.code));
    q.addBindValue(text(event.message));
    q.addBindValue(text(QString::fromUtf8(QJsonDocument(event.details).toJson(QJsonDocument::Compact))));
    if (!q.exec())
        return preparedFailed(insert);
    event.id = q.lastInsertId().toLongLong();
    q.finish();
    emitAfterCommit([this, event] { emit eventAppended(event); });
    return StoreError::none();
}

QList<EventRecord> ProjectStore::events(qint64 afterId, int limit, qint64 batchId) const
{
    QList<EventRecord> result;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at_ms, batch_id, kind, severity, code, message, details FROM events "
                             "WHERE id > ? AND (? < 0 OR batch_id = ?) ORDER BY id LIMIT ?"));
    q.addBindValue(afterId);
    q.addBindValue(batchId);
    q.addBindValue(batchId);
    q.addBindValue(limit);
    if (!q.exec())
        return result;
    while (q.next())
        result.append(readEvent(q));
    return result;
}

QList<EventRecord> ProjectStore::recentEvents(int limit) const
{
    QList<EventRecord> result;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at_ms, batch_id, kind, severity, code, message, details FROM events "
                             "ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return result;
    while (q.next())
        result.append(readEvent(q));
    std::reverse(result.begin(), result.end());
    return result;
}

QString ProjectStore::readColumns() const
{
    return m_schemaVersion == schema::currentVersion ? batchColumns : batchColumnsOfSchema(m_schemaVersion);
}

QString ProjectStore::setting(const QString &key, const QString &fallback) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec() || !q.next())
        return fallback;
    return q.value(0).toString();
}

StoreError ProjectStore::setSetting(const QString &key, const QString &value)
{
    if (!isWritable())
        return { StoreError::Code::NotOpen, {} };
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(text(value));
    return q.exec() ? StoreError::none() : execError(q);
}

StoreError ProjectStore::integrityCheck() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return execError(q);
    QStringList problems;
    while (q.next()) {
        const QString line = q.value(0).toString();
        if (line != QLatin1StringView("ok"))
            problems.append(line);
    }
    if (!problems.isEmpty())
        return { StoreError::Code::Corrupt, problems.join(u'\n') };
    return StoreError::none();
}

} // namespace bb
