#include "resubmission.h"

#include "batchrecord.h"

#include <QFile>
#include <QSaveFile>

namespace bb {

QString writeRequestSubset(const QString &source, const QSet<qint64> &ordinals, const QString &destination)
{
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly))
        return QStringLiteral("%1: %2").arg(source, in.errorString());
    QSaveFile out(destination);
    if (!out.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(destination, out.errorString());

    qint64 ordinal = 0;
    qint64 written = 0;
    QByteArray line;
    while (!in.atEnd() && written < ordinals.size()) {
        line = in.readLine(); // whole line, however long
        if (line.isEmpty() && in.error() != QFileDevice::NoError)
            return QStringLiteral("%1: %2").arg(source, in.errorString());
        if (line.trimmed().isEmpty())
            continue;
        if (!ordinals.contains(++ordinal))
            continue;
        if (!line.endsWith('\n'))
            line.append('\n');
        if (out.write(line) != line.size())
            return QStringLiteral("%1: %2").arg(destination, out.errorString());
        ++written;
    }
    if (written != ordinals.size()) {
        out.cancelWriting();
        return QStringLiteral("%1 has fewer requests than the project recorded").arg(source);
    }
    if (!out.commit())
        return QStringLiteral("%1: %2").arg(destination, out.errorString());
    return {};
}

QString resubmissionName(const QString &parentDisplayName, const QList<BatchRecord> &existing)
{
    int next = 1;
    const QString prefix = parentDisplayName + QStringLiteral("-r");
    for (const BatchRecord &r : existing) {
        if (r.displayName.startsWith(prefix)) {
            bool ok = false;
            const int n = r.displayName.mid(prefix.size()).toInt(&ok);
            if (ok && n >= next)
                next = n + 1;
        }
    }
    return prefix + QString::number(next);
}

} // namespace bb
