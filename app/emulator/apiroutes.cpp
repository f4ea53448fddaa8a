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
};

const QList<Pattern> &patterns()
{
    using K = ApiRoute::Kind;
    const auto re = [](const char *p) { return QRegularExpression(QString::fromLatin1(p)); };
    static const QList<Pattern> list {
        { re("^/upload/(v1beta|v1)/files/?$"), "POST", K::UploadStart, QStringLiteral("/upload/%1/files") },
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
        { re("^/(v1beta|v1)/batches/?$"), "GET", K::BatchList, QStringLiteral("/%1/batches") },
        { re("^/(v1beta|v1)/batches/([^/:]+):cancel$"), "POST", K::BatchCancel,
            QStringLiteral("/%1/batches/{id}:cancel") },
        { re("^/(v1beta|v1)/batches/([^/:]+)$"), "GET", K::BatchGet, QStringLiteral("/%1/batches/{id}") },
        { re("^/(v1beta|v1)/batches/([^/:]+)$"), "DELETE", K::BatchDelete,
            QStringLiteral("/%1/batches/{id}") },
    };
    return list;
}

} // namespace

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
        r.version = m.captured(1);
        r.id = m.lastCapturedIndex() >= 2 ? m.captured(2) : QString();
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
