#include "validationresult.h"

#include <algorithm>

namespace bb {

QString ValidationResult::format(const ValidationError &error) const
{
    if (error.line <= 0)
        return path + QLatin1StringView(": ") + error.reason;
    return path + u':' + QString::number(error.line) + QLatin1StringView(": ") + error.reason;
}

QStringList ValidationResult::messages() const
{
    QStringList list;
    list.reserve(errors.size());
    for (const ValidationError &e : errors)
        list.append(format(e));
    return list;
}

bool ValidationResult::keeps(qint64 line, int cap) const
{
    return cap > 0 && (errors.size() < cap || line < errors.back().line);
}

void ValidationResult::insertError(qint64 line, const QString &reason, int cap)
{
    const auto at = std::upper_bound(
        errors.begin(), errors.end(), line, [](qint64 l, const ValidationError &e) { return l < e.line; });
    errors.insert(at, ValidationError { line, reason });
    if (errors.size() > cap)
        errors.removeLast();
}

} // namespace bb
