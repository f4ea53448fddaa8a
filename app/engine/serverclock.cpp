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
    m_window.append({ real, serverTime });
    while (m_window.size() > 2 && real - m_window[1].real >= 10'000)
        m_window.removeFirst();
    const Sample &first = m_window.first();
    const qint64 realSpan = real - first.real;
    const qint64 serverSpan = first.server.msecsTo(serverTime);
    // Date headers have one-second resolution: a rate needs either a few real seconds, or — for a
    // fast server — ten server seconds seen over at least three samples that agree with each
    // other (a clock that was set forward once would not).
    bool usable = realSpan >= 3000 && serverSpan >= 0;
    if (!usable && serverSpan >= 10'000 && realSpan > 0 && m_window.size() >= 3) {
        const Sample &middle = m_window[m_window.size() / 2];
        const double firstHalf = double(first.server.msecsTo(middle.server))
            / double(std::max<qint64>(1, middle.real - first.real));
        const double secondHalf
            = double(middle.server.msecsTo(serverTime)) / double(std::max<qint64>(1, real - middle.real));
        usable
            = firstHalf > 0 && secondHalf > 0 && firstHalf / secondHalf < 2.0 && secondHalf / firstHalf < 2.0;
    }
    if (usable) {
        m_rate = std::clamp(double(serverSpan) / double(std::max<qint64>(1, realSpan)), 0.01, 1'000'000.0);
        // Two whole-second Date headers can be up to 2 s off over the span: a pace within that
        // of real time is real time (the real service). Reading 1.6 for it would open every
        // back-off early by as much.
        if (std::abs(m_rate - 1.0) <= 2000.0 / double(std::max<qint64>(1, realSpan)) + 0.05)
            m_rate = 1.0;
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
    const qint64 ms = std::max(floorMs, qint64(std::ceil(double(serverMs) / m_rate)));
    // Until the server's pace is known, look again within a second: waiting a "minute" of a
    // server that runs 600 times faster would waste ten real minutes.
    return m_rateKnown ? ms : std::min<qint64>(ms, std::max<qint64>(floorMs, 1000));
}

qint64 ServerClock::realMsUntil(const QDateTime &serverTime, qint64 floorMs) const
{
    return realMsFor(now().msecsTo(serverTime), floorMs);
}

} // namespace bb
