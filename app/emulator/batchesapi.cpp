#include "batchesapi.h"

#include "emulatorcontext.h"
#include "jsonfields.h"

#include <QFileInfo>

namespace bb::emulator {
namespace {

// "files/abc", "abc" or a full ".../files/abc" URI.
QString fileIdOf(const QString &fileName)
{
    const qsizetype at = fileName.lastIndexOf(QLatin1String("files/"));
    return at >= 0 ? fileName.mid(at + 6) : fileName;
}

} // namespace

BatchesApi::BatchesApi(EmulatorContext &context)
    : m_ctx(context)
{
}

HttpResponse BatchesApi::create(const HttpRequest &request, const ApiRoute &route, qint64 nowUs)
{
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
    record.kind = route.kind == ApiRoute::Kind::BatchEmbed ? BatchKind::Embed : BatchKind::Generate;
    record.model = route.id.startsWith(QLatin1String("models/")) ? route.id.mid(7) : route.id;
    record.displayName = json::stringField(batch, QLatin1StringView("displayName"));
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
    paging::PageRequest page;
    QString problem;
    if (!paging::parsePageRequest(request.queryValue(QStringLiteral("pageSize")),
            request.queryValue(QStringLiteral("pageToken")), &page, &problem))
        return HttpResponse::error(GoogleError::invalidArgument(problem));
    bool more = false;
    const QList<const BatchRecord *> batches = m_ctx.batches.page(page.afterSeq, page.pageSize, &more);
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

HttpResponse BatchesApi::cancel(const ApiRoute &route, qint64 nowUs)
{
    if (!m_ctx.batches.find(route.id))
        return HttpResponse::error(GoogleError::notFound());
    if (!m_ctx.batches.cancel(route.id, nowUs))
        return HttpResponse::error(GoogleError::failedPrecondition(
            QStringLiteral("Batch batches/%1 is already in a terminal state and cannot be cancelled.")
                .arg(route.id)));
    return HttpResponse::json(QJsonObject());
}

HttpResponse BatchesApi::remove(const ApiRoute &route)
{
    if (!m_ctx.batches.remove(route.id))
        return HttpResponse::error(GoogleError::notFound());
    return HttpResponse::json(QJsonObject());
}

} // namespace bb::emulator
