#include "batchnaming.h"

#include <QCoreApplication>

namespace bb {
namespace {

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

QStringView withoutSuffix(QStringView name, QLatin1StringView suffix)
{
    return name.endsWith(suffix, Qt::CaseInsensitive) ? name.chopped(suffix.size()) : name;
}

// "x.part12" → "x"; anything else unchanged.
QStringView withoutPartSuffix(QStringView stem)
{
    qsizetype start = stem.size();
    while (start > 0 && isDigit(stem[start - 1]))
        --start;
    const QLatin1StringView marker(".part");
    if (start == stem.size() || stem.size() - start > 6 || start < marker.size()
        || !stem.sliced(start - marker.size(), marker.size()).startsWith(marker, Qt::CaseInsensitive))
        return stem;
    return stem.first(start - marker.size());
}

} // namespace

std::optional<int> batchNumberInName(QStringView name)
{
    const QStringView stem = withoutPartSuffix(withoutSuffix(name.trimmed(), QLatin1StringView(".jsonl")));
    qsizetype end = stem.size();
    while (end > 0 && !isDigit(stem[end - 1]))
        --end;
    if (end == 0)
        return std::nullopt;
    qsizetype start = end;
    while (start > 0 && isDigit(stem[start - 1]))
        --start;
    QStringView digits = stem.sliced(start, end - start);
    while (digits.size() > 1 && digits.front() == u'0')
        digits = digits.sliced(1);
    if (digits.size() > 9)
        return std::nullopt;
    return digits.toInt();
}

QString batchNumberRule()
{
    return QCoreApplication::translate("bb::Naming",
        "Batch numbers are read from the file names: the number in the name, or the last one when "
        "there are several (batch_011_proper.jsonl is batch 11).");
}

QString implicitRequestKey(QStringView batchName, qint64 line)
{
    return batchName.toString() + QStringLiteral("#line") + QString::number(line);
}

QString displayNameFromFileName(QStringView fileName)
{
    QStringView stem = withoutSuffix(fileName, QLatin1StringView(".jsonl"));
    QString name;
    name.reserve(stem.size());
    for (const QChar c : stem) {
        const bool kept = c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u'.';
        if (kept)
            name.append(c);
        else if (!name.endsWith(u'-'))
            name.append(u'-');
    }
    while (name.startsWith(u'-') || name.startsWith(u'.'))
        name.remove(0, 1);
    while (name.endsWith(u'-') || name.endsWith(u'.'))
        name.chop(1);
    name.truncate(100);
    return name.isEmpty() ? QStringLiteral("batch") : name;
}

} // namespace bb
