#include "handoverreport.h"

#include "batchnaming.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <optional>

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
        || h.contains(QLatin1StringView("to do")) || h.contains(QLatin1StringView("todo"))
        || h.contains(QLatin1StringView("not yet")) || h.contains(QLatin1StringView("unprocessed"));
}

// What a report's summary claims, to be checked against its rows: "Successfully Created: 35
// batches (11-35)", "Uploaded (pending job creation): 15 batches".
struct SummaryClaims
{
    int jobs = -1;
    int jobsLine = 0;
    int uploads = -1;
    int uploadsLine = 0;

    void read(const QString &line, int lineNo)
    {
        static const QRegularExpression count(QStringLiteral("(\\d[\\d,]*)\\s+(?:batch(?:es)?|jobs?)\\b"),
            QRegularExpression::CaseInsensitiveOption);
        const auto m = count.match(line);
        if (!m.hasMatch())
            return;
        const int n = QString(m.captured(1)).remove(u',').toInt();
        const QString before = line.left(m.capturedStart()).toLower();
        if (before.contains(QLatin1StringView("not yet")) || before.contains(QLatin1StringView("not "))
            || before.contains(QLatin1StringView("remaining")) || before.contains(QLatin1StringView("fail")))
            return;
        if (before.contains(QLatin1StringView("upload"))) {
            uploads = n;
            uploadsLine = lineNo;
        } else if (before.contains(QLatin1StringView("created"))
            || before.contains(QLatin1StringView("submitted"))) {
            jobs = n;
            jobsLine = lineNo;
        }
    }

    void check(const QList<HandoverEntry> &entries, QList<HandoverWarning> &warnings) const
    {
        const auto jobRows = std::count_if(
            entries.cbegin(), entries.cend(), [](const HandoverEntry &e) { return !e.jobName.isEmpty(); });
        const auto uploadRows = std::count_if(entries.cbegin(), entries.cend(),
            [](const HandoverEntry &e) { return e.jobName.isEmpty() && !e.fileName.isEmpty(); });
        if (jobs >= 0 && jobs != jobRows)
            warnings.append({ jobsLine,
                QCoreApplication::translate("bb::Importer",
                    "the summary says %1 batches were created, but the tables list %2 jobs; the rows are "
                    "used")
                    .arg(jobs)
                    .arg(jobRows) });
        if (uploads >= 0 && uploads != uploadRows)
            warnings.append({ uploadsLine,
                QCoreApplication::translate("bb::Importer",
                    "the summary says %1 batches were uploaded, but the tables list %2 uploads without a "
                    "job; "
                    "the rows are used")
                    .arg(uploads)
                    .arg(uploadRows) });
    }
};

// Batch numbers a report may name: six digits, as batchNumberPattern reads them.
constexpr int kMaxBatchNumber = 999999;
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
    SummaryClaims claims;

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
            if (!headingMeansPending(heading))
                claims.read(line, lineNo);
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
    claims.check(result.entries, result.warnings);
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
    if (entry.batchNumber < 0) {
        // "display_name": "refinement_batch_011", "batch_id": "batch-170-crypto-qa"
        for (auto it = object.begin(); it != object.end() && entry.batchNumber < 0; ++it) {
            const QString key = squashed(it.key());
            if (it->isString()
                && (key.contains(QLatin1StringView("displayname"))
                    || key.contains(QLatin1StringView("batchid")))) {
                const int number = batchNumberInName(it->toString()).value_or(-1);
                entry.batchNumber = number <= kMaxBatchNumber ? number : -1;
            }
        }
    }
    return entry;
}

// "gemini_batch_submissions_proper\\batch_001_proper.jsonl", "C:\\Users\\…\\batch_001_proper.jsonl"
QString localPathIn(const QJsonObject &object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = squashed(it.key());
        const QString text = it->toString();
        if ((key.contains(QLatin1StringView("path")) || key == QLatin1StringView("localfile")
                || key == QLatin1StringView("filename"))
            && text.endsWith(QLatin1StringView(".jsonl"), Qt::CaseInsensitive))
            return text;
    }
    return {};
}

bool sectionMeansPending(const QString &name)
{
    return name.contains(QLatin1StringView("pending")) || name.contains(QLatin1StringView("notuploaded"))
        || name.contains(QLatin1StringView("remaining")) || name.contains(QLatin1StringView("notyet"))
        || name.contains(QLatin1StringView("unprocessed")) || name.contains(QLatin1StringView("todo"))
        || name.contains(QLatin1StringView("notsubmitted"));
}

bool sectionMeansFailed(const QString &name)
{
    return name.contains(QLatin1StringView("fail")) || name.contains(QLatin1StringView("error"));
}

// {"start": 51, "end": 204, "count": 154} or {"start_batch": …, "end_batch": …}: a range of batches.
std::optional<std::pair<int, int>> rangeIn(const QJsonObject &object, int *claimedCount)
{
    int from = -1;
    int to = -1;
    *claimedCount = -1;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = squashed(it.key());
        if (!it->isDouble())
            continue;
        const int value = it->toInt();
        if (key.startsWith(QLatin1StringView("start")) || key.startsWith(QLatin1StringView("from"))
            || key.startsWith(QLatin1StringView("first")))
            from = value;
        else if (key.startsWith(QLatin1StringView("end")) || key.startsWith(QLatin1StringView("to"))
            || key.startsWith(QLatin1StringView("last")))
            to = value;
        else if (key == QLatin1StringView("count"))
            *claimedCount = value;
    }
    if (from < 0 || to < from || to > kMaxBatchNumber || to - from > kMaxPendingRange)
        return std::nullopt;
    return std::pair { from, to };
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
        const bool pending = sectionMeansPending(name);
        const bool failed = !pending && sectionMeansFailed(name);
        QList<std::pair<int, QJsonValue>> items; // (batch number from a map key, value)
        if (section->isArray()) {
            for (const QJsonValue &v : section->toArray())
                items.append({ -1, v });
        } else if (section->isObject()) {
            const QJsonObject map = section->toObject();
            int claimed = -1;
            if (const auto range = rangeIn(map, &claimed)) {
                for (int n = range->first; pending && n <= range->second; ++n) {
                    if (result.pendingBatchNumbers.size() >= kMaxPendingNumbers) {
                        result.warnings.append({ 0,
                            QCoreApplication::translate(
                                "bb::Importer", "more than %1 pending batches; the rest is ignored")
                                .arg(kMaxPendingNumbers) });
                        break;
                    }
                    result.pendingBatchNumbers.append(n);
                }
                const int span = range->second - range->first + 1;
                if (claimed >= 0 && claimed != span)
                    result.warnings.append({ 0,
                        QCoreApplication::translate(
                            "bb::Importer", "%1: says %2 batches, but %3-%4 is %5; the range is used")
                            .arg(section.key())
                            .arg(claimed)
                            .arg(range->first)
                            .arg(range->second)
                            .arg(span) });
                continue;
            }
            bool batchMap = false;
            for (auto it = map.begin(); it != map.end(); ++it)
                batchMap = batchMap || batchNumberIn(it.key()) >= 0;
            if (!batchMap)
                continue; // a summary object ("error_summary": {...}), not a list of batches
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
                    if (keyNumber < 0 && entry.jobName.isEmpty() && entry.fileName.isEmpty())
                        continue; // prose ("next_steps": ["Wait for the pending jobs…"])
                }
                if (number < 0)
                    number = keyNumber;
                if (pending && number >= 0)
                    result.pendingBatchNumbers.append(number);
                else if (failed && number >= 0)
                    result.failedBatchNumbers.append(number);
                else
                    result.warnings.append({ 0,
                        QCoreApplication::translate("bb::Importer", "%1: unrecognised item")
                            .arg(section.key()) });
                continue;
            }
            const QJsonObject object = value.toObject();
            const HandoverEntry entry = entryFromObject(object, keyNumber);
            if (entry.batchNumber < 0) {
                result.warnings.append({ 0,
                    QCoreApplication::translate("bb::Importer", "%1: item has no batch number")
                        .arg(section.key()) });
            } else if (entry.jobName.isEmpty() && entry.fileName.isEmpty()) {
                const QString path = localPathIn(object);
                if (pending)
                    result.pendingBatchNumbers.append(entry.batchNumber);
                else if (failed)
                    result.failedBatchNumbers.append(entry.batchNumber);
                else if (!path.isEmpty())
                    result.localPaths.append(path); // a manifest of local files
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
    std::sort(result.failedBatchNumbers.begin(), result.failedBatchNumbers.end());
    result.failedBatchNumbers.erase(
        std::unique(result.failedBatchNumbers.begin(), result.failedBatchNumbers.end()),
        result.failedBatchNumbers.end());
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
