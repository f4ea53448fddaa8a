#pragma once

#include "apiroutes.h"
#include "httpexchange.h"

namespace bb::emulator {

struct EmulatorContext;

// Batch API: create from a file or inline (generateContent and embedContent), get, list, cancel,
// delete and update (protocol.md §3, §5; changes-2026.md rows 2, 4, 8, 9, 11).
class BatchesApi final
{
public:
    static constexpr qsizetype kMaxInlineBytes = 20 * 1024 * 1024;

    explicit BatchesApi(EmulatorContext &context);

    HttpResponse create(const HttpRequest &request, const ApiRoute &route, qint64 nowUs);
    HttpResponse get(const ApiRoute &route, qint64 nowUs);
    HttpResponse list(const HttpRequest &request, qint64 nowUs);
    HttpResponse cancel(const HttpRequest &request, const ApiRoute &route, qint64 nowUs);
    HttpResponse remove(const ApiRoute &route, qint64 nowUs);
    // PATCH …:updateGenerateContentBatch / :updateEmbedContentBatch?updateMask=displayName,priority
    HttpResponse update(const HttpRequest &request, const ApiRoute &route, qint64 nowUs);

private:
    EmulatorContext &m_ctx;
};

} // namespace bb::emulator
