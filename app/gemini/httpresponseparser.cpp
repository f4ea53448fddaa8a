#include "httpresponseparser.h"

#include <QList>

namespace bb::gemini {

namespace {

bool parseDecimal(QByteArrayView text, qint64 *value)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    qint64 result = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

bool parseHex(QByteArrayView text, qint64 *value)
{
    if (text.isEmpty() || text.size() > 15)
        return false;
    qint64 result = 0;
    for (char c : text) {
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return false;
        result = result * 16 + digit;
    }
    *value = result;
    return true;
}

bool isToken(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

HttpResponseParser::State HttpResponseParser::feed(QByteArrayView data)
{
    if (m_state != State::Incomplete)
        return m_state;
    m_started = m_started || !data.isEmpty();
    m_buffer.append(data.data(), data.size());
    return parse();
}

HttpResponseParser::State HttpResponseParser::endOfStream()
{
    if (m_state != State::Incomplete)
        return m_state;
    if (m_phase == Phase::UntilClose) {
        m_phase = Phase::Done;
        m_state = State::Complete;
        return m_state;
    }
    return fail(m_phase == Phase::Head ? QStringLiteral("the connection closed before a response")
                                       : QStringLiteral("the connection closed inside the response body"));
}

HttpResponseParser::State HttpResponseParser::fail(const QString &problem)
{
    m_problem = problem;
    m_state = State::Failed;
    m_buffer.clear();
    m_consumed = 0;
    return m_state;
}

qsizetype HttpResponseParser::findDelimiter(QByteArrayView delimiter)
{
    // Resume the search where the last one stopped, so that a head or line arriving a byte at a
    // time costs linear, not quadratic, time.
    const qsizetype end = m_buffer.indexOf(delimiter, qMax(m_consumed, m_scanFrom));
    m_scanFrom = end < 0 ? qMax(m_consumed, m_buffer.size() - delimiter.size() + 1) : 0;
    return end;
}

bool HttpResponseParser::takeLine(QByteArray *line)
{
    const qsizetype end = findDelimiter("\r\n");
    if (end < 0)
        return false;
    *line = m_buffer.mid(m_consumed, end - m_consumed);
    m_consumed = end + 2;
    return true;
}

bool HttpResponseParser::appendBody(QByteArrayView data)
{
    if (m_reply.body.size() + data.size() > MaxBodyBytes)
        return false;
    m_reply.body.append(data.data(), data.size());
    return true;
}

HttpResponseParser::State HttpResponseParser::parse()
{
    while (m_state == State::Incomplete) {
        const qsizetype available = m_buffer.size() - m_consumed;
        switch (m_phase) {
        case Phase::Head: {
            const qsizetype end = findDelimiter("\r\n\r\n");
            if (end < 0) {
                if (available > MaxHeadBytes)
                    return fail(QStringLiteral("response headers larger than %1 bytes").arg(MaxHeadBytes));
                goto needMore;
            }
            if (end - m_consumed > MaxHeadBytes)
                return fail(QStringLiteral("response headers larger than %1 bytes").arg(MaxHeadBytes));
            const QByteArrayView head(m_buffer.constData() + m_consumed, end - m_consumed);
            m_consumed = end + 4;
            if (!parseHead(head))
                return m_state;
            break;
        }
        case Phase::FixedBody:
        case Phase::ChunkData: {
            const qint64 take = qMin<qint64>(available, m_remaining);
            if (take > 0 && !appendBody(QByteArrayView(m_buffer.constData() + m_consumed, take)))
                return fail(QStringLiteral("response body larger than %1 bytes").arg(MaxBodyBytes));
            m_consumed += take;
            m_remaining -= take;
            if (m_remaining > 0)
                goto needMore;
            m_phase = m_phase == Phase::FixedBody ? Phase::Done : Phase::ChunkEnd;
            break;
        }
        case Phase::UntilClose:
            if (available > 0 && !appendBody(QByteArrayView(m_buffer.constData() + m_consumed, available)))
                return fail(QStringLiteral("response body larger than %1 bytes").arg(MaxBodyBytes));
            m_consumed += available;
            goto needMore;
        case Phase::ChunkSize: {
            QByteArray line;
            if (!takeLine(&line)) {
                if (available > 1024)
                    return fail(QStringLiteral("malformed chunk size line"));
                goto needMore;
            }
            const qsizetype extension = line.indexOf(';');
            qint64 size = 0;
            if (!parseHex(line.left(extension < 0 ? line.size() : extension).trimmed(), &size))
                return fail(QStringLiteral("malformed chunk size line"));
            if (size > MaxBodyBytes)
                return fail(QStringLiteral("response body larger than %1 bytes").arg(MaxBodyBytes));
            m_remaining = size;
            m_phase = size == 0 ? Phase::Trailer : Phase::ChunkData;
            break;
        }
        case Phase::ChunkEnd:
            if (available < 2)
                goto needMore;
            if (m_buffer.at(m_consumed) != '\r' || m_buffer.at(m_consumed + 1) != '\n')
                return fail(QStringLiteral("malformed chunk (no CRLF after its data)"));
            m_consumed += 2;
            m_phase = Phase::ChunkSize;
            break;
        case Phase::Trailer: {
            QByteArray line;
            if (!takeLine(&line)) {
                if (m_trailerBytes + available > MaxHeadBytes)
                    return fail(QStringLiteral("response trailer larger than %1 bytes").arg(MaxHeadBytes));
                goto needMore;
            }
            m_trailerBytes += line.size() + 2;
            if (m_trailerBytes > MaxHeadBytes)
                return fail(QStringLiteral("response trailer larger than %1 bytes").arg(MaxHeadBytes));
            if (line.isEmpty())
                m_phase = Phase::Done;
            break;
        }
        case Phase::Done:
            m_state = State::Complete;
            m_buffer.clear();
            m_consumed = 0;
            return m_state;
        }
    }
    return m_state;

needMore:
    // Drop what was parsed so that the buffer holds only the unparsed tail.
    if (m_consumed > 0) {
        m_buffer.remove(0, m_consumed);
        m_scanFrom = qMax<qsizetype>(0, m_scanFrom - m_consumed);
        m_consumed = 0;
    }
    return m_state;
}

bool HttpResponseParser::parseHead(QByteArrayView head)
{
    const QList<QByteArrayView> lines = [&] {
        QList<QByteArrayView> result;
        qsizetype start = 0;
        while (start <= head.size()) {
            qsizetype end = head.indexOf(QByteArrayView("\r\n"), start);
            if (end < 0)
                end = head.size();
            result << head.sliced(start, end - start);
            start = end + 2;
        }
        return result;
    }();

    // Status line: HTTP/1.x SP 3DIGIT [SP reason]
    const QByteArrayView statusLine = lines.first();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12 || statusLine.at(8) != ' ') {
        fail(QStringLiteral("not an HTTP/1.x response"));
        return false;
    }
    qint64 status = 0;
    if (!parseDecimal(statusLine.sliced(9, 3), &status) || status < 100
        || (statusLine.size() > 12 && statusLine.at(12) != ' ')) {
        fail(QStringLiteral("malformed HTTP status line"));
        return false;
    }

    QList<QPair<QByteArray, QByteArray>> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            fail(QStringLiteral("malformed response header line"));
            return false;
        }
        headers.append({ line.first(colon).toByteArray(), line.sliced(colon + 1).trimmed().toByteArray() });
    }

    if (status < 200) {
        if (status == 101) {
            fail(QStringLiteral("unexpected protocol switch (HTTP 101)"));
            return false;
        }
        return true; // an interim response: the real one follows
    }

    m_reply.status = int(status);
    m_reply.headers = headers;
    m_persistent = statusLine.startsWith("HTTP/1.1");
    for (const QByteArray &token : m_reply.header("Connection").split(','))
        m_persistent = m_persistent && token.trimmed().toLower() != "close";
    const QByteArray encoding = m_reply.header("Content-Encoding").trimmed().toLower();
    if (!encoding.isEmpty() && encoding != "identity") {
        fail(QStringLiteral("unrequested Content-Encoding '%1'").arg(QString::fromLatin1(encoding)));
        return false;
    }
    if (status == 204 || status == 304) {
        m_phase = Phase::Done;
        return true;
    }
    const QByteArray transfer = m_reply.header("Transfer-Encoding").trimmed().toLower();
    if (!transfer.isEmpty()) {
        if (!transfer.endsWith("chunked")) {
            fail(QStringLiteral("unsupported Transfer-Encoding '%1'").arg(QString::fromLatin1(transfer)));
            return false;
        }
        m_phase = Phase::ChunkSize;
        return true;
    }
    qint64 length = -1;
    for (const auto &[name, value] : headers) {
        if (QByteArrayView(name).compare("Content-Length", Qt::CaseInsensitive) != 0)
            continue;
        qint64 parsed = 0;
        if (!parseDecimal(value, &parsed) || (length >= 0 && parsed != length)) {
            fail(QStringLiteral("malformed Content-Length"));
            return false;
        }
        length = parsed;
    }
    if (length > MaxBodyBytes) {
        fail(QStringLiteral("response body larger than %1 bytes").arg(MaxBodyBytes));
        return false;
    }
    if (length >= 0) {
        m_remaining = length;
        m_phase = length == 0 ? Phase::Done : Phase::FixedBody;
    } else {
        m_phase = Phase::UntilClose;
        m_persistent = false;
    }
    return true;
}

} // namespace bb::gemini
