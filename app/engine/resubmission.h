#pragma once

#include <QList>
#include <QSet>
#include <QString>

namespace bb {

class ProjectStore;
struct BatchRecord;

// Copies the request lines with the given 1-based ordinals (blank lines do not count) from
// `source` to `destination`, byte for byte, streaming and atomically. Returns an error text or
// an empty string.
QString writeRequestSubset(const QString &source, const QSet<qint64> &ordinals, const QString &destination);

// "batch-011" with one earlier retry → "batch-011-r2".
QString resubmissionName(const QString &parentDisplayName, const QList<BatchRecord> &existing);

} // namespace bb
