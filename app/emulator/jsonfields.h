#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <map>
#include <optional>

namespace bb::emulator::json {

// Input bodies come in lowerCamelCase (JS SDK) or snake_case (Python SDK, REST docs): look a
// field up under its camelCase name first, then under the snake_case twin.
QJsonValue field(const QJsonObject &object, QLatin1StringView camelName);
QJsonObject objectField(const QJsonObject &object, QLatin1StringView camelName);
QString stringField(const QJsonObject &object, QLatin1StringView camelName);
QString snakeCase(QLatin1StringView camelName);

// int64 values arrive as JSON numbers or as decimal strings.
std::optional<qint64> toInt64(const QJsonValue &value);
std::optional<double> toDouble(const QJsonValue &value);

// Parses a request body that must be a JSON object. An empty body is an empty object.
bool parseObject(const QByteArray &body, QJsonObject *out, QString *error);

QByteArray serialize(const QJsonObject &object);
QByteArray serializeCompact(const QJsonObject &object);
QString int64String(qint64 value);

} // namespace bb::emulator::json

namespace bb::emulator::paging {

// Opaque page tokens: the sequence number of the last item of the previous page, so pages stay
// stable while items are added or deleted between calls.
QString encodeToken(quint64 lastSeq);
bool decodeToken(const QString &token, quint64 *lastSeq);
// pageSize: absent or 0 → `defaultSize`, above maxSize → maxSize; negative or not a number → false.
bool pageSize(const QString &text, int defaultSize, int maxSize, int *out);

// The pageSize and pageToken of a list call (files and batches: default 10, at most 100); false with
// the error message the API answers with when either is invalid.
struct PageRequest
{
    int pageSize = 10;
    quint64 afterSeq = 0;
};
bool parsePageRequest(const QString &pageSizeText, const QString &pageToken, PageRequest *out, QString *error,
    int defaultSize = 10, int maxSize = 100);

// One page of a store's items, newest first, older than `afterSeq` (0: from the newest); `find`
// turns a stored id into the item. `*more` tells whether another page follows.
template<typename Find>
auto newestFirst(
    const std::map<quint64, QString> &bySeq, quint64 afterSeq, int pageSize, bool *more, Find find)
{
    QList<decltype(find(QString()))> out;
    *more = false;
    auto it = afterSeq == 0 ? bySeq.end() : bySeq.lower_bound(afterSeq);
    while (it != bySeq.begin()) {
        --it;
        if (out.size() == pageSize) {
            *more = true;
            break;
        }
        out.append(find(it->second));
    }
    return out;
}

} // namespace bb::emulator::paging
