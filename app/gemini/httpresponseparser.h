#pragma once

#include "httpreply.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace bb::gemini {

// An incremental HTTP/1.x response parser for UploadChunkSender: status line, headers, and a
// body framed by Content-Length, chunked transfer coding or the end of the connection. Interim
// 1xx responses are skipped. Sizes are capped so that a hostile server cannot make it grow
// without bound, and compressed bodies are refused (the sender never asks for them).
class HttpResponseParser final
{
public:
    static constexpr qsizetype MaxHeadBytes = 64 * 1024;
    static constexpr qsizetype MaxBodyBytes = 16 * 1024 * 1024;

    enum class State
    {
        Incomplete,
        Complete,
        Failed,
    };

    State feed(QByteArrayView data);
    // The connection ended: completes a body that runs until the close, fails anything else.
    State endOfStream();

    State state() const { return m_state; }
    // Whether the status line and headers are in (even if the body is not).
    bool hasHead() const { return m_phase != Phase::Head; }
    QString problem() const { return m_problem; }
    // The parsed response (status, headers, body); valid once Complete.
    const HttpReply &reply() const { return m_reply; }
    // Whether any byte of a response has arrived.
    bool hasStarted() const { return m_started; }
    // Complete, HTTP/1.1, not "Connection: close" and framed by length or chunks: the connection
    // may carry another request.
    bool allowsReuse() const { return m_state == State::Complete && m_persistent; }

private:
    enum class Phase
    {
        Head,
        FixedBody,
        UntilClose,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailer,
        Done,
    };

    State parse();
    bool parseHead(QByteArrayView head);
    bool appendBody(QByteArrayView data);
    State fail(const QString &problem);
    // Index of `delimiter` in the unparsed buffer, or -1 (remembering how far it looked).
    qsizetype findDelimiter(QByteArrayView delimiter);
    // The next CRLF-terminated line of the buffer (without the CRLF), or false when incomplete.
    bool takeLine(QByteArray *line);

    QByteArray m_buffer;
    qsizetype m_consumed = 0; // bytes of m_buffer already parsed
    qsizetype m_scanFrom = 0; // where an unfinished delimiter search goes on
    Phase m_phase = Phase::Head;
    State m_state = State::Incomplete;
    qint64 m_remaining = 0; // of a fixed body or the current chunk
    qsizetype m_trailerBytes = 0;
    bool m_started = false;
    bool m_persistent = false;
    HttpReply m_reply;
    QString m_problem;
};

} // namespace bb::gemini
