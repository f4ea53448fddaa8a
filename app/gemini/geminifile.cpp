#include "geminifile.h"

#include "jsonreader.h"

#include <QRegularExpression>

namespace bb::gemini {

namespace {

bool isHexDigest(const QByteArray &text)
{
    if (text.size() != 64)
        return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

} // namespace

QString GeminiFile::id() const
{
    return fileIdFromName(name);
}

QString GeminiFile::sha256Hex() const
{
    const auto result
        = QByteArray::fromBase64Encoding(sha256Hash.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return {};
    const QByteArray &decoded = result.decoded;
    if (isHexDigest(decoded))
        return QString::fromLatin1(decoded.toLower());
    if (decoded.size() == 32)
        return QString::fromLatin1(decoded.toHex());
    return {};
}

GeminiFile::State GeminiFile::stateFromString(const QString &name)
{
    if (name.isEmpty() || name == QLatin1StringView("STATE_UNSPECIFIED"))
        return State::Unspecified;
    if (name == QLatin1StringView("PROCESSING"))
        return State::Processing;
    if (name == QLatin1StringView("ACTIVE"))
        return State::Active;
    if (name == QLatin1StringView("FAILED"))
        return State::Failed;
    return State::Unknown;
}

bool GeminiFile::fromJson(const QJsonObject &object, GeminiFile *file, QString *error)
{
    JsonReader reader;
    GeminiFile parsed;
    parsed.name = reader.string(object, QLatin1StringView("name"));
    parsed.displayName
        = reader.string(object, QLatin1StringView("displayName"), QLatin1StringView("display_name"));
    parsed.mimeType = reader.string(object, QLatin1StringView("mimeType"), QLatin1StringView("mime_type"));
    parsed.sizeBytes
        = reader.int64(object, QLatin1StringView("sizeBytes"), QLatin1StringView("size_bytes"), -1);
    parsed.createTime
        = reader.timestamp(object, QLatin1StringView("createTime"), QLatin1StringView("create_time"));
    parsed.updateTime
        = reader.timestamp(object, QLatin1StringView("updateTime"), QLatin1StringView("update_time"));
    parsed.expirationTime
        = reader.timestamp(object, QLatin1StringView("expirationTime"), QLatin1StringView("expiration_time"));
    parsed.sha256Hash
        = reader.string(object, QLatin1StringView("sha256Hash"), QLatin1StringView("sha256_hash"));
    parsed.uri = QUrl(reader.string(object, QLatin1StringView("uri")));
    parsed.downloadUri
        = QUrl(reader.string(object, QLatin1StringView("downloadUri"), QLatin1StringView("download_uri")));
    parsed.stateName = reader.string(object, QLatin1StringView("state"));
    parsed.state = stateFromString(parsed.stateName);
    parsed.source = reader.string(object, QLatin1StringView("source"));
    const QJsonObject status = reader.object(object, QLatin1StringView("error"));
    if (!status.isEmpty())
        parsed.error = RpcStatus::fromJson(status, reader);

    if (!reader.hasError() && parsed.name.isEmpty())
        reader.fail(QStringLiteral("file without a name"));
    if (reader.hasError()) {
        *error = QStringLiteral("malformed File: ") + reader.error();
        return false;
    }
    *file = parsed;
    return true;
}

bool FilePage::fromJson(const QJsonObject &object, FilePage *page, QString *error)
{
    JsonReader reader;
    FilePage parsed;
    const QJsonArray files = reader.array(object, QLatin1StringView("files"));
    parsed.nextPageToken
        = reader.string(object, QLatin1StringView("nextPageToken"), QLatin1StringView("next_page_token"));
    if (reader.hasError()) {
        *error = QStringLiteral("malformed file list: ") + reader.error();
        return false;
    }
    parsed.files.reserve(files.size());
    for (const QJsonValue &value : files) {
        if (!value.isObject()) {
            *error = QStringLiteral("malformed file list: an entry is not an object");
            return false;
        }
        GeminiFile file;
        if (!GeminiFile::fromJson(value.toObject(), &file, error))
            return false;
        parsed.files.append(file);
    }
    *page = parsed;
    return true;
}

bool isGeneratedOutputId(const QString &fileId)
{
    return fileId.startsWith(QLatin1StringView("batch-"));
}

QString fileIdFromName(const QString &nameOrUri)
{
    QString text = nameOrUri.trimmed();
    const qsizetype marker = text.lastIndexOf(QLatin1StringView("files/"));
    if (marker >= 0)
        text = text.mid(marker + 6);
    // A URI may carry a query or a method suffix; the id is a plain path segment.
    static const QRegularExpression separators(QStringLiteral("[?#:/]"));
    const qsizetype end = text.indexOf(separators);
    if (end >= 0)
        text.truncate(end);
    return text;
}

} // namespace bb::gemini
