#include "jsonreader.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

namespace bb::gemini {

QJsonValue JsonReader::lookup(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias) const
{
    QJsonValue value = object.value(key);
    if ((value.isUndefined() || value.isNull()) && !alias.isEmpty())
        value = object.value(alias);
    return value;
}

bool JsonReader::contains(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias) const
{
    const QJsonValue value = lookup(object, key, alias);
    return !value.isUndefined() && !value.isNull();
}

void JsonReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

void JsonReader::wrongType(QLatin1StringView key, const char *expected)
{
    fail(QLatin1StringView("field '") + key + QLatin1StringView("' is not ") + QLatin1StringView(expected));
}

QString JsonReader::string(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias)
{
    const QJsonValue value = lookup(object, key, alias);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString()) {
        wrongType(key, "a string");
        return {};
    }
    return value.toString();
}

qint64 JsonReader::int64(
    const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias, qint64 fallback)
{
    const QJsonValue value = lookup(object, key, alias);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (value.isString()) {
        bool ok = false;
        const qint64 number = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return number;
        wrongType(key, "an int64 string");
        return fallback;
    }
    if (value.isDouble()) {
        const double number = value.toDouble();
        // Beyond 2^53 a JSON number has lost precision already; refuse fractions and infinities.
        if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) <= 9007199254740992.0)
            return qint64(number);
    }
    wrongType(key, "an int64");
    return fallback;
}

int JsonReader::integer(
    const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias, int fallback)
{
    const qint64 number = int64(object, key, alias, fallback);
    if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()) {
        wrongType(key, "a 32-bit integer");
        return fallback;
    }
    return int(number);
}

bool JsonReader::boolean(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias)
{
    const QJsonValue value = lookup(object, key, alias);
    if (value.isUndefined() || value.isNull())
        return false;
    if (!value.isBool()) {
        wrongType(key, "a boolean");
        return false;
    }
    return value.toBool();
}

QDateTime JsonReader::timestamp(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias)
{
    const QString text = string(object, key, alias);
    if (text.isEmpty())
        return {};
    const QDateTime time = parseRfc3339(text);
    if (!time.isValid())
        wrongType(key, "an RFC 3339 timestamp");
    return time;
}

QJsonObject JsonReader::object(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias)
{
    const QJsonValue value = lookup(object, key, alias);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject()) {
        wrongType(key, "an object");
        return {};
    }
    return value.toObject();
}

QJsonArray JsonReader::array(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias)
{
    const QJsonValue value = lookup(object, key, alias);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray()) {
        wrongType(key, "an array");
        return {};
    }
    return value.toArray();
}

QMap<QString, QString> JsonReader::stringMap(
    const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias)
{
    QMap<QString, QString> map;
    const QJsonObject members = this->object(object, key, alias);
    for (auto it = members.begin(); it != members.end(); ++it) {
        if (it.value().isString())
            map.insert(it.key(), it.value().toString());
        else if (it.value().isDouble() || it.value().isBool())
            map.insert(it.key(), it.value().toVariant().toString()); // tolerate unquoted scalars
        else
            wrongType(key, "a map of strings");
    }
    return map;
}

QDateTime parseRfc3339(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})[Tt "
                       "](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return {};
    const auto number = [&match](int group) { return match.capturedView(group).toInt(); };
    const QDate date(number(1), number(2), number(3));
    int milliseconds = 0;
    if (match.hasCaptured(7)) {
        const QString fraction = QString(match.captured(7) + QStringLiteral("00")).left(3);
        milliseconds = fraction.toInt();
    }
    const QTime time(number(4), number(5), number(6), milliseconds);
    if (!date.isValid() || !time.isValid())
        return {};
    int offsetSeconds = 0;
    if (!match.hasCaptured(8)) {
        const int hours = number(10);
        const int minutes = number(11);
        if (hours > 23 || minutes > 59)
            return {};
        offsetSeconds
            = (hours * 3600 + minutes * 60) * (match.capturedView(9) == QLatin1StringView("-") ? -1 : 1);
    }
    return QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
}

double parseDurationSeconds(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+)(?:\\.(\\d{1,9}))?s\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    double seconds = match.capturedView(1).toDouble();
    if (match.hasCaptured(2)) {
        const QStringView fraction = match.capturedView(2);
        seconds += fraction.toDouble() / std::pow(10.0, double(fraction.size()));
    }
    return seconds;
}

bool parseJsonObject(const QByteArray &body, QJsonObject *object, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("reply is not JSON (%1 at offset %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("reply is JSON but not an object");
        return false;
    }
    *object = document.object();
    return true;
}

} // namespace bb::gemini
