#include "schema.h"

#include "pricetable.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace bb::schema {
namespace {

// Migration N takes a database from version N-1 to N. Append new migrations; never edit old ones.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps {
        {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral(R"(CREATE TABLE batches (
                id INTEGER PRIMARY KEY,
                batch_number INTEGER,
                display_name TEXT NOT NULL UNIQUE,
                parent_id INTEGER REFERENCES batches(id),
                local_path TEXT NOT NULL,
                size_bytes INTEGER NOT NULL DEFAULT 0,
                modified_at_ms INTEGER,
                sha256 TEXT NOT NULL DEFAULT '',
                request_count INTEGER NOT NULL DEFAULT 0,
                token_estimate INTEGER NOT NULL DEFAULT 0,
                remote_file_name TEXT NOT NULL DEFAULT '',
                remote_file_uri TEXT NOT NULL DEFAULT '',
                remote_file_expires_at_ms INTEGER,
                upload_session_url TEXT NOT NULL DEFAULT '',
                upload_confirmed_bytes INTEGER NOT NULL DEFAULT 0,
                model TEXT NOT NULL DEFAULT '',
                job_name TEXT NOT NULL DEFAULT '',
                results_file_name TEXT NOT NULL DEFAULT '',
                job_created_at_ms INTEGER,
                job_ended_at_ms INTEGER,
                succeeded_count INTEGER NOT NULL DEFAULT 0,
                failed_count INTEGER NOT NULL DEFAULT 0,
                pending_count INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL,
                wait_reason TEXT NOT NULL DEFAULT '',
                next_attempt_at_ms INTEGER,
                state_changed_at_ms INTEGER,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '',
                results_path TEXT NOT NULL DEFAULT ''
            ))"),
            QStringLiteral("CREATE UNIQUE INDEX batches_job ON batches(job_name) WHERE job_name <> ''"),
            QStringLiteral(R"(CREATE TABLE requests (
                key TEXT PRIMARY KEY,
                batch_id INTEGER NOT NULL REFERENCES batches(id),
                line INTEGER NOT NULL,
                outcome TEXT NOT NULL DEFAULT 'pending',
                result_batch_id INTEGER REFERENCES batches(id),
                error_code INTEGER NOT NULL DEFAULT 0,
                error_message TEXT NOT NULL DEFAULT '',
                result_offset INTEGER NOT NULL DEFAULT -1,
                result_length INTEGER NOT NULL DEFAULT 0
            ))"),
            QStringLiteral("CREATE INDEX requests_batch ON requests(batch_id, line)"),
            // Which keys a resubmission batch carries (its keys belong to the original batch).
            QStringLiteral(R"(CREATE TABLE attempt_keys (
                batch_id INTEGER NOT NULL REFERENCES batches(id),
                key TEXT NOT NULL REFERENCES requests(key),
                PRIMARY KEY (batch_id, key)
            ))"),
            QStringLiteral(R"(CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                at_ms INTEGER NOT NULL,
                batch_id INTEGER NOT NULL DEFAULT 0,
                kind TEXT NOT NULL,
                severity INTEGER NOT NULL,
                code TEXT NOT NULL DEFAULT '',
                message TEXT NOT NULL DEFAULT '',
                details TEXT NOT NULL DEFAULT ''
            ))"),
            QStringLiteral("CREATE INDEX events_batch ON events(batch_id, id)"),
            // Jobs the user gave up on (failed, expired, cancelled, then retried): reconciliation
            // must never adopt them again by display name.
            QStringLiteral(R"(CREATE TABLE retired_jobs (
                job_name TEXT PRIMARY KEY,
                batch_id INTEGER NOT NULL REFERENCES batches(id),
                retired_at_ms INTEGER NOT NULL
            ))"),
            // History is evidence: nothing may rewrite it.
            QStringLiteral("CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                           "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"),
            QStringLiteral("CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
                           "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"),
        },
        // 2: cost. Token usage from each batch's results, and the project's own price table,
        // seeded with the defaults of this build so the project's figures stay reproducible.
        {
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_requests INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_prompt INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_candidates INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_thoughts INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_cached INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_long_prompt INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_long_candidates INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_long_thoughts INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN usage_long_cached INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("INSERT OR IGNORE INTO meta (key, value) VALUES ('cost.prices', '%1')")
                .arg(QString::fromUtf8(
                    QJsonDocument(PriceTable::defaults().toJson()).toJson(QJsonDocument::Compact))
                         .replace(QLatin1Char('\''), QStringLiteral("''"))),
        },
        // 3: requests without a key. Such a request is named after its batch and line
        // (implicitRequestKey); by_position is KeyResult::Match (0 by key, 1 the only request
        // without a key, 2 by position among several).
        {
            QStringLiteral("ALTER TABLE requests ADD COLUMN keyless INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE requests ADD COLUMN by_position INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN upload_path TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN upload_sha256 TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE batches ADD COLUMN upload_size INTEGER NOT NULL DEFAULT 0"),
            // What a tracking file said about a batch the project did not have yet: applied when
            // a file with that batch number is imported (the order of imports must not matter).
            QStringLiteral(R"(CREATE TABLE handover_claims (
                batch_number INTEGER NOT NULL,
                job_name TEXT NOT NULL DEFAULT '',
                file_name TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT '',
                uploaded_at_ms INTEGER,
                source TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (batch_number, job_name, file_name)
            ))"),
        },
    };
    return steps;
}

StoreError sqlError(const QSqlError &error)
{
    const QString text = error.text();
    if (text.contains(QLatin1StringView("not a database"), Qt::CaseInsensitive))
        return { StoreError::Code::NotAProject, text };
    if (text.contains(QLatin1StringView("malformed"), Qt::CaseInsensitive))
        return { StoreError::Code::Corrupt, text };
    return { StoreError::Code::Io, text };
}

} // namespace

StoreError migrate(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return sqlError(query.lastError());
    const int version = query.value(0).toInt();
    if (version > currentVersion)
        return { StoreError::Code::NewerSchema, QString::number(version) };

    if (version == 0) {
        // A fresh file is empty; a file that has tables but no version is someone else's database.
        if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next())
            return sqlError(query.lastError());
        if (query.value(0).toInt() > 0)
            return { StoreError::Code::NotAProject, QStringLiteral("unversioned database with tables") };
    }

    for (int next = version + 1; next <= currentVersion; ++next) {
        if (!db.transaction())
            return sqlError(db.lastError());
        for (const QString &statement : migrations().at(next - 1)) {
            if (!query.exec(statement)) {
                const StoreError error = sqlError(query.lastError());
                db.rollback();
                return error;
            }
        }
        if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(next))) {
            const StoreError error = sqlError(query.lastError());
            db.rollback();
            return error;
        }
        if (!db.commit())
            return sqlError(db.lastError());
    }
    return StoreError::none();
}

} // namespace bb::schema
