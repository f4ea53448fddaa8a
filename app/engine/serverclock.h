#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>

#include <functional>

namespace bb {

// The engine thinks in the server's time: file expiry, retry delays, daily resets and polling
// intervals are all server durations. This clock follows the `Date` header of the server's
// replies — against the real API that is wall time; against an emulator running an accelerated
// or advanced clock it is the emulated time — and converts server durations into real timer
// intervals.
class ServerClock final
{
public:
    using Monotonic = std::function<qint64()>; // real milliseconds, monotonic

    ServerClock();
    explicit ServerClock(Monotonic monotonic);

    // A reply said the server's time was `serverTime` (second resolution, as HTTP Date is).
    void observe(const QDateTime &serverTime);

    QDateTime now() const;
    double rate() const { return m_rate; } // server seconds per real second
    bool isCalibrated() const { return m_rateKnown; }
    // Real milliseconds until `serverMs` of server time have passed, at least `floorMs`.
    qint64 realMsFor(qint64 serverMs, qint64 floorMs = 20) const;
    qint64 realMsUntil(const QDateTime &serverTime, qint64 floorMs = 20) const;

private:
    struct Sample
    {
        qint64 real;
        QDateTime server;
    };

    Monotonic m_monotonic;
    QList<Sample> m_window; // samples since the last jump, the last ~10 real seconds
    double m_rate = 1.0;
    bool m_rateKnown = false;
};

} // namespace bb
