#include "serverclock.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace bb {

ServerClock::ServerClock()
    : ServerClock([timer = std::make_shared<QElapsedTimer>()]() -> qint64 {
        if (!timer->isValid())
            timer->start();
        return timer->elapsed();
    })
{
}

ServerClock::ServerClock(Monotonic monotonic)
    : m_monotonic(std::move(monotonic))
{
}

void ServerClock::observe(const QDateTime &serverTime)
{
    if (!serverTime.isValid())
        return;
    const qint64 real = m_monotonic();
    if (!m_window.isEmpty() && m_rateKnown) {
        // Far ahead of (or behind) what the known rate predicts: the server's clock was set,
        // not running fast. Start a new window; the rate stays what it was.
        const Sample &last = m_window.last();
        const double expectedMs = double(real - last.real) * m_rate;
        const double seenMs = double(last.server.msecsTo(serverTime));
        const double tolerance = std::max(60'000.0, 10.0 * expectedMs) + 2000.0;
        if (std::abs(seenMs - expectedMs) > tolerance)
            m_window.clear();
    }
    m_window.append({real, serverTime});
    while (m_window.size() > 2 && real - m_window[1].real >= 10'000)
        m_window.removeFirst();
    const Sample &first = m_window.first();
    const qint64 realSpan = real - first.real;
    const qint64 serverSpan = first.server.msecsTo(serverTime);
    // Date headers have one-second resolution: only a span of a few seconds gives a rate.
    if (realSpan >= 3000 && serverSpan >= 0) {
        m_rate = std::clamp(double(serverSpan) / double(realSpan), 0.01, 1'000'000.0);
        m_rateKnown = true;
    }
}

QDateTime ServerClock::now() const
{
    if (m_window.isEmpty())
        return QDateTime::currentDateTimeUtc();
    // Extrapolate from the window's start with the window's rate: smoother than from the last
    // (quantised) sample.
    const Sample &base = m_rateKnown && m_window.size() > 1 ? m_window.first() : m_window.last();
    return base.server.addMSecs(qint64(double(m_monotonic() - base.real) * m_rate));
}

qint64 ServerClock::realMsFor(qint64 serverMs, qint64 floorMs) const
{
    if (serverMs <= 0)
        return floorMs;
    return std::max(floorMs, qint64(std::ceil(double(serverMs) / m_rate)));
}

qint64 ServerClock::realMsUntil(const QDateTime &serverTime, qint64 floorMs) const
{
    return realMsFor(now().msecsTo(serverTime), floorMs);
}

} // namespace bb
