#include "batchstore.h"

#include "emulatorclock.h"
#include "emulatorconfig.h"
#include "filestore.h"
#include "jsonfields.h"

#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace bb::emulator {
namespace {

const QString kTypePrefix = QStringLiteral("type.googleapis.com/google.ai.generativelanguage.v1main.");

qint64 secondsToUs(double seconds)
{
    return qint64(std::llround(seconds * 1e6));
}

} // namespace

BatchStore::BatchStore(FileStore &files)
    : m_files(files)
{
}

QString BatchStore::newId() const
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString id;
    do {
        id.clear();
        for (int i = 0; i < 36; ++i)
            id += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(36)]);
    } while (m_batches.contains(id));
    return id;
}

const BatchRecord &BatchStore::create(BatchRecord record, const EmulatorConfig &config, qint64 nowUs)
{
    record.id = newId();
    record.seq = m_nextSeq++;
    record.createUs = nowUs;
    record.runningAtUs = nowUs + secondsToUs(config.pendingSeconds);
    record.doneAtUs = record.runningAtUs + secondsToUs(config.runningSeconds);
    record.expireAtUs = nowUs + config.batchTtlSeconds * 1000000;
    record.resultsFileId = QStringLiteral("batch-") + record.id;
    if (record.scan.requestCount > 0 && record.scan.invalidCount == record.scan.requestCount) {
        record.failedOverall = true;
        record.failureMessage
            = QStringLiteral("No valid request in the batch input: every line must be a JSON "
                             "object with a \"request\" object.");
    }
    m_bySeq.emplace(record.seq, record.id);
    m_open.insert(record.id);
    m_createsByDisplayName[record.displayName] += 1;
    return *m_batches.insert(record.id, record);
}

const BatchRecord *BatchStore::find(const QString &id) const
{
    const auto it = m_batches.constFind(id);
    return it == m_batches.constEnd() ? nullptr : &it.value();
}

void BatchStore::refresh(qint64 nowUs, const EmulatorConfig &config)
{
    if (m_open.isEmpty())
        return;
    const QList<QString> open(m_open.cbegin(), m_open.cend());
    for (const QString &id : open) {
        BatchRecord &record = m_batches[id];
        if (isTerminal(evaluate(record, nowUs).state))
            close(record, config);
    }
}

void BatchStore::close(BatchRecord &record, const EmulatorConfig &config)
{
    m_open.remove(record.id);
    if (record.materialized)
        return;
    record.materialized = true;
    const BatchView view = evaluate(record, record.doneAtUs);
    if (record.cancelledUs < 0 && view.state == BatchState::Succeeded
        && !(record.expireAtUs < record.doneAtUs)) {
        ResultsSpec spec;
        spec.kind = record.kind;
        spec.model = record.model;
        spec.batchId = record.id;
        spec.failedIndices = record.scan.failedIndices;
        if (record.inputFileId.isEmpty()) {
            record.inlinedResponses = inlineResults(record.inlineRequests, spec);
        } else {
            StoredFile out;
            out.id = record.resultsFileId;
            out.mimeType = QStringLiteral("application/jsonl");
            out.generated = true;
            out.createUs = out.updateUs = out.activeAtUs = record.doneAtUs;
            out.expireUs = record.doneAtUs + config.fileTtlSeconds * 1000000;
            out.path = m_files.newDataPath(QStringLiteral("results"));
            if (writeResultsFile(record.snapshotPath, out.path, spec, &out.sizeBytes, &out.sha256Hex)) {
                m_files.add(out);
            } else {
                QFile::remove(out.path);
                record.failedOverall = true;
                record.failureCode = 13;
                record.failureMessage
                    = QStringLiteral("An internal error has occurred while writing the results.");
            }
        }
    }
    if (!record.snapshotPath.isEmpty()) {
        QFile::remove(record.snapshotPath);
        record.snapshotPath.clear();
    }
    record.inlineRequests = QJsonArray();
}

bool BatchStore::cancel(const QString &id, qint64 nowUs)
{
    const auto it = m_batches.find(id);
    if (it == m_batches.end() || isTerminal(evaluate(*it, nowUs).state))
        return false;
    it->cancelledUs = nowUs;
    m_open.remove(id);
    it->materialized = true;
    if (!it->snapshotPath.isEmpty()) {
        QFile::remove(it->snapshotPath);
        it->snapshotPath.clear();
    }
    it->inlineRequests = QJsonArray();
    return true;
}

bool BatchStore::remove(const QString &id)
{
    const auto it = m_batches.find(id);
    if (it == m_batches.end())
        return false;
    if (!it->snapshotPath.isEmpty())
        QFile::remove(it->snapshotPath);
    m_open.remove(id);
    m_bySeq.erase(it->seq);
    m_batches.erase(it);
    return true;
}

void BatchStore::clear()
{
    for (const BatchRecord &r : std::as_const(m_batches)) {
        if (!r.snapshotPath.isEmpty())
            QFile::remove(r.snapshotPath);
    }
    m_batches.clear();
    m_bySeq.clear();
    m_open.clear();
    m_createsByDisplayName.clear();
    m_planner.clear();
}

QList<const BatchRecord *> BatchStore::page(quint64 afterSeq, int pageSize, bool *more) const
{
    return paging::newestFirst(
        m_bySeq, afterSeq, pageSize, more, [this](const QString &id) { return find(id); });
}

QList<const BatchRecord *> BatchStore::all() const
{
    bool more = false;
    return page(0, int(m_batches.size()), &more);
}

qint64 BatchStore::enqueuedTokens(const QString &model) const
{
    qint64 sum = 0;
    for (const QString &id : m_open) {
        const BatchRecord &r = m_batches[id];
        if (r.model == model)
            sum += r.estimatedTokens;
    }
    return sum;
}

QJsonObject BatchStore::enqueuedTokensByModel() const
{
    QHash<QString, qint64> sums;
    for (const QString &id : m_open)
        sums[m_batches[id].model] += m_batches[id].estimatedTokens;
    QJsonObject out;
    for (auto it = sums.cbegin(); it != sums.cend(); ++it)
        out.insert(it.key(), double(it.value()));
    return out;
}

BatchView BatchStore::evaluate(const BatchRecord &r, qint64 t)
{
    BatchView v;
    qint64 effective = t;
    if (r.cancelledUs >= 0 && t >= r.cancelledUs) {
        v.state = BatchState::Cancelled;
        effective = r.cancelledUs;
    } else if (r.expireAtUs < r.doneAtUs && t >= r.expireAtUs) {
        v.state = BatchState::Expired;
        effective = r.expireAtUs;
    } else if (t < r.runningAtUs) {
        v.state = BatchState::Pending;
    } else if (t < r.doneAtUs) {
        v.state = BatchState::Running;
    } else {
        v.state = r.failedOverall ? BatchState::Failed : BatchState::Succeeded;
        effective = r.doneAtUs;
    }
    if (isTerminal(v.state))
        v.endUs = effective;

    const int n = r.scan.requestCount;
    const qint64 span = r.doneAtUs - r.runningAtUs;
    int processed = 0;
    if (effective >= r.doneAtUs)
        processed = n;
    else if (effective >= r.runningAtUs && span > 0)
        processed
            = int(std::min<qint64>(n, qint64(double(n) * double(effective - r.runningAtUs) / double(span))));
    const auto &failed = r.scan.failedIndices;
    v.failed = int(std::lower_bound(failed.cbegin(), failed.cend(), processed) - failed.cbegin());
    v.succeeded = processed - v.failed;
    v.pending = n - processed;

    if (v.endUs)
        v.updateUs = *v.endUs;
    else if (v.state == BatchState::Running)
        v.updateUs = r.runningAtUs + (n > 0 ? qint64(double(span) * processed / n) : 0);
    else
        v.updateUs = r.createUs;
    return v;
}

QString BatchStore::stateName(BatchState state)
{
    switch (state) {
    case BatchState::Pending:
        return QStringLiteral("BATCH_STATE_PENDING");
    case BatchState::Running:
        return QStringLiteral("BATCH_STATE_RUNNING");
    case BatchState::Succeeded:
        return QStringLiteral("BATCH_STATE_SUCCEEDED");
    case BatchState::Failed:
        return QStringLiteral("BATCH_STATE_FAILED");
    case BatchState::Cancelled:
        return QStringLiteral("BATCH_STATE_CANCELLED");
    case BatchState::Expired:
        return QStringLiteral("BATCH_STATE_EXPIRED");
    }
    return QStringLiteral("BATCH_STATE_UNSPECIFIED");
}

QJsonObject BatchStore::operationJson(const BatchRecord &r, qint64 nowUs, bool forList)
{
    const BatchView v = evaluate(r, nowUs);
    const QString name = QStringLiteral("batches/") + r.id;
    const bool embed = r.kind == BatchKind::Embed;

    QJsonObject stats;
    const auto putCount = [&stats](const QString &key, qint64 value) {
        if (value != 0)
            stats.insert(key, json::int64String(value));
    };
    putCount(QStringLiteral("requestCount"), r.scan.requestCount);
    putCount(QStringLiteral("successfulRequestCount"), v.succeeded);
    putCount(QStringLiteral("failedRequestCount"), v.failed);
    putCount(QStringLiteral("pendingRequestCount"), v.pending);

    QJsonObject metadata {
        { QStringLiteral("@type"),
            QString(kTypePrefix
                + (embed ? QStringLiteral("EmbedContentBatch") : QStringLiteral("GenerateContentBatch"))) },
        { QStringLiteral("model"), QString(QStringLiteral("models/") + r.model) },
        { QStringLiteral("createTime"), EmulatorClock::rfc3339(r.createUs, 9) },
        { QStringLiteral("updateTime"), EmulatorClock::rfc3339(v.updateUs, 9) },
        { QStringLiteral("state"), stateName(v.state) },
        { QStringLiteral("name"), name },
    };
    if (!r.displayName.isEmpty())
        metadata.insert(QStringLiteral("displayName"), r.displayName);
    if (!r.inputFileId.isEmpty())
        metadata.insert(QStringLiteral("inputConfig"),
            QJsonObject {
                { QStringLiteral("fileName"), QString(QStringLiteral("files/") + r.inputFileId) } });
    if (!stats.isEmpty())
        metadata.insert(QStringLiteral("batchStats"), stats);
    if (r.priority != 0)
        metadata.insert(QStringLiteral("priority"), json::int64String(r.priority));
    if (v.endUs)
        metadata.insert(QStringLiteral("endTime"), EmulatorClock::rfc3339(*v.endUs, 9));

    QJsonObject op { { QStringLiteral("name"), name } };
    if (v.state == BatchState::Succeeded) {
        QJsonObject output;
        if (!r.inputFileId.isEmpty())
            output.insert(
                QStringLiteral("responsesFile"), QString(QStringLiteral("files/") + r.resultsFileId));
        else if (!forList)
            output.insert(QStringLiteral("inlinedResponses"),
                QJsonObject { { QStringLiteral("inlinedResponses"), r.inlinedResponses } });
        if (!output.isEmpty()) {
            metadata.insert(QStringLiteral("output"), output);
            QJsonObject response = output;
            response.insert(QStringLiteral("@type"),
                QString(kTypePrefix
                    + (embed ? QStringLiteral("EmbedContentBatchOutput")
                             : QStringLiteral("GenerateContentBatchOutput"))));
            op.insert(QStringLiteral("response"), response);
        }
    } else if (v.state == BatchState::Failed) {
        op.insert(QStringLiteral("error"),
            QJsonObject {
                { QStringLiteral("code"), r.failureCode }, { QStringLiteral("message"), r.failureMessage } });
    } else if (v.state == BatchState::Cancelled) {
        op.insert(QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), 1 },
                { QStringLiteral("message"), QStringLiteral("The batch was cancelled.") } });
    }
    op.insert(QStringLiteral("metadata"), metadata);
    if (isTerminal(v.state))
        op.insert(QStringLiteral("done"), true);
    return op;
}

} // namespace bb::emulator
