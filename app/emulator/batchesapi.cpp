#include "batchesapi.h"

#include "emulatorcontext.h"
#include "inputvalidation.h"
#include "jsonfields.h"
#include "listrequest.h"

#include <QFileInfo>

namespace bb::emulator {
namespace {

// "files/abc", "abc" or a full ".../files/abc" URI.
QString fileIdOf(const QString &fileName)
{
    const qsizetype at = fileName.lastIndexOf(QLatin1String("files/"));
    return at >= 0 ? fileName.mid(at + 6) : fileName;
}

// batch.webhookConfig (SDK-only, changes-2026.md row 9): {uris?, userMetadata?} in either casing,
// stored in camelCase.
std::optional<GoogleError> readWebhookConfig(const QJsonObject &batch, QJsonObject *out)
{
    const QJsonValue value = json::field(batch, QLatin1StringView("webhookConfig"));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    const QJsonValue uris = json::field(value.toObject(), QLatin1StringView("uris"));
    bool urisOk = uris.isUndefined() || uris.isArray();
    for (const QJsonValue &u : uris.toArray())
        urisOk = urisOk && u.isString();
    if (!value.isObject() || !urisOk)
        return GoogleError::invalidArgument(QStringLiteral(
            "* GenerateContentBatch.webhook_config: must be {\"uris\": [string], \"userMetadata\"?}."));
    if (!uris.isUndefined())
        out->insert(QStringLiteral("uris"), uris);
    const QJsonValue userMetadata = json::field(value.toObject(), QLatin1StringView("userMetadata"));
    if (!userMetadata.isUndefined() && !userMetadata.isNull())
        out->insert(QStringLiteral("userMetadata"), userMetadata);
    return std::nullopt;
}

// The reply when the request is not PATCH-able as asked: nothing, or the 400.
std::optional<GoogleError> readUpdateMask(const HttpRequest &request, bool *displayName, bool *priority)
{
    const QString mask = request.queryValue(QStringLiteral("updateMask")).isEmpty()
        ? request.queryValue(QStringLiteral("update_mask"))
        : request.queryValue(QStringLiteral("updateMask"));
    if (mask.trimmed().isEmpty())
        return GoogleError::invalidArgument(QStringLiteral("* update_mask: must name the fields to update."));
    for (const QString &part : mask.split(QLatin1Char(','))) {
        const QString f = part.trimmed();
        if (f == QLatin1String("displayName") || f == QLatin1String("display_name"))
            *displayName = true;
        else if (f == QLatin1String("priority"))
            *priority = true;
        else
            return GoogleError::invalidArgument(QStringLiteral(
                "* update_mask: field \"%1\" cannot be updated; only display_name and priority can.")
                                                    .arg(f));
    }
    return std::nullopt;
}

} // namespace

BatchesApi::BatchesApi(EmulatorContext &context)
    : m_ctx(context)
{
}

HttpResponse BatchesApi::create(const HttpRequest &request, const ApiRoute &route, qint64 nowUs)
{
    const bool embed = route.kind == ApiRoute::Kind::BatchEmbed;
    const QString modelId = EmulatedModels::bareId(route.id);
    if (const auto refused = m_ctx.config.models.refusal(modelId,
            embed ? QStringLiteral("asyncBatchEmbedContent") : QStringLiteral("batchGenerateContent"),
            route.version))
        return HttpResponse::error(*refused);

    QJsonObject body;
    QString error;
    if (!json::parseObject(request.body, &body, &error))
        return HttpResponse::error(GoogleError::invalidArgument(error));

    const QJsonValue batchValue = json::field(body, QLatin1StringView("batch"));
    if (!batchValue.isUndefined() && !batchValue.isObject())
        return HttpResponse::error(
            GoogleError::invalidArgument(QStringLiteral("* batch: must be an object.")));
    const QJsonObject batch = batchValue.isObject() ? batchValue.toObject() : body;
    const QJsonObject input = json::objectField(batch, QLatin1StringView("inputConfig"));
    const QString fileName = json::stringField(input, QLatin1StringView("fileName"));
    const QJsonValue requestsValue = json::field(input, QLatin1StringView("requests"));

    BatchRecord record;
    record.kind = embed ? BatchKind::Embed : BatchKind::Generate;
    record.model = modelId;
    record.thinking = m_ctx.config.models.find(modelId)->thinking;
    record.shuffleInline = m_ctx.config.quirks.shuffleInlineResults;
    record.displayName = json::stringField(batch, QLatin1StringView("displayName"));
    if (const auto bad = readWebhookConfig(batch, &record.webhookConfig))
        return HttpResponse::error(*bad);
    if (const auto priority = json::toInt64(json::field(batch, QLatin1StringView("priority"))))
        record.priority = *priority;

    qint64 inputBytes = 0;
    const StoredFile *file = nullptr;
    if (!fileName.isEmpty()) {
        record.inputFileId = fileIdOf(fileName);
        file = m_ctx.files.find(record.inputFileId);
        if (!file)
            return HttpResponse::error(GoogleError::fileNotAccessible(record.inputFileId));
        if (nowUs < file->activeAtUs)
            return HttpResponse::error(GoogleError::failedPrecondition(
                QStringLiteral("The File %1 is not in an ACTIVE state and usage is not allowed.")
                    .arg(file->id)));
        if (file->sizeBytes == 0)
            return HttpResponse::error(GoogleError::invalidArgument(
                QStringLiteral("The input file files/%1 is empty.").arg(file->id)));
        bool readError = false;
        if (const auto bad = InputValidation::checkFile(file->path, record.kind, &readError))
            return HttpResponse::error(*bad);
        if (readError)
            return HttpResponse::error(GoogleError::make(500, QString()));
        inputBytes = file->sizeBytes;
    } else if (requestsValue.isObject() || requestsValue.isArray()) {
        // Wire form nests twice: inputConfig.requests.requests[] (protocol.md §3.1).
        record.inlineRequests = requestsValue.isArray()
            ? requestsValue.toArray()
            : json::field(requestsValue.toObject(), QLatin1StringView("requests")).toArray();
        if (record.inlineRequests.isEmpty())
            return HttpResponse::error(GoogleError::invalidArgument(QStringLiteral(
                "* GenerateContentBatch.input_config.requests: at least one request is required.")));
        if (request.body.size() > kMaxInlineBytes)
            return HttpResponse::error(GoogleError::invalidArgument(
                QStringLiteral("Request payload size exceeds the limit: %1 bytes.").arg(kMaxInlineBytes)));
        if (const auto bad = InputValidation::checkInline(record.inlineRequests, record.kind))
            return HttpResponse::error(*bad);
        inputBytes = request.body.size();
    } else {
        return HttpResponse::error(GoogleError::invalidArgument(QStringLiteral(
            "* GenerateContentBatch.input_config: exactly one of file_name or requests is required.")));
    }
    record.estimatedTokens = inputBytes / 4;

    const EmulatorLimits &limits = m_ctx.config.limits;
    if (const auto quota = m_ctx.quotas.checkBatchCreate(record.model, nowUs, limits))
        return HttpResponse::error(*quota);
    if (const auto full = Quotas::checkBatchCapacity(m_ctx.batches.activeCount(),
            m_ctx.batches.enqueuedTokens(record.model), record.estimatedTokens, record.model, limits))
        return HttpResponse::error(*full);

    if (file) {
        record.snapshotPath = m_ctx.files.newDataPath(QStringLiteral("batch-input"));
        if (!FileStore::linkOrCopy(file->path, record.snapshotPath))
            return HttpResponse::error(GoogleError::make(500, QString()));
        record.scan
            = scanInputFile(record.snapshotPath, m_ctx.batches.planner(), m_ctx.config.failedLineRate);
    } else {
        record.scan
            = scanInlineRequests(record.inlineRequests, m_ctx.batches.planner(), m_ctx.config.failedLineRate);
    }
    if (record.scan.readError)
        return HttpResponse::error(GoogleError::make(500, QString()));
    if (record.scan.requestCount == 0)
        return HttpResponse::error(GoogleError::invalidArgument(
            QStringLiteral("The input file files/%1 contains no requests.").arg(record.inputFileId)));

    m_ctx.quotas.noteBatchCreate(record.model, nowUs);
    const BatchRecord &created = m_ctx.batches.create(record, m_ctx.config, nowUs);
    return HttpResponse::json(BatchStore::operationJson(created, nowUs, false));
}

HttpResponse BatchesApi::get(const ApiRoute &route, qint64 nowUs)
{
    const BatchRecord *record = m_ctx.batches.find(route.id);
    if (!record)
        return HttpResponse::error(GoogleError::notFound());
    return HttpResponse::json(BatchStore::operationJson(*record, nowUs, false));
}

HttpResponse BatchesApi::list(const HttpRequest &request, qint64 nowUs)
{
    ListRequest query;
    if (const auto bad = ListRequest::parse(request, m_ctx.config.quirks, &query))
        return HttpResponse::error(*bad);
    if (query.answerEmpty)
        return HttpResponse::json(QJsonObject());
    bool more = false;
    const QList<const BatchRecord *> batches
        = m_ctx.batches.page(query.page.afterSeq, query.page.pageSize, &more);
    QJsonArray operations;
    for (const BatchRecord *b : batches)
        operations.append(BatchStore::operationJson(*b, nowUs, true));
    QJsonObject out;
    if (!operations.isEmpty())
        out.insert(QStringLiteral("operations"), operations);
    if (more)
        out.insert(QStringLiteral("nextPageToken"), paging::encodeToken(batches.last()->seq));
    return HttpResponse::json(out);
}

HttpResponse BatchesApi::cancel(const HttpRequest &request, const ApiRoute &route, qint64 nowUs)
{
    // REF says the body "must be empty"; the SDKs send {} (changes-2026.md row 17).
    QJsonObject body;
    QString error;
    if (!json::parseObject(request.body, &body, &error))
        return HttpResponse::error(GoogleError::invalidArgument(error));
    if (!body.isEmpty())
        return HttpResponse::error(GoogleError::invalidArgument(
            QStringLiteral("Invalid JSON payload received. Unknown name \"%1\": Cannot find field.")
                .arg(body.begin().key())));
    if (!m_ctx.batches.find(route.id))
        return HttpResponse::error(GoogleError::notFound());
    if (!m_ctx.batches.cancel(route.id, nowUs, m_ctx.config))
        return HttpResponse::error(GoogleError::failedPrecondition(
            QStringLiteral("Batch batches/%1 is already in a terminal state and cannot be cancelled.")
                .arg(route.id)));
    return HttpResponse::json(QJsonObject());
}

HttpResponse BatchesApi::remove(const ApiRoute &route, qint64 nowUs)
{
    if (!m_ctx.batches.remove(route.id, nowUs, m_ctx.config.quirks.keepRunningAfterDelete))
        return HttpResponse::error(GoogleError::notFound());
    return HttpResponse::json(QJsonObject());
}

HttpResponse BatchesApi::update(const HttpRequest &request, const ApiRoute &route, qint64 nowUs)
{
    const BatchRecord *record = m_ctx.batches.find(route.id);
    if (!record)
        return HttpResponse::error(GoogleError::notFound());
    const bool embedMethod = route.kind == ApiRoute::Kind::BatchUpdateEmbed;
    if (embedMethod != (record->kind == BatchKind::Embed))
        return HttpResponse::error(GoogleError::invalidArgument(
            QStringLiteral("Batch batches/%1 is not a %2 batch.")
                .arg(route.id,
                    embedMethod ? QStringLiteral("EmbedContent") : QStringLiteral("GenerateContent"))));
    bool wantsName = false, wantsPriority = false;
    if (const auto bad = readUpdateMask(request, &wantsName, &wantsPriority))
        return HttpResponse::error(*bad);
    QJsonObject body;
    QString error;
    if (!json::parseObject(request.body, &body, &error))
        return HttpResponse::error(GoogleError::invalidArgument(error));
    std::optional<QString> displayName;
    std::optional<qint64> priority;
    if (wantsName)
        displayName = json::stringField(body, QLatin1StringView("displayName"));
    if (wantsPriority) {
        const QJsonValue v = json::field(body, QLatin1StringView("priority"));
        priority = v.isUndefined() || v.isNull() ? std::optional<qint64>(0) : json::toInt64(v);
        if (!priority)
            return HttpResponse::error(GoogleError::invalidArgument(
                QStringLiteral("* GenerateContentBatch.priority: must be an int64.")));
    }
    if (!m_ctx.batches.update(route.id, nowUs, displayName, priority))
        return HttpResponse::error(GoogleError::failedPrecondition(
            QStringLiteral("Batch batches/%1 can only be updated while it is BATCH_STATE_PENDING.")
                .arg(route.id)));
    return HttpResponse::json(BatchStore::batchResourceJson(*m_ctx.batches.find(route.id), nowUs));
}

} // namespace bb::emulator
