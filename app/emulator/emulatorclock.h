#pragma once

#include <QDateTime>
#include <QElapsedTimer>

namespace bb::emulator {

// Emulated time: the wall time at start plus real elapsed time × speed plus everything added by
// advance(). Changing the speed re-bases the clock, so emulated time never jumps or runs backwards.
// Times are microseconds since the Unix epoch (UTC).
class EmulatorClock final
{
public:
    EmulatorClock();

    qint64 nowUs() const;
    QDateTime now() const;

    double speed() const { return m_speed; }
    void setSpeed(double speed);
    void advance(qint64 microseconds);
    // Back to wall time at the given speed.
    void reset(double speed);

    static QDateTime toDateTime(qint64 us);
    // RFC 3339 UTC with exactly `fractionDigits` (0, 3, 6 or 9) fractional digits.
    static QString rfc3339(qint64 us, int fractionDigits = 6);
    // RFC 7231 IMF-fixdate, for the Date header.
    static QByteArray httpDate(qint64 us);

private:
    QElapsedTimer m_real;
    qint64 m_baseUs = 0; // emulated time when m_real was last restarted
    double m_speed = 1.0;
};

} // namespace bb::emulator
