#include "resultsfile.h"

#include <QFile>
#include <QHash>

#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <string>

namespace bb {
namespace {

using namespace simdjson;

// The DOM API dispatches at run time to the best kernel of this CPU (AVX2, ...); the On-Demand
// API would be compiled for the baseline target of our build flags.
struct Parsed
{
    std::string key;
    bool hasKey = false;
    bool hasResponse = false;
    bool hasCandidates = false;
    bool blocked = false;
    bool hasError = false;
    int64_t code = 0;
    std::string message;
    bool hasUsage = false;
    TokenCounts usage;
};

int64_t tokenField(dom::object usage, std::string_view name)
{
    // Counts are JSON numbers; proto3 JSON may also write int64 as strings.
    dom::element value;
    if (usage[name].get(value))
        return 0;
    int64_t n = 0;
    if (!value.get_int64().get(n))
        return std::max<int64_t>(n, 0);
    uint64_t u = 0;
    if (!value.get_uint64().get(u))
        return int64_t(std::min<uint64_t>(u, uint64_t(INT64_MAX)));
    std::string_view text;
    if (!value.get_string().get(text)) {
        int64_t parsed = 0;
        for (const char c : text) {
            if (c < '0' || c > '9' || parsed > INT64_MAX / 10 - 10)
                return 0;
            parsed = parsed * 10 + (c - '0');
        }
        return parsed;
    }
    return 0;
}

void readStatus(dom::object status, Parsed &out)
{
    out.hasError = true;
    int64_t code = 0;
    if (!status["code"].get_int64().get(code))
        out.code = code;
    std::string_view message;
    if (!status["message"].get_string().get(message))
        out.message.assign(message);
}

void readResponse(dom::object response, Parsed &out)
{
    out.hasResponse = true;
    dom::array candidates;
    if (!response["candidates"].get_array().get(candidates))
        out.hasCandidates = candidates.size() > 0;
    dom::object feedback;
    if (!response["promptFeedback"].get_object().get(feedback))
        out.blocked = !feedback["blockReason"].error();
    dom::object usage;
    if (!response["usageMetadata"].get_object().get(usage)) {
        out.hasUsage = true;
        out.usage.prompt = tokenField(usage, "promptTokenCount");
        out.usage.candidates = tokenField(usage, "candidatesTokenCount");
        out.usage.thoughts = tokenField(usage, "thoughtsTokenCount");
        out.usage.cached = tokenField(usage, "cachedContentTokenCount");
    }
}

error_code parseLine(dom::parser &parser, const std::string &padded, size_t length, Parsed &out)
{
    dom::element doc;
    if (auto e = parser.parse(padded.data(), length, false).get(doc))
        return e;
    dom::object object;
    if (auto e = doc.get_object().get(object))
        return e;
    std::string_view key;
    auto keyField = object["key"];
    if (!keyField.error()) {
        if (auto e = keyField.get_string().get(key))
            return e;
        out.key.assign(key);
        out.hasKey = true;
    }
    dom::object response;
    if (!object["response"].get_object().get(response))
        readResponse(response, out);
    dom::object status;
    if (!object["error"].get_object().get(status) || !object["status"].get_object().get(status))
        readStatus(status, out);
    return SUCCESS;
}

} // namespace

ResultsScan scanResultsFile(const QString &path, const std::atomic_bool *cancel)
{
    ResultsScan scan;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        scan.ioError = file.errorString();
        return scan;
    }
    dom::parser parser;
    std::string line;
    std::string padded;
    qint64 lineStart = 0;
    qint64 lineNo = 0;
    QByteArray block;
    bool more = true;

    auto handleLine = [&](qint64 start) {
        ++lineNo;
        size_t length = line.size();
        if (length > 0 && line[length - 1] == '\r')
            --length;
        if (length == 0)
            return;
        padded.assign(line.data(), length);
        padded.resize(length + SIMDJSON_PADDING);
        Parsed parsed;
        const error_code error = parseLine(parser, padded, length, parsed);
        if (error) {
            scan.problems.append(
                QStringLiteral("line %1: %2").arg(lineNo).arg(QString::fromUtf8(error_message(error))));
            return;
        }
        ResultLine r;
        r.key = QString::fromUtf8(parsed.key.data(), qsizetype(parsed.key.size()));
        r.hasUsage = parsed.hasUsage && !parsed.hasError;
        r.usage = parsed.usage;
        r.offset = start;
        r.length = qint64(length);
        if (parsed.hasError) {
            r.outcome = KeyOutcome::Failed;
            r.errorCode = int(parsed.code);
            r.errorMessage = QString::fromUtf8(parsed.message.data(), qsizetype(parsed.message.size()));
        } else if (parsed.hasResponse && !parsed.hasCandidates && parsed.blocked) {
            r.outcome = KeyOutcome::Blocked;
        } else if (parsed.hasResponse) {
            r.outcome = KeyOutcome::Succeeded;
        } else {
            scan.problems.append(QStringLiteral("line %1: neither \"response\" nor \"error\"").arg(lineNo));
            return;
        }
        scan.lines.append(r);
    };

    while (more) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            break;
        block = file.read(4 << 20);
        if (block.isEmpty()) {
            if (file.error() != QFileDevice::NoError)
                scan.ioError = file.errorString();
            more = false;
            if (!line.empty())
                handleLine(lineStart);
            break;
        }
        qsizetype from = 0;
        const qint64 blockStart = file.pos() - block.size();
        while (from < block.size()) {
            const qsizetype newline = block.indexOf('\n', from);
            if (newline < 0) {
                line.append(block.constData() + from, size_t(block.size() - from));
                break;
            }
            line.append(block.constData() + from, size_t(newline - from));
            handleLine(lineStart);
            line.clear();
            from = newline + 1;
            lineStart = blockStart + from;
        }
    }
    return scan;
}

namespace {

KeyResult answered(
    const ExpectedRequest &request, qint64 resultBatchId, const ResultLine &line, TokenUsage *usage)
{
    KeyResult r;
    r.key = request.key;
    r.keyless = request.keyless;
    r.outcome = line.outcome;
    r.errorCode = line.errorCode;
    r.errorMessage = line.errorMessage;
    r.resultBatchId = resultBatchId;
    r.resultOffset = line.offset;
    r.resultLength = line.length;
    if (usage && line.hasUsage && line.outcome != KeyOutcome::Failed)
        usage->addLine(line.usage);
    return r;
}

} // namespace

QList<KeyResult> matchResults(const QList<ExpectedRequest> &expected, qint64 resultBatchId,
    const ResultsScan &scan, QStringList *problems, TokenUsage *usage)
{
    QHash<QString, qsizetype> byKey;
    QList<qsizetype> withoutKey; // result lines without a key, in file order
    byKey.reserve(scan.lines.size());
    for (qsizetype i = 0; i < scan.lines.size(); ++i) {
        const QString &key = scan.lines[i].key;
        if (key.isEmpty()) {
            withoutKey.append(i);
            continue;
        }
        if (byKey.contains(key)) {
            if (problems)
                problems->append(QStringLiteral("key \"%1\" came back more than once").arg(key));
            continue; // the first answer counts
        }
        byKey.insert(key, i);
    }
    const qsizetype keylessExpected = std::count_if(
        expected.cbegin(), expected.cend(), [](const ExpectedRequest &e) { return e.keyless; });
    qsizetype nextWithoutKey = 0;
    QList<KeyResult> results;
    results.reserve(expected.size());
    for (const ExpectedRequest &request : expected) {
        const auto it = byKey.constFind(request.key);
        if (it != byKey.cend()) { // a keyed copy was sent: its results name the request
            results.append(answered(request, resultBatchId, scan.lines[*it], usage));
            byKey.erase(it);
        } else if (request.keyless && nextWithoutKey < withoutKey.size()) {
            KeyResult r = answered(request, resultBatchId, scan.lines[withoutKey[nextWithoutKey++]], usage);
            r.match = keylessExpected > 1 ? KeyResult::Match::ByPosition : KeyResult::Match::OnlyRequest;
            results.append(r);
        } else {
            KeyResult r;
            r.key = request.key;
            r.keyless = request.keyless;
            r.outcome = KeyOutcome::Missing;
            results.append(r);
        }
    }
    if (problems) {
        for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
            problems->append(QStringLiteral("key \"%1\" was not in the input").arg(it.key()));
        if (const qsizetype extra = withoutKey.size() - nextWithoutKey; extra > 0)
            problems->append(
                QStringLiteral("%1 result line(s) without a key answer no request without one").arg(extra));
    }
    return results;
}

QList<KeyResult> matchResults(const QStringList &expectedKeys, qint64 resultBatchId, const ResultsScan &scan,
    QStringList *problems, TokenUsage *usage)
{
    QList<ExpectedRequest> expected;
    expected.reserve(expectedKeys.size());
    for (const QString &key : expectedKeys)
        expected.append({ key, false });
    return matchResults(expected, resultBatchId, scan, problems, usage);
}

} // namespace bb
