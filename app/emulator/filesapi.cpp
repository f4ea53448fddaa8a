#include "filesapi.h"

#include "emulatorcontext.h"
#include "jsonfields.h"
#include "listrequest.h"

#include <QJsonDocument>
#include <QSet>

namespace bb::emulator {
namespace {

const QByteArray kStatusHeader = QByteArrayLiteral("X-Goog-Upload-Status");

// The cookbook's curl start body is single-quoted pseudo-JSON that the real server tolerated.
bool parseStartBody(const QByteArray &body, QJsonObject *out, QString *error)
{
    if (json::parseObject(body, out, error))
        return true;
    QByteArray relaxed = body;
    relaxed.replace('\'', '"');
    QString ignored;
    return body.contains('\'') && !body.contains('"') && json::parseObject(relaxed, out, &ignored);
}

QSet<QString> commandsOf(const HttpRequest &request)
{
    QSet<QString> out;
    const QList<QByteArray> parts = request.header("x-goog-upload-command").split(',');
    for (const QByteArray &p : parts) {
        const QString c = QString::fromLatin1(p.trimmed().toLower());
        if (!c.isEmpty())
            out.insert(c);
    }
    return out;
}

std::optional<qint64> headerInt(const HttpRequest &request, QByteArrayView name)
{
    bool ok = false;
    const qint64 v = request.header(name).trimmed().toLongLong(&ok);
    if (!ok || v < 0)
        return std::nullopt;
    return v;
}

QString stripFilesPrefix(const QString &name)
{
    return name.startsWith(QLatin1String("files/")) ? name.mid(6) : name;
}

} // namespace

FilesApi::FilesApi(EmulatorContext &context)
    : m_ctx(context)
{
}

HttpResponse FilesApi::withStatus(HttpResponse response, const UploadSession &session)
{
    response.setHeader(kStatusHeader, UploadSession::statusName(session.status).toLatin1());
    return response;
}

HttpResponse FilesApi::sessionError(const GoogleError &error, const UploadSession &session)
{
    HttpResponse r = withStatus(HttpResponse::error(error), session);
    r.setHeader(QByteArrayLiteral("X-Goog-Upload-Size-Received"), QByteArray::number(session.received));
    return r;
}

HttpResponse FilesApi::startUpload(const HttpRequest &request, const ApiRoute &route, qint64 nowUs)
{
    const QByteArray protocol = request.header("x-goog-upload-protocol").trimmed().toLower();
    const QSet<QString> commands = commandsOf(request);
    if ((!protocol.isEmpty() && protocol != "resumable") || !commands.contains(QStringLiteral("start")))
        return HttpResponse::error(GoogleError::invalidArgument(
            QStringLiteral("Only resumable uploads are supported: send X-Goog-Upload-Protocol: resumable and "
                           "X-Goog-Upload-Command: start.")));

    QJsonObject body;
    QString error;
    if (!parseStartBody(request.body, &body, &error))
        return HttpResponse::error(GoogleError::invalidArgument(error));
    const QJsonValue fileValue = json::field(body, QLatin1StringView("file"));
    const QJsonObject file = fileValue.isObject() ? fileValue.toObject() : body;

    qint64 declared = -1;
    if (request.hasHeader("x-goog-upload-header-content-length")) {
        const auto v = headerInt(request, "x-goog-upload-header-content-length");
        if (!v)
            return HttpResponse::error(
                GoogleError::invalidArgument(QStringLiteral("Invalid X-Goog-Upload-Header-Content-Length.")));
        declared = *v;
    } else if (const auto v = json::toInt64(json::field(file, QLatin1StringView("sizeBytes")));
               v && *v >= 0) {
        declared = *v;
    }

    QString mime = QString::fromLatin1(request.header("x-goog-upload-header-content-type")).trimmed();
    if (mime.isEmpty())
        mime = json::stringField(file, QLatin1StringView("mimeType")).trimmed();
    if (mime.isEmpty())
        mime = QStringLiteral("application/octet-stream");

    const QString displayName = json::stringField(file, QLatin1StringView("displayName"));
    if (displayName.size() > 512)
        return HttpResponse::error(GoogleError::invalidArgument(
            QStringLiteral("* File.display_name: must be at most 512 characters.")));

    const QString requested = stripFilesPrefix(json::stringField(file, QLatin1StringView("name")));
    if (!requested.isEmpty()) {
        if (!FileStore::isValidId(requested))
            return HttpResponse::error(GoogleError::invalidArgument(QStringLiteral(
                "* File.name: File ID must be at most 40 characters of [a-z0-9-] and may not start "
                "or end with '-'.")));
        if (m_ctx.files.contains(requested))
            return HttpResponse::error(
                GoogleError::alreadyExists(QStringLiteral("File files/%1 already exists.").arg(requested)));
    }

    const EmulatorLimits &limits = m_ctx.config.limits;
    if (declared > limits.maxFileBytes)
        return HttpResponse::error(GoogleError::invalidArgument(
            QStringLiteral("File size %1 bytes exceeds the maximum allowed file size of %2 bytes.")
                .arg(declared)
                .arg(limits.maxFileBytes)));
    if (const auto quota = m_ctx.quotas.checkUploadStart(nowUs, limits))
        return HttpResponse::error(*quota);
    if (const auto full
        = Quotas::checkStorage(m_ctx.files.uploadedBytes(), std::max<qint64>(declared, 0), limits))
        return HttpResponse::error(*full);

    UploadSession *session = m_ctx.uploads.start(nowUs);
    if (!session)
        return HttpResponse::error(GoogleError::make(500, QString()));
    session->version = route.version;
    session->displayName = displayName;
    session->mimeType = mime;
    session->requestedId = requested;
    session->declaredSize = declared;
    m_ctx.quotas.noteUploadStart(nowUs);

    const QString host = request.host.isEmpty() ? m_fallbackHost : request.host;
    const QString url = QStringLiteral("http://%1/upload/%2/files?upload_id=%3&upload_protocol=resumable")
                            .arg(host, route.version, session->id);
    HttpResponse r = withStatus(HttpResponse::empty(200), *session);
    r.setHeader(QByteArrayLiteral("X-Goog-Upload-URL"), url.toLatin1());
    r.setHeader(QByteArrayLiteral("X-GUploader-UploadID"), session->id.toLatin1());
    return r;
}

HttpResponse FilesApi::sessionCommand(const HttpRequest &request, qint64 nowUs)
{
    UploadSession *session = m_ctx.uploads.find(request.queryValue(QStringLiteral("upload_id")), nowUs);
    if (!session)
        return HttpResponse::error(
            GoogleError::notFound(QStringLiteral("Upload session not found or expired.")));

    const QSet<QString> commands = commandsOf(request);
    static const QSet<QString> known { QStringLiteral("upload"), QStringLiteral("finalize"),
        QStringLiteral("query"), QStringLiteral("cancel") };
    if (commands.isEmpty() || !(commands - known).isEmpty())
        return sessionError(
            GoogleError::invalidArgument(QStringLiteral("Missing or unsupported X-Goog-Upload-Command.")),
            *session);

    if (commands.contains(QStringLiteral("query"))) {
        HttpResponse r = HttpResponse::empty(200);
        const StoredFile *file
            = session->status == UploadSession::Status::Final ? m_ctx.files.find(session->fileId) : nullptr;
        if (file)
            r = HttpResponse::json(
                QJsonObject { { QStringLiteral("file"), FileStore::toJson(*file, nowUs) } });
        r.setHeader(QByteArrayLiteral("X-Goog-Upload-Size-Received"), QByteArray::number(session->received));
        return withStatus(r, *session);
    }

    if (session->status == UploadSession::Status::Final)
        return sessionError(
            GoogleError::invalidArgument(QStringLiteral("The upload session is already finalized.")),
            *session);
    if (session->status == UploadSession::Status::Cancelled)
        return sessionError(
            GoogleError::invalidArgument(QStringLiteral("The upload session was cancelled.")), *session);

    if (commands.contains(QStringLiteral("cancel"))) {
        m_ctx.uploads.cancel(*session);
        return withStatus(HttpResponse::empty(200), *session);
    }

    if (commands.contains(QStringLiteral("upload"))) {
        const auto offset = headerInt(request, "x-goog-upload-offset");
        if (!offset)
            return sessionError(
                GoogleError::invalidArgument(QStringLiteral("Missing or invalid X-Goog-Upload-Offset.")),
                *session);
        if (*offset != session->received)
            return sessionError(GoogleError::invalidArgument(QStringLiteral(
                                    "Invalid X-Goog-Upload-Offset %1: the upload session has received "
                                    "%2 bytes.")
                                                                 .arg(*offset)
                                                                 .arg(session->received)),
                *session);
        const qint64 after = session->received + request.body.size();
        if (session->declaredSize >= 0 && after > session->declaredSize)
            return sessionError(GoogleError::invalidArgument(
                                    QStringLiteral("The upload exceeds the declared size of %1 bytes.")
                                        .arg(session->declaredSize)),
                *session);
        if (after > m_ctx.config.limits.maxFileBytes)
            return sessionError(GoogleError::invalidArgument(QStringLiteral(
                                    "File size exceeds the maximum allowed file size of %1 bytes.")
                                                                 .arg(m_ctx.config.limits.maxFileBytes)),
                *session);
        if (!m_ctx.uploads.append(*session, request.body.constData(), request.body.size()))
            return sessionError(GoogleError::make(500, QString()), *session);
    } else if (!request.body.isEmpty()) {
        return sessionError(
            GoogleError::invalidArgument(QStringLiteral("A finalize without 'upload' must not carry data.")),
            *session);
    }

    if (commands.contains(QStringLiteral("finalize")))
        return finalize(*session, nowUs);
    return withStatus(HttpResponse::empty(200), *session);
}

HttpResponse FilesApi::finalize(UploadSession &session, qint64 nowUs)
{
    if (session.declaredSize >= 0 && session.received != session.declaredSize)
        return sessionError(
            GoogleError::invalidArgument(QStringLiteral("The upload was finalized after %1 bytes but "
                                                        "X-Goog-Upload-Header-Content-Length declared %2.")
                                             .arg(session.received)
                                             .arg(session.declaredSize)),
            session);
    if (session.declaredSize < 0) {
        if (const auto full
            = Quotas::checkStorage(m_ctx.files.uploadedBytes(), session.received, m_ctx.config.limits))
            return sessionError(*full, session);
    }
    if (!session.requestedId.isEmpty() && m_ctx.files.contains(session.requestedId))
        return sessionError(GoogleError::alreadyExists(
                                QStringLiteral("File files/%1 already exists.").arg(session.requestedId)),
            session);

    StoredFile file;
    file.id = session.requestedId.isEmpty() ? m_ctx.files.newId() : session.requestedId;
    file.displayName = session.displayName;
    file.mimeType = session.mimeType;
    file.sizeBytes = session.received;
    file.createUs = file.updateUs = nowUs;
    file.expireUs = nowUs + m_ctx.config.fileTtlSeconds * 1000000;
    file.activeAtUs = nowUs + qint64(m_ctx.config.fileProcessingSeconds * 1e6);
    file.sha256Hex = m_ctx.uploads.finish(session);
    file.path = session.path;
    session.fileId = file.id;
    const StoredFile &stored = m_ctx.files.add(file);
    return withStatus(
        HttpResponse::json(QJsonObject { { QStringLiteral("file"), FileStore::toJson(stored, nowUs) } }),
        session);
}

void FilesApi::acceptPartialChunk(const HttpRequest &request, qint64 bytes, qint64 nowUs)
{
    UploadSession *session = m_ctx.uploads.find(request.queryValue(QStringLiteral("upload_id")), nowUs);
    if (!session || session->status != UploadSession::Status::Active
        || !commandsOf(request).contains(QStringLiteral("upload")))
        return;
    const auto offset = headerInt(request, "x-goog-upload-offset");
    if (!offset || *offset != session->received)
        return;
    qint64 n = std::min<qint64>(bytes, request.body.size());
    if (session->declaredSize >= 0)
        n = std::min(n, session->declaredSize - session->received);
    m_ctx.uploads.append(*session, request.body.constData(), std::max<qint64>(0, n));
}

HttpResponse FilesApi::get(const ApiRoute &route, qint64 nowUs)
{
    if (route.id.size() > 40)
        return HttpResponse::error(GoogleError::fileIdTooLong());
    const StoredFile *file = m_ctx.files.find(route.id);
    if (!file)
        return HttpResponse::error(GoogleError::fileNotAccessible(route.id));
    return HttpResponse::json(FileStore::toJson(*file, nowUs));
}

HttpResponse FilesApi::remove(const ApiRoute &route)
{
    // Same refusal (and wording) as files.get for the 42-character results ids (changes-2026.md row 6).
    if (route.id.size() > 40)
        return HttpResponse::error(GoogleError::fileIdTooLong());
    if (!m_ctx.files.remove(route.id))
        return HttpResponse::error(GoogleError::fileNotAccessible(route.id));
    return HttpResponse::json(QJsonObject());
}

HttpResponse FilesApi::list(const HttpRequest &request, qint64 nowUs)
{
    ListRequest query;
    if (const auto bad = ListRequest::parse(request, m_ctx.config.quirks, &query))
        return HttpResponse::error(*bad);
    if (query.answerEmpty)
        return HttpResponse::json(QJsonObject());
    bool more = false;
    const QList<const StoredFile *> files = m_ctx.files.page(query.page.afterSeq, query.page.pageSize, &more);
    QJsonObject out;
    QJsonArray array;
    for (const StoredFile *f : files)
        array.append(FileStore::toJson(*f, nowUs));
    if (!array.isEmpty())
        out.insert(QStringLiteral("files"), array);
    if (more)
        out.insert(QStringLiteral("nextPageToken"), paging::encodeToken(files.last()->seq));
    return HttpResponse::json(out);
}

HttpResponse FilesApi::download(const HttpRequest &request, const ApiRoute &route)
{
    if (request.queryValue(QStringLiteral("alt")) != QLatin1String("media"))
        return HttpResponse::error(
            GoogleError::invalidArgument(QStringLiteral("Downloading file content requires alt=media.")));
    const StoredFile *file = m_ctx.files.find(route.id);
    // A results file whose batch was deleted (or whose retention ended) is 404, not the 403 of
    // an uploaded file (changes-2026.md row 6).
    if (!file && route.id.size() > 40)
        return HttpResponse::error(GoogleError::notFound());
    if (!file)
        return HttpResponse::error(GoogleError::fileNotAccessible(route.id));
    if (!file->generated)
        return HttpResponse::error(GoogleError::invalidArgument(QStringLiteral(
            "Cannot download file files/%1: only files generated by the API can be downloaded.")
                                                                    .arg(route.id)));
    HttpResponse r;
    r.headers.append({ QByteArrayLiteral("Content-Type"), file->mimeType.toLatin1() });
    r.filePath = file->path;
    return r;
}

} // namespace bb::emulator
