#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace bb {

class ProjectStore;
struct BatchRecord;

// Copies request lines from `source` to `destination`, streaming and atomically: those with the
// given 1-based ordinals (blank lines do not count), or all when `ordinals` is null. A line whose
// ordinal is in `keysToAdd` had no key and gets that one as its first member; a UTF-8 byte-order
// mark is dropped and every line ends in '\n' (CRLF becomes LF); other bytes are copied as they are. Returns
// an error text or an empty string.
QString writeRequestCopy(const QString &source, const QSet<qint64> *ordinals,
    const QHash<qint64, QString> &keysToAdd, const QString &destination);
inline QString writeRequestSubset(
    const QString &source, const QSet<qint64> &ordinals, const QString &destination)
{
    return writeRequestCopy(source, &ordinals, {}, destination);
}

// writeRequestCopy, then the size and SHA-256 of what was written.
struct WrittenRequestCopy
{
    QString error;
    qint64 size = 0;
    QString sha256; // lowercase hex
};
WrittenRequestCopy writeHashedRequestCopy(const QString &source, const QSet<qint64> *ordinals,
    const QHash<qint64, QString> &keysToAdd, const QString &destination);

// "batch-011" with one earlier retry → "batch-011-r2".
QString resubmissionName(const QString &parentDisplayName, const QList<BatchRecord> &existing);

} // namespace bb
