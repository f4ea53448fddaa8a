#include "apiroutes.h"

#include <QRegularExpression>

namespace bb::emulator {
namespace {

struct Pattern
{
    QRegularExpression regex;
    QByteArray method;
    ApiRoute::Kind kind;
    QString templ; // "%1" = version
    int idGroup = 2; // capture holding the id (0: none)
    int versionGroup = 1;
};

const QList<Pattern> &patterns()
{
    using K = ApiRoute::Kind;
    const auto re = [](const char *p) { return QRegularExpression(QString::fromLatin1(p)); };
    static const QList<Pattern> list {
        { re("^/upload/(v1beta|v1)/files/?$"), "POST", K::UploadStart, QStringLiteral("/upload/%1/files") },
        { re("^/(v1beta|v1)/upload/(v1beta|v1)/files/?$"), "POST", K::UploadStart,
            QStringLiteral("/%1/upload/%1/files"), 0, 2 },
        { re("^/(v1beta|v1)/files/?$"), "GET", K::FileList, QStringLiteral("/%1/files") },
        { re("^/(v1beta|v1)/files/([^/:]+):download$"), "GET", K::FileDownload,
            QStringLiteral("/%1/files/{id}:download") },
        { re("^/download/(v1beta|v1)/files/([^/:]+):download$"), "GET", K::FileDownload,
            QStringLiteral("/download/%1/files/{id}:download") },
        { re("^/(v1beta|v1)/files/([^/:]+)$"), "GET", K::FileGet, QStringLiteral("/%1/files/{id}") },
        { re("^/(v1beta|v1)/files/([^/:]+)$"), "DELETE", K::FileDelete, QStringLiteral("/%1/files/{id}") },
        { re("^/(v1beta|v1)/models/([^/:]+):batchGenerateContent$"), "POST", K::BatchGenerate,
            QStringLiteral("/%1/models/{model}:batchGenerateContent") },
        { re("^/(v1beta|v1)/models/([^/:]+):asyncBatchEmbedContent$"), "POST", K::BatchEmbed,
            QStringLiteral("/%1/models/{model}:asyncBatchEmbedContent") },
        { re("^/(v1beta|v1)/models/([^/:]+):generateContent$"), "POST", K::GenerateContent,
            QStringLiteral("/%1/models/{model}:generateContent") },
        { re("^/(v1beta|v1)/models/?$"), "GET", K::ModelList, QStringLiteral("/%1/models") },
        { re("^/(v1beta|v1)/models/([^/:]+)$"), "GET", K::ModelGet, QStringLiteral("/%1/models/{model}") },
        { re("^/(v1beta|v1)/batches/?$"), "GET", K::BatchList, QStringLiteral("/%1/batches") },
        { re("^/(v1beta|v1)/batches/([^/:]+):updateGenerateContentBatch$"), "PATCH", K::BatchUpdateGenerate,
            QStringLiteral("/%1/batches/{id}:updateGenerateContentBatch") },
        { re("^/(v1beta|v1)/batches/([^/:]+):updateEmbedContentBatch$"), "PATCH", K::BatchUpdateEmbed,
            QStringLiteral("/%1/batches/{id}:updateEmbedContentBatch") },
        { re("^/(v1beta|v1)/batches/([^/:]+):cancel$"), "POST", K::BatchCancel,
            QStringLiteral("/%1/batches/{id}:cancel") },
        { re("^/(v1beta|v1)/batches/([^/:]+)$"), "GET", K::BatchGet, QStringLiteral("/%1/batches/{id}") },
        { re("^/(v1beta|v1)/batches/([^/:]+)$"), "DELETE", K::BatchDelete,
            QStringLiteral("/%1/batches/{id}") },
    };
    return list;
}

} // namespace

bool ApiRoute::isFilesApi() const
{
    switch (kind) {
    case Kind::UploadStart:
    case Kind::UploadSession:
    case Kind::FileList:
    case Kind::FileGet:
    case Kind::FileDelete:
    case Kind::FileDownload:
        return true;
    default:
        return false;
    }
}

ApiRoute ApiRoute::match(const HttpRequest &request)
{
    ApiRoute r;
    const QString method = QString::fromLatin1(request.method);
    bool pathKnown = false;
    for (const Pattern &p : patterns()) {
        const QRegularExpressionMatch m = p.regex.match(request.path);
        if (!m.hasMatch())
            continue;
        pathKnown = true;
        if (request.method != p.method)
            continue;
        r.kind = p.kind;
        r.version = m.captured(p.versionGroup);
        r.id = p.idGroup > 0 && m.lastCapturedIndex() >= p.idGroup ? m.captured(p.idGroup) : QString();
        r.route = method + QLatin1Char(' ') + p.templ.arg(r.version);
        if (r.kind == Kind::UploadStart && request.query.hasQueryItem(QStringLiteral("upload_id"))) {
            r.kind = Kind::UploadSession;
            r.route += QStringLiteral("?upload_id={id}");
        }
        return r;
    }
    r.kind = pathKnown ? Kind::WrongMethod : Kind::Unknown;
    r.route = method
        + (pathKnown ? QStringLiteral(" (wrong method) ") + request.path : QStringLiteral(" (unknown)"));
    return r;
}

} // namespace bb::emulator
