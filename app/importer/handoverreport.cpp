#include "handoverreport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace bb {
namespace {

// Ids as the API writes them: lowercase alphanumerics and dashes (file ids ≤ 40, batch output
// files "batch-<36>" a little longer; batch ids 36). Generous upper bounds, strict alphabet.
const QRegularExpression jobPattern(
    QStringLiteral("(?:^|[^a-z0-9])batches/([a-z0-9][a-z0-9-]{0,62})(?![a-z0-9-])"));
const QRegularExpression filePattern(
    QStringLiteral("(?:^|[^a-z0-9])files/([a-z0-9][a-z0-9-]{0,62})(?![a-z0-9-])"));
const QRegularExpression bareIdPattern(QStringLiteral("^[a-z0-9][a-z0-9-]{0,62}$"));
const QRegularExpression batchNumberPattern(
    QStringLiteral("^(?:#\\s*)?(?:batch(?:es)?[\\s_-]*)?0*(\\d{1,6})(?:\\.jsonl)?$"),
    QRegularExpression::CaseInsensitiveOption);
const QRegularExpression batchFilePattern(
    QStringLiteral("batch[_-]?0*(\\d{1,6})\\.jsonl"), QRegularExpression::CaseInsensitiveOption);
const QRegularExpression rangePattern(
    QStringLiteral("(?:^|\\D)0*(\\d{1,6})\\s*(?:-|–|—|\\.\\.|to)\\s*0*(\\d{1,6})(?!\\d)"));
const QRegularExpression numberPattern(QStringLiteral("(?:^|[^\\d/])0*(\\d{1,6})(?![\\d/])"));

enum class Column
{
    Ignored,
    Batch,
    Job,
    File,
    Status,
    Uploaded
};

Column roleOfHeader(const QString &header)
{
    const QString h = header.toLower();
    if (h.contains(QLatin1StringView("status")) || h.contains(QLatin1StringView("state")))
        return Column::Status;
    if (h.contains(QLatin1StringView("upload"))
        && (h.contains(QLatin1StringView("time")) || h.contains(QLatin1StringView(" at"))
            || h.contains(QLatin1StringView("date"))))
        return Column::Uploaded;
    if (h.contains(QLatin1StringView("job")) || h.contains(QLatin1StringView("operation")))
        return Column::Job;
    if (h.contains(QLatin1StringView("uri")) || h.contains(QLatin1StringView("file id"))
        || h.contains(QLatin1StringView("remote")) || h == QLatin1StringView("file"))
        return Column::File;
    if (h.contains(QLatin1StringView("batch")) || h == QLatin1StringView("#")
        || h.contains(QLatin1StringView("number")) || h.contains(QLatin1StringView("local")))
        return Column::Batch;
    return Column::Ignored;
}

QStringList splitRow(QString line)
{
    line = line.trimmed();
    if (line.startsWith(u'|'))
        line.remove(0, 1);
    if (line.endsWith(u'|') && !line.endsWith(QLatin1StringView("\\|")))
        line.chop(1);
    QStringList cells;
    QString cell;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] == u'\\' && i + 1 < line.size() && line[i + 1] == u'|') {
            cell += u'|';
            ++i;
        } else if (line[i] == u'|') {
            cells.append(cell.trimmed());
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    cells.append(cell.trimmed());
    for (QString &c : cells)
        c.remove(u'`').remove(QLatin1StringView("**"));
    return cells;
}

bool isSeparatorRow(const QStringList &cells)
{
    static const QRegularExpression separator(QStringLiteral("^:?-{2,}:?$"));
    for (const QString &c : cells) {
        if (!separator.match(c).hasMatch())
            return false;
    }
    return !cells.isEmpty();
}

QDateTime parseTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text.trimmed(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (t.isValid() && t.timeSpec() == Qt::LocalTime && !text.contains(u'+'))
        t.setTimeSpec(Qt::UTC);
    return t.isValid() ? t.toUTC() : QDateTime();
}

// Merges what several tables say about the same batch; the first non-empty value wins and a
// contradiction is reported rather than silently resolved.
class EntryMerger
{
public:
    void add(const HandoverEntry &entry, QList<HandoverWarning> &warnings)
    {
        HandoverEntry &target = m_entries[entry.batchNumber];
        if (target.batchNumber < 0) {
            target = entry;
            return;
        }
        mergeField(target.jobName, entry.jobName, entry, QStringLiteral("job"), warnings);
        mergeField(target.fileName, entry.fileName, entry, QStringLiteral("file"), warnings);
        if (target.status.isEmpty())
            target.status = entry.status;
        if (!target.uploadedAt.isValid())
            target.uploadedAt = entry.uploadedAt;
    }
    QList<HandoverEntry> entries() const { return m_entries.values(); }

private:
    static void mergeField(QString &target, const QString &value, const HandoverEntry &entry,
        const QString &what, QList<HandoverWarning> &warnings)
    {
        if (value.isEmpty() || value == target)
            return;
        if (target.isEmpty()) {
            target = value;
            return;
        }
        warnings.append({ entry.sourceLine,
            QCoreApplication::translate(
                "bb::Importer", "batch %1 has two different %2 names (%3 and %4); keeping %3")
                .arg(entry.batchNumber)
                .arg(what, target, value) });
    }
    QMap<int, HandoverEntry> m_entries;
};

bool headingMeansPending(const QString &heading)
{
    const QString h = heading.toLower();
    return h.contains(QLatin1StringView("pending")) || h.contains(QLatin1StringView("not uploaded"))
        || h.contains(QLatin1StringView("not submitted")) || h.contains(QLatin1StringView("remaining"))
        || h.contains(QLatin1StringView("to do")) || h.contains(QLatin1StringView("todo"));
}

// A longer range is not a list of batches ("0-999999").
constexpr int kMaxPendingRange = 100000;
// Pending batch numbers one report may list in all, far above any real project: without it,
// "1-100000" repeated on every line grows the list (and its sort) without bound.
constexpr qsizetype kMaxPendingNumbers = 10000;

// Adds the numbers of one list item; false when kMaxPendingNumbers cut it short.
bool addPendingNumbers(const QString &text, QList<int> &pending)
{
    auto ranges = rangePattern.globalMatch(text);
    QString rest = text;
    bool anyRange = false;
    while (ranges.hasNext()) {
        const auto m = ranges.next();
        const int from = m.captured(1).toInt();
        const int to = m.captured(2).toInt();
        if (from <= to && to - from <= kMaxPendingRange) {
            anyRange = true;
            for (int n = from; n <= to; ++n) {
                if (pending.size() >= kMaxPendingNumbers)
                    return false;
                pending.append(n);
            }
        }
    }
    if (anyRange)
        return true;
    auto numbers = numberPattern.globalMatch(rest);
    while (numbers.hasNext()) {
        if (pending.size() >= kMaxPendingNumbers)
            return false;
        pending.append(numbers.next().captured(1).toInt());
    }
    return true;
}

// Sorted, unique, and without the batches the report does have ids for.
void finish(Handover &handover, const EntryMerger &merger)
{
    handover.entries = merger.entries();
    QList<int> &pending = handover.pendingBatchNumbers;
    std::sort(pending.begin(), pending.end());
    pending.erase(std::unique(pending.begin(), pending.end()), pending.end());
    QSet<int> known; // one pass: removeOne per entry is quadratic on a long report
    for (const HandoverEntry &entry : std::as_const(handover.entries))
        known.insert(entry.batchNumber);
    pending.removeIf([&known](int number) { return known.contains(number); });
}

} // namespace

QString normalizedJobName(QStringView text)
{
    const auto m = jobPattern.match(text.toString().trimmed());
    return m.hasMatch() ? QStringLiteral("batches/") + m.captured(1) : QString();
}

QString normalizedFileName(QStringView text, bool bareIdAllowed)
{
    const QString t = text.toString().trimmed();
    const auto m = filePattern.match(t);
    if (m.hasMatch())
        return QStringLiteral("files/") + m.captured(1);
    if (bareIdAllowed && bareIdPattern.match(t).hasMatch() && !t.endsWith(u'-') && batchNumberIn(t) < 0)
        return QStringLiteral("files/") + t;
    return {};
}

int batchNumberIn(QStringView text)
{
    const QString t = text.toString().trimmed();
    auto m = batchNumberPattern.match(t);
    if (m.hasMatch())
        return m.captured(1).toInt();
    m = batchFilePattern.match(t);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

Handover parseMarkdownReport(const QByteArray &content)
{
    Handover result;
    result.format = Handover::Format::Markdown;
    EntryMerger merger;
    const QStringList lines = QString::fromUtf8(content).split(u'\n');
    QString heading;
    QList<Column> roles;
    bool inTable = false;

    for (int i = 0; i < lines.size(); ++i) {
        const int lineNo = i + 1;
        const QString line = lines[i].trimmed();
        if (line.startsWith(u'#')) {
            heading = line;
            inTable = false;
            continue;
        }
        if (!line.startsWith(u'|')) {
            inTable = false;
            if (headingMeansPending(heading) && (line.startsWith(u'-') || line.startsWith(u'*'))
                && !addPendingNumbers(line.mid(1), result.pendingBatchNumbers)) {
                result.warnings.append({ lineNo,
                    QCoreApplication::translate(
                        "bb::Importer", "more than %1 pending batches; the rest is ignored")
                        .arg(kMaxPendingNumbers) });
            }
            continue;
        }
        const QStringList cells = splitRow(line);
        if (!inTable) {
            // A header row, if the next line is the |---| separator.
            if (i + 1 < lines.size() && isSeparatorRow(splitRow(lines[i + 1]))) {
                roles.clear();
                for (const QString &cell : cells)
                    roles.append(roleOfHeader(cell));
                inTable = true;
                ++i;
            } else {
                result.warnings.append({ lineNo,
                    QCoreApplication::translate("bb::Importer", "table row without a header row") });
            }
            continue;
        }

        HandoverEntry entry;
        entry.sourceLine = lineNo;
        for (int c = 0; c < cells.size(); ++c) {
            const Column role = c < roles.size() ? roles[c] : Column::Ignored;
            const QString &cell = cells[c];
            if (role == Column::Batch && entry.batchNumber < 0)
                entry.batchNumber = batchNumberIn(cell);
            else if (role == Column::Status)
                entry.status = cell;
            else if (role == Column::Uploaded)
                entry.uploadedAt = parseTime(cell);
            if (entry.jobName.isEmpty())
                entry.jobName = normalizedJobName(cell);
            if (entry.fileName.isEmpty())
                entry.fileName = normalizedFileName(cell, role == Column::File);
        }
        if (entry.batchNumber < 0) {
            for (const QString &cell : cells) {
                const auto m = batchFilePattern.match(cell);
                if (m.hasMatch()) {
                    entry.batchNumber = m.captured(1).toInt();
                    break;
                }
            }
        }
        if (entry.batchNumber < 0) {
            result.warnings.append(
                { lineNo, QCoreApplication::translate("bb::Importer", "row has no batch number") });
            continue;
        }
        if (entry.jobName.isEmpty() && entry.fileName.isEmpty()) {
            if (headingMeansPending(heading)
                || entry.status.contains(QLatin1StringView("pending"), Qt::CaseInsensitive))
                result.pendingBatchNumbers.append(entry.batchNumber);
            else
                result.warnings.append({ lineNo,
                    QCoreApplication::translate(
                        "bb::Importer", "row names neither a batch job nor a file") });
            continue;
        }
        merger.add(entry, result.warnings);
    }
    finish(result, merger);
    return result;
}

namespace {

QString squashed(const QString &key)
{
    QString k = key.toLower();
    k.remove(u'_').remove(u'-').remove(u' ');
    return k;
}

int batchNumberFromValue(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble() >= 0 && value.toDouble() < 1e6 ? value.toInt() : -1;
    return value.isString() ? batchNumberIn(value.toString()) : -1;
}

HandoverEntry entryFromObject(const QJsonObject &object, int batchFromKey)
{
    HandoverEntry entry;
    entry.batchNumber = batchFromKey;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = squashed(it.key());
        const QString text = it.value().toString();
        if (entry.batchNumber < 0
            && (key.contains(QLatin1StringView("batch")) || key.contains(QLatin1StringView("local"))
                || key == QLatin1StringView("number") || key == QLatin1StringView("index")))
            entry.batchNumber = batchNumberFromValue(it.value());
        if (entry.jobName.isEmpty())
            entry.jobName = normalizedJobName(text);
        if (entry.fileName.isEmpty())
            entry.fileName = normalizedFileName(
                text, key.contains(QLatin1StringView("file")) && !text.endsWith(QLatin1StringView(".jsonl")));
        if (key.contains(QLatin1StringView("status")) || key.contains(QLatin1StringView("state")))
            entry.status = text;
        if (key.contains(QLatin1StringView("upload")) && !text.isEmpty() && !entry.uploadedAt.isValid())
            entry.uploadedAt = parseTime(text);
    }
    if (entry.batchNumber < 0) {
        for (const QJsonValue &value : object) {
            const auto m = batchFilePattern.match(value.toString());
            if (m.hasMatch()) {
                entry.batchNumber = m.captured(1).toInt();
                break;
            }
        }
    }
    return entry;
}

} // namespace

Handover parseJsonProgress(const QByteArray &content)
{
    Handover result;
    result.format = Handover::Format::Json;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(content, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        const int line = int(content.left(error.offset).count('\n')) + 1;
        result.warnings.append({ line,
            error.error != QJsonParseError::NoError
                ? QCoreApplication::translate("bb::Importer", "not JSON: %1").arg(error.errorString())
                : QCoreApplication::translate("bb::Importer", "expected a JSON object at the top level") });
        return result;
    }
    EntryMerger merger;
    const QJsonObject root = document.object();
    for (auto section = root.begin(); section != root.end(); ++section) {
        const QString name = squashed(section.key());
        const bool pending = name.contains(QLatin1StringView("pending"))
            || name.contains(QLatin1StringView("notuploaded"))
            || name.contains(QLatin1StringView("remaining"));
        QList<std::pair<int, QJsonValue>> items; // (batch number from a map key, value)
        if (section->isArray()) {
            for (const QJsonValue &v : section->toArray())
                items.append({ -1, v });
        } else if (section->isObject()) {
            const QJsonObject map = section->toObject();
            for (auto it = map.begin(); it != map.end(); ++it)
                items.append({ batchNumberIn(it.key()), it.value() });
        } else {
            continue; // scalars such as "generated_at" or counters
        }
        for (const auto &[keyNumber, value] : items) {
            if (!value.isObject()) {
                int number = batchNumberFromValue(value);
                if (number < 0 && value.isString()) {
                    // A map from batch to a bare job/file string, or a list of names.
                    HandoverEntry entry;
                    entry.batchNumber = keyNumber;
                    entry.jobName = normalizedJobName(value.toString());
                    entry.fileName = normalizedFileName(value.toString(), false);
                    if (entry.batchNumber >= 0 && (!entry.jobName.isEmpty() || !entry.fileName.isEmpty())) {
                        merger.add(entry, result.warnings);
                        continue;
                    }
                }
                if (pending && number >= 0)
                    result.pendingBatchNumbers.append(number);
                else if (pending && keyNumber >= 0)
                    result.pendingBatchNumbers.append(keyNumber);
                else
                    result.warnings.append({ 0,
                        QCoreApplication::translate("bb::Importer", "%1: unrecognised item")
                            .arg(section.key()) });
                continue;
            }
            const HandoverEntry entry = entryFromObject(value.toObject(), keyNumber);
            if (entry.batchNumber < 0) {
                result.warnings.append({ 0,
                    QCoreApplication::translate("bb::Importer", "%1: item has no batch number")
                        .arg(section.key()) });
            } else if (entry.jobName.isEmpty() && entry.fileName.isEmpty()) {
                if (pending)
                    result.pendingBatchNumbers.append(entry.batchNumber);
                else
                    result.warnings.append({ 0,
                        QCoreApplication::translate(
                            "bb::Importer", "%1: batch %2 names neither a job nor a file")
                            .arg(section.key())
                            .arg(entry.batchNumber) });
            } else {
                merger.add(entry, result.warnings);
            }
        }
    }
    finish(result, merger);
    return result;
}

Handover parseHandover(const QByteArray &content)
{
    const QByteArray trimmed = content.trimmed();
    if (trimmed.startsWith('{'))
        return parseJsonProgress(content);
    return parseMarkdownReport(content);
}

} // namespace bb
