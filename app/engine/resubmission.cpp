#include "resubmission.h"

#include "batchrecord.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <utility>

namespace bb {

namespace {

// `{"request":…}` → `{"key":"k","request":…}`
QByteArray withKey(const QByteArray &line, const QString &key)
{
    const qsizetype brace = line.indexOf('{');
    QByteArray keyJson = QJsonDocument(QJsonArray { key }).toJson(QJsonDocument::Compact);
    keyJson = keyJson.mid(1, keyJson.size() - 2); // the string alone, escaped as JSON
    const QByteArray rest = line.mid(brace + 1);
    return line.left(brace + 1) + "\"key\":" + keyJson + (rest.trimmed().startsWith('}') ? "" : ",") + rest;
}

} // namespace

QString writeRequestCopy(const QString &source, const QSet<qint64> *ordinals,
    const QHash<qint64, QString> &keysToAdd, const QString &destination)
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
    bool first = true;
    while (!in.atEnd() && (!ordinals || written < ordinals->size())) {
        line = in.readLine(); // whole line, however long
        if (line.isEmpty() && in.error() != QFileDevice::NoError)
            return QStringLiteral("%1: %2").arg(source, in.errorString());
        if (std::exchange(first, false) && line.startsWith("\xEF\xBB\xBF"))
            line.remove(0, 3);
        if (line.trimmed().isEmpty())
            continue;
        ++ordinal;
        if (ordinals && !ordinals->contains(ordinal))
            continue;
        if (const auto key = keysToAdd.constFind(ordinal); key != keysToAdd.cend())
            line = withKey(line, *key);
        if (line.endsWith("\r\n"))
            line.remove(line.size() - 2, 1);
        if (!line.endsWith('\n'))
            line.append('\n');
        if (out.write(line) != line.size())
            return QStringLiteral("%1: %2").arg(destination, out.errorString());
        ++written;
    }
    if (ordinals && written != ordinals->size()) {
        out.cancelWriting();
        return QStringLiteral("%1 has fewer requests than the project recorded").arg(source);
    }
    if (!out.commit())
        return QStringLiteral("%1: %2").arg(destination, out.errorString());
    return {};
}

WrittenRequestCopy writeHashedRequestCopy(const QString &source, const QSet<qint64> *ordinals,
    const QHash<qint64, QString> &keysToAdd, const QString &destination)
{
    WrittenRequestCopy out;
    out.error = writeRequestCopy(source, ordinals, keysToAdd, destination);
    if (!out.error.isEmpty())
        return out;
    QFile file(destination);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("%1: %2").arg(destination, file.errorString());
        return out;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    out.size = file.size();
    out.sha256 = QString::fromLatin1(hash.result().toHex());
    return out;
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
