#pragma once

#include "httpexchange.h"

#include <QJsonObject>

#include <functional>

namespace bb::emulator {

struct EmulatorContext;

// The control API under /emulator/ (no key, never logged, never faulted): state, clock, config,
// faults, reset and the request log. Documented in app/emulator/README.md.
class ControlApi final
{
public:
    ControlApi(EmulatorContext &context, std::function<void()> reset);

    HttpResponse handle(const HttpRequest &request, qint64 nowUs);
    QJsonObject state(qint64 nowUs) const;

private:
    HttpResponse clock(const HttpRequest &request);
    HttpResponse config(const HttpRequest &request);
    HttpResponse faults(const HttpRequest &request);
    HttpResponse requests(const HttpRequest &request);

    EmulatorContext &m_ctx;
    std::function<void()> m_reset;
};

} // namespace bb::emulator
