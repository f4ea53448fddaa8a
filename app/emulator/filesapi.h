#pragma once

#include "apiroutes.h"
#include "httpexchange.h"

namespace bb::emulator {

struct EmulatorContext;
struct UploadSession;

// Files API: resumable upload (start, upload, upload+finalize, query, cancel), get, list,
// delete and download (protocol.md §2).
class FilesApi final
{
public:
    explicit FilesApi(EmulatorContext &context);

    // host[:port] for session URLs when a request carries no Host header.
    void setFallbackHost(const QString &host) { m_fallbackHost = host; }

    HttpResponse startUpload(const HttpRequest &request, const ApiRoute &route, qint64 nowUs);
    HttpResponse sessionCommand(const HttpRequest &request, qint64 nowUs);
    // The `afterBytes` fault: keep the first `bytes` of an upload chunk, as if the connection had
    // dropped after they arrived, so a later `query` reports them.
    void acceptPartialChunk(const HttpRequest &request, qint64 bytes, qint64 nowUs);

    HttpResponse get(const ApiRoute &route, qint64 nowUs);
    HttpResponse remove(const ApiRoute &route);
    HttpResponse list(const HttpRequest &request, qint64 nowUs);
    HttpResponse download(const HttpRequest &request, const ApiRoute &route);

private:
    HttpResponse finalize(UploadSession &session, qint64 nowUs);
    static HttpResponse sessionError(const GoogleError &error, const UploadSession &session);
    static HttpResponse withStatus(HttpResponse response, const UploadSession &session);

    EmulatorContext &m_ctx;
    QString m_fallbackHost;
};

} // namespace bb::emulator
