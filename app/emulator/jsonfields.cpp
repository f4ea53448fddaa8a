#include "jsonfields.h"

#include <QJsonDocument>

#include <cmath>

namespace bb::emulator::json {

QString snakeCase(QLatin1StringView camelName)
{
    QString out;
    out.reserve(camelName.size() + 4);
    for (const char c : camelName) {
        if (c >= 'A' && c <= 'Z') {
            out += QLatin1Char('_');
            out += QLatin1Char(char(c - 'A' + 'a'));
        } else {
            out += QLatin1Char(c);
        }
    }
    return out;
}

QJsonValue field(const QJsonObject &object, QLatin1StringView camelName)
{
    const auto it = object.constFind(camelName);
    if (it != object.constEnd() && !it->isNull() && !it->isUndefined())
        return *it;
    const auto snake = object.constFind(snakeCase(camelName));
    if (snake != object.constEnd())
        return *snake;
    return QJsonValue(QJsonValue::Undefined);
}

QJsonObject objectField(const QJsonObject &object, QLatin1StringView camelName)
{
    return field(object, camelName).toObject();
}

QString stringField(const QJsonObject &object, QLatin1StringView camelName)
{
    return field(object, camelName).toString();
}

std::optional<qint64> toInt64(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15)
            return std::nullopt;
        return qint64(d);
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 v = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return v;
    }
    return std::nullopt;
}

std::optional<double> toDouble(const QJsonValue &value)
{
    if (value.isDouble() && std::isfinite(value.toDouble()))
        return value.toDouble();
    if (value.isString()) {
        bool ok = false;
        const double v = value.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(v))
            return v;
    }
    return std::nullopt;
}

bool parseObject(const QByteArray &body, QJsonObject *out, QString *error)
{
    if (body.trimmed().isEmpty()) {
        *out = QJsonObject();
        return true;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("Invalid JSON payload received. %1 at offset %2.")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("Invalid JSON payload received. Expected an object.");
        return false;
    }
    *out = doc.object();
    return true;
}

QByteArray serialize(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

QByteArray serializeCompact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString int64String(qint64 value)
{
    return QString::number(value);
}

} // namespace bb::emulator::json

namespace bb::emulator::paging {

QString encodeToken(quint64 lastSeq)
{
    return QString::fromLatin1(QByteArray("bbemu:" + QByteArray::number(lastSeq))
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodeToken(const QString &token, quint64 *lastSeq)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("bbemu:"))
        return false;
    bool ok = false;
    *lastSeq = decoded.decoded.mid(6).toULongLong(&ok);
    return ok;
}

bool pageSize(const QString &text, int defaultSize, int maxSize, int *out)
{
    if (text.trimmed().isEmpty()) {
        *out = defaultSize;
        return true;
    }
    bool ok = false;
    const qint64 n = text.trimmed().toLongLong(&ok);
    if (!ok || n < 0)
        return false;
    *out = n == 0 ? defaultSize : int(std::min<qint64>(n, maxSize));
    return true;
}

bool parsePageRequest(const QString &pageSizeText, const QString &pageToken, PageRequest *out, QString *error,
    int defaultSize, int maxSize)
{
    if (!pageSize(pageSizeText, defaultSize, maxSize, &out->pageSize)) {
        *error = QStringLiteral("Invalid pageSize.");
        return false;
    }
    out->afterSeq = 0;
    if (!pageToken.isEmpty() && !decodeToken(pageToken, &out->afterSeq)) {
        *error = QStringLiteral("Invalid page token.");
        return false;
    }
    return true;
}

} // namespace bb::emulator::paging
