#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

namespace bb::gemini {

// Reads fields of server JSON defensively: an absent or null field gives the default, a field of
// the wrong type gives the default and records an error (the first one wins), so a parser can
// read everything and then turn a recorded error into a MalformedResponse. The server writes
// lowerCamelCase; every lookup also accepts an optional snake_case alias.
class JsonReader final
{
public:
    QString string(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {});
    // int64 as a JSON string ("202") or number (202); `fallback` when absent.
    qint64 int64(
        const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {}, qint64 fallback = 0);
    int integer(
        const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {}, int fallback = 0);
    bool boolean(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {});
    // RFC 3339 with 0-9 fractional digits; invalid QDateTime when absent.
    QDateTime timestamp(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {});
    QJsonObject object(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {});
    QJsonArray array(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {});
    // A JSON object of string values (map<string,string> in proto); non-string values are errors.
    QMap<QString, QString> stringMap(
        const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {});

    bool contains(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias = {}) const;

    void fail(const QString &message);
    bool hasError() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }

private:
    QJsonValue lookup(const QJsonObject &object, QLatin1StringView key, QLatin1StringView alias) const;
    void wrongType(QLatin1StringView key, const char *expected);

    QString m_error;
};

// Parses an RFC 3339 timestamp ("2026-03-02T09:14:05.482193Z", 0-9 fractional digits, Z or an
// offset) into a UTC QDateTime (millisecond precision). Invalid QDateTime when it does not parse.
QDateTime parseRfc3339(const QString &text);
// Parses a protobuf Duration in JSON form ("45.837906927s", "10s"); -1 when it does not parse.
double parseDurationSeconds(const QString &text);
// Parses a whole reply body as one JSON object; returns false with a reason otherwise.
bool parseJsonObject(const QByteArray &body, QJsonObject *object, QString *error);

} // namespace bb::gemini
