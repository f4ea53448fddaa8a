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
    // 42 characters: files.get and files.delete refuse it, only download works (row 6).
    record.resultsFileId = QStringLiteral("batch-") + record.id;
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
    m_deletedRunning.removeIf([nowUs](const DeletedRunning &d) { return d.endUs <= nowUs; });
    if (m_open.isEmpty())
        return;
    const QList<QString> open(m_open.cbegin(), m_open.cend());
    for (const QString &id : open) {
        BatchRecord &record = m_batches[id];
        if (isTerminal(evaluate(record, nowUs).state))
            close(record, config);
    }
}

void BatchStore::dropInput(BatchRecord &record)
{
    if (!record.snapshotPath.isEmpty()) {
        QFile::remove(record.snapshotPath);
        record.snapshotPath.clear();
    }
    record.inlineRequests = QJsonArray();
}

void BatchStore::writeOutput(
    BatchRecord &record, qint64 atUs, int cancelledFrom, const EmulatorConfig &config)
{
    ResultsSpec spec;
    spec.kind = record.kind;
    spec.model = record.model;
    spec.thinking = record.thinking;
    spec.batchId = record.id;
    spec.failedIndices = record.scan.failedIndices;
    spec.cancelledFrom = cancelledFrom;
    if (record.inputFileId.isEmpty()) {
        record.inlinedResponses = inlineResults(record.inlineRequests, spec);
        if (record.shuffleInline) {
            QList<QJsonValue> items(record.inlinedResponses.cbegin(), record.inlinedResponses.cend());
            QRandomGenerator random(quint32(qHash(record.id)));
            std::shuffle(items.begin(), items.end(), random);
            record.inlinedResponses = QJsonArray();
            for (const QJsonValue &v : items)
                record.inlinedResponses.append(v);
        }
        record.hasOutput = true;
        return;
    }
    StoredFile out;
    out.id = record.resultsFileId;
    out.mimeType = QStringLiteral("application/jsonl");
    out.generated = true;
    out.createUs = out.updateUs = out.activeAtUs = atUs;
    out.expireUs = atUs + config.outputTtlSeconds * 1000000;
    out.path = m_files.newDataPath(QStringLiteral("results"));
    if (writeResultsFile(record.snapshotPath, out.path, spec, &out.sizeBytes, &out.sha256Hex)) {
        m_files.add(out);
        record.hasOutput = true;
        return;
    }
    QFile::remove(out.path);
    record.failedOverall = true;
    record.failureCode = 13;
    record.failureMessage = QStringLiteral("An internal error has occurred while writing the results.");
}

void BatchStore::close(BatchRecord &record, const EmulatorConfig &config)
{
    m_open.remove(record.id);
    if (record.materialized)
        return;
    record.materialized = true;
    const BatchView view = evaluate(record, record.doneAtUs);
    if (record.cancelledUs < 0 && view.state == BatchState::Succeeded
        && !(record.expireAtUs < record.doneAtUs))
        writeOutput(record, record.doneAtUs, -1, config);
    dropInput(record);
}

bool BatchStore::cancel(const QString &id, qint64 nowUs, const EmulatorConfig &config)
{
    const auto it = m_batches.find(id);
    if (it == m_batches.end())
        return false;
    const BatchView view = evaluate(*it, nowUs);
    if (isTerminal(view.state))
        return false;
    if (view.state == BatchState::Running) {
        it->servedBeforeCancel = view.succeeded + view.failed;
        writeOutput(*it, nowUs, it->servedBeforeCancel, config);
    }
    it->cancelledUs = nowUs;
    it->materialized = true;
    m_open.remove(id);
    dropInput(*it);
    return true;
}

bool BatchStore::remove(const QString &id, qint64 nowUs, bool keepCounting)
{
    const auto it = m_batches.find(id);
    if (it == m_batches.end())
        return false;
    if (keepCounting && m_open.contains(id) && !isTerminal(evaluate(*it, nowUs).state))
        m_deletedRunning.append({ it->model, it->estimatedTokens, std::min(it->doneAtUs, it->expireAtUs) });
    if (!it->snapshotPath.isEmpty())
        QFile::remove(it->snapshotPath);
    m_files.remove(it->resultsFileId);
    m_open.remove(id);
    m_bySeq.erase(it->seq);
    m_batches.erase(it);
    return true;
}

bool BatchStore::update(const QString &id, qint64 nowUs, const std::optional<QString> &displayName,
    const std::optional<qint64> &priority)
{
    const auto it = m_batches.find(id);
    if (it == m_batches.end() || evaluate(*it, nowUs).state != BatchState::Pending)
        return false;
    if (displayName)
        it->displayName = *displayName;
    if (priority)
        it->priority = *priority;
    return true;
}

void BatchStore::clear()
{
    m_deletedRunning.clear();
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
    for (const DeletedRunning &d : m_deletedRunning) {
        if (d.model == model)
            sum += d.tokens;
    }
    return sum;
}

QJsonObject BatchStore::enqueuedTokensByModel() const
{
    QHash<QString, qint64> sums;
    for (const QString &id : m_open)
        sums[m_batches[id].model] += m_batches[id].estimatedTokens;
    for (const DeletedRunning &d : m_deletedRunning)
        sums[d.model] += d.tokens;
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
    if (v.state == BatchState::Cancelled && r.servedBeforeCancel >= 0) {
        // The unserved rest is written as {"error":{"code":1}} and counts as failed.
        v.failed += v.pending;
        v.pending = 0;
    }

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

namespace {

QJsonObject outputJson(const BatchRecord &r, bool forList)
{
    QJsonObject output;
    if (!r.inputFileId.isEmpty())
        output.insert(QStringLiteral("responsesFile"), QString(QStringLiteral("files/") + r.resultsFileId));
    else if (!forList)
        output.insert(QStringLiteral("inlinedResponses"),
            QJsonObject { { QStringLiteral("inlinedResponses"), r.inlinedResponses } });
    return output;
}

QJsonObject metadataJson(const BatchRecord &r, const BatchView &v)
{
    QJsonObject stats;
    const auto putCount = [&stats](const QString &key, qint64 value) {
        if (value != 0)
            stats.insert(key, json::int64String(value));
    };
    putCount(QStringLiteral("requestCount"), r.scan.requestCount);
    putCount(QStringLiteral("successfulRequestCount"), v.succeeded);
    putCount(QStringLiteral("failedRequestCount"), v.failed);
    putCount(QStringLiteral("pendingRequestCount"), v.pending);

    const QString name = QStringLiteral("batches/") + r.id;
    QJsonObject metadata {
        { QStringLiteral("model"), QString(QStringLiteral("models/") + r.model) },
        { QStringLiteral("createTime"), EmulatorClock::rfc3339(r.createUs, 9) },
        { QStringLiteral("updateTime"), EmulatorClock::rfc3339(v.updateUs, 9) },
        { QStringLiteral("state"), BatchStore::stateName(v.state) },
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
    if (!r.webhookConfig.isEmpty())
        metadata.insert(QStringLiteral("webhookConfig"), r.webhookConfig);
    if (v.endUs)
        metadata.insert(QStringLiteral("endTime"), EmulatorClock::rfc3339(*v.endUs, 9));
    return metadata;
}

} // namespace

QJsonObject BatchStore::batchResourceJson(const BatchRecord &record, qint64 nowUs)
{
    return metadataJson(record, evaluate(record, nowUs));
}

QJsonObject BatchStore::operationJson(const BatchRecord &r, qint64 nowUs, bool forList)
{
    const BatchView v = evaluate(r, nowUs);
    const bool embed = r.kind == BatchKind::Embed;
    QJsonObject metadata = metadataJson(r, v);
    metadata.insert(QStringLiteral("@type"),
        QString(kTypePrefix
            + (embed ? QStringLiteral("EmbedContentBatch") : QStringLiteral("GenerateContentBatch"))));

    QJsonObject op { { QStringLiteral("name"), metadata.value(QStringLiteral("name")) } };
    if (v.state == BatchState::Succeeded) {
        const QJsonObject output = outputJson(r, forList);
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
        // Live probes (changes-2026.md row 4): code 13, not the LRO convention's 1. The partial
        // output of a batch cancelled while RUNNING sits in metadata.output only: an Operation
        // carries either `error` or `response`.
        op.insert(QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), 13 },
                { QStringLiteral("message"), QStringLiteral("Batch was cancelled.") } });
        if (r.hasOutput) {
            const QJsonObject output = outputJson(r, forList);
            if (!output.isEmpty())
                metadata.insert(QStringLiteral("output"), output);
        }
    }
    op.insert(QStringLiteral("metadata"), metadata);
    if (isTerminal(v.state))
        op.insert(QStringLiteral("done"), true);
    return op;
}

} // namespace bb::emulator
