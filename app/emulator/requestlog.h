#pragma once

#include "httpexchange.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <deque>

namespace bb::emulator {

// Counters per route template and a bounded log of recent API requests (not /emulator/ calls),
// so tests can check what a client really sent. The API key's value is never recorded.
class RequestLog final
{
public:
    static constexpr size_t kMaxEntries = 2000;
    static constexpr qsizetype kMaxLoggedBody = 256 * 1024;

    quint64 record(const HttpRequest &request, const QString &route, qint64 nowUs);
    void setOutcome(quint64 seq, int status, const QString &fault = {});
    void countUploadCommand(const QString &command) { m_uploadCommands[command] += 1; }
    void count429() { ++m_responses429; }
    void clear();

    QJsonObject requestCounts() const;
    QJsonObject uploadCommands() const;
    int responses429() const { return m_responses429; }
    QJsonArray entries(quint64 sinceSeq) const;

private:
    QHash<QString, int> m_counts;
    QHash<QString, int> m_uploadCommands;
    std::deque<QJsonObject> m_entries;
    quint64 m_nextSeq = 1;
    int m_responses429 = 0;
};

} // namespace bb::emulator
