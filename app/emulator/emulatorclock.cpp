#include "emulatorclock.h"

#include <QLocale>

#include <cmath>

namespace bb::emulator {

EmulatorClock::EmulatorClock()
{
    reset(1.0);
}

qint64 EmulatorClock::nowUs() const
{
    const double elapsedUs = double(m_real.nsecsElapsed()) / 1000.0;
    return m_baseUs + qint64(std::floor(elapsedUs * m_speed));
}

QDateTime EmulatorClock::now() const
{
    return toDateTime(nowUs());
}

void EmulatorClock::setSpeed(double speed)
{
    if (!(speed > 0.0) || speed > 1e6)
        return;
    m_baseUs = nowUs();
    m_real.restart();
    m_speed = speed;
}

void EmulatorClock::advance(qint64 microseconds)
{
    if (microseconds > 0)
        m_baseUs += microseconds;
}

void EmulatorClock::reset(double speed)
{
    m_baseUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    m_real.start();
    m_speed = (speed > 0.0 && speed <= 1e6) ? speed : 1.0;
}

QDateTime EmulatorClock::toDateTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC);
}

QString EmulatorClock::rfc3339(qint64 us, int fractionDigits)
{
    const qint64 seconds = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
    const qint64 micros = us - seconds * 1000000;
    QString text
        = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    if (fractionDigits > 0) {
        QString fraction = QStringLiteral("%1").arg(micros, 6, 10, QLatin1Char('0'));
        if (fractionDigits == 3)
            fraction.truncate(3);
        else if (fractionDigits == 9)
            fraction += QStringLiteral("000");
        text += QLatin1Char('.') + fraction;
    }
    return text + QLatin1Char('Z');
}

QByteArray EmulatorClock::httpDate(qint64 us)
{
    return QLocale::c()
        .toString(toDateTime(us), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

} // namespace bb::emulator
