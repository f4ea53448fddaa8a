#pragma once

#include "apiroutes.h"
#include "httpexchange.h"

namespace bb::emulator {

struct EmulatorContext;

// Models API: models.list and models.get over the configured catalog, and a minimal
// models.generateContent answered by ResponseSynth (changes-2026.md row 1).
class ModelsApi final
{
public:
    static constexpr int kDefaultPageSize = 50;
    static constexpr int kMaxPageSize = 1000;

    explicit ModelsApi(EmulatorContext &context);

    HttpResponse list(const HttpRequest &request);
    HttpResponse get(const ApiRoute &route);
    HttpResponse generateContent(const HttpRequest &request, const ApiRoute &route);

private:
    EmulatorContext &m_ctx;
};

} // namespace bb::emulator
