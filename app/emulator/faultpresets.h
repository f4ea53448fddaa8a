#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace bb::emulator {

// The failure bodies seen in 2026 (changes-2026.md rows 10, 17, 18), usable in a fault rule as
// "preset": "<name>" instead of status and body. Bodies are fixed bytes, so tests can compare them.
class FaultPresets final
{
public:
    static QStringList names();
    static bool isKnown(const QString &name);
    static int status(const QString &name);
    // The JSON body; `model` fills the QuotaFailure model dimension of free-tier-limit-0.
    static QByteArray body(const QString &name, const QString &model);
};

} // namespace bb::emulator
