#include "requestlog.h"

#include "emulatorclock.h"

#include <QJsonDocument>

namespace bb::emulator {

quint64 RequestLog::record(const HttpRequest &request, const QString &route, qint64 nowUs)
{
    m_counts[route] += 1;
    const quint64 seq = m_nextSeq++;

    QJsonObject headers;
    bool hasKeyHeader = false;
    for (const HeaderPair &h : request.headers) {
        if (h.first == "x-goog-api-key") {
            hasKeyHeader = true;
            continue;
        }
        const QString name = QString::fromLatin1(h.first);
        const QString value = QString::fromLatin1(h.second);
        headers.insert(name,
            headers.contains(name) ? headers.value(name).toString() + QStringLiteral(", ") + value : value);
    }
    QUrlQuery query = request.query;
    const bool hasKeyQuery = query.hasQueryItem(QStringLiteral("key"));
    if (hasKeyQuery) {
        query.removeAllQueryItems(QStringLiteral("key"));
        query.addQueryItem(QStringLiteral("key"), QStringLiteral("<redacted>"));
    }

    QJsonObject entry {
        { QStringLiteral("seq"), double(seq) },
        { QStringLiteral("time"), EmulatorClock::rfc3339(nowUs, 6) },
        { QStringLiteral("method"), QString::fromLatin1(request.method) },
        { QStringLiteral("path"), request.path },
        { QStringLiteral("query"), query.toString(QUrl::FullyDecoded) },
        { QStringLiteral("route"), route },
        { QStringLiteral("headers"), headers },
        { QStringLiteral("hasApiKeyHeader"), hasKeyHeader },
        { QStringLiteral("hasApiKeyQuery"), hasKeyQuery },
        { QStringLiteral("bodyBytes"), double(request.body.size()) },
    };
    if (!request.body.isEmpty() && request.body.size() <= kMaxLoggedBody) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
        if (error.error == QJsonParseError::NoError)
            entry.insert(
                QStringLiteral("body"), doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
    }
    m_entries.push_back(entry);
    while (m_entries.size() > kMaxEntries)
        m_entries.pop_front();
    return seq;
}

void RequestLog::setOutcome(quint64 seq, int status, const QString &fault)
{
    if (m_entries.empty())
        return;
    const quint64 first = quint64(m_entries.front().value(QStringLiteral("seq")).toDouble());
    if (seq < first || seq - first >= m_entries.size())
        return;
    QJsonObject &entry = m_entries[size_t(seq - first)];
    if (status > 0)
        entry.insert(QStringLiteral("status"), status);
    if (!fault.isEmpty())
        entry.insert(QStringLiteral("fault"), fault);
}

void RequestLog::clear()
{
    m_counts.clear();
    m_uploadCommands.clear();
    m_entries.clear();
    m_responses429 = 0;
}

QJsonObject RequestLog::requestCounts() const
{
    QJsonObject out;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QJsonObject RequestLog::uploadCommands() const
{
    QJsonObject out;
    for (auto it = m_uploadCommands.cbegin(); it != m_uploadCommands.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QJsonArray RequestLog::entries(quint64 sinceSeq) const
{
    QJsonArray out;
    for (const QJsonObject &e : m_entries) {
        if (quint64(e.value(QStringLiteral("seq")).toDouble()) > sinceSeq)
            out.append(e);
    }
    return out;
}

} // namespace bb::emulator
