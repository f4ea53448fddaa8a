#pragma once

#include "apiroutes.h"
#include "httpexchange.h"

namespace bb::emulator {

struct EmulatorContext;

// Batch API: create from a file or inline (generateContent and embedContent), get, list,
// cancel and delete (protocol.md §3, §5).
class BatchesApi final
{
public:
    static constexpr qsizetype kMaxInlineBytes = 20 * 1024 * 1024;

    explicit BatchesApi(EmulatorContext &context);

    HttpResponse create(const HttpRequest &request, const ApiRoute &route, qint64 nowUs);
    HttpResponse get(const ApiRoute &route, qint64 nowUs);
    HttpResponse list(const HttpRequest &request, qint64 nowUs);
    HttpResponse cancel(const ApiRoute &route, qint64 nowUs);
    HttpResponse remove(const ApiRoute &route);

private:
    EmulatorContext &m_ctx;
};

} // namespace bb::emulator
