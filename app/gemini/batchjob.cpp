#include "batchjob.h"

#include "jsonreader.h"

namespace bb::gemini {

namespace {

using L = QLatin1StringView;

struct StateName
{
    const char *suffix;
    BatchJob::State state;
};

constexpr StateName StateNames[] = {
    { "UNSPECIFIED", BatchJob::State::Unspecified },
    { "PENDING", BatchJob::State::Pending },
    { "RUNNING", BatchJob::State::Running },
    { "SUCCEEDED", BatchJob::State::Succeeded },
    { "FAILED", BatchJob::State::Failed },
    { "CANCELLED", BatchJob::State::Cancelled },
    { "EXPIRED", BatchJob::State::Expired },
};

// Reads the inlined responses list; the wire nests it twice ({"inlinedResponses":{"inlinedResponses":[..]}}),
// a single level is tolerated.
bool readInlined(const QJsonObject &output, JsonReader &reader, BatchJob *batch)
{
    const QJsonValue outer = output.value(L("inlinedResponses"));
    QJsonArray items;
    if (outer.isObject())
        items = reader.array(outer.toObject(), L("inlinedResponses"), L("inlined_responses"));
    else if (outer.isArray())
        items = outer.toArray();
    else if (outer.isUndefined() || outer.isNull())
        return false;
    else {
        reader.fail(QStringLiteral("field 'inlinedResponses' is neither an object nor an array"));
        return false;
    }
    for (const QJsonValue &value : items) {
        if (!value.isObject()) {
            reader.fail(QStringLiteral("an inlined response is not an object"));
            break;
        }
        const QJsonObject item = value.toObject();
        InlinedResponse response;
        response.metadata = reader.object(item, L("metadata"));
        response.key = reader.string(response.metadata, L("key"));
        if (response.key.isEmpty())
            response.key = reader.string(item, L("key"));
        response.response = reader.object(item, L("response"));
        const QJsonObject error = reader.object(item, L("error"), L("status"));
        if (!error.isEmpty())
            response.error = RpcStatus::fromJson(error, reader);
        batch->inlinedResponses.append(response);
    }
    batch->hasInlinedResponses = true;
    return true;
}

void readOutput(const QJsonObject &output, JsonReader &reader, BatchJob *batch)
{
    if (output.isEmpty())
        return;
    const QString responsesFile = reader.string(output, L("responsesFile"), L("responses_file"));
    if (!responsesFile.isEmpty() && batch->responsesFile.isEmpty())
        batch->responsesFile = responsesFile;
    if (!batch->hasInlinedResponses)
        readInlined(output, reader, batch);
}

} // namespace

QString BatchJob::id() const
{
    return batchIdFromName(name);
}

BatchJob::State BatchJob::stateFromString(const QString &name)
{
    if (name.isEmpty())
        return State::Unspecified;
    QStringView bare(name);
    if (bare.startsWith(L("BATCH_STATE_")))
        bare = bare.mid(12);
    else if (bare.startsWith(L("JOB_STATE_")))
        bare = bare.mid(10);
    else
        return State::Unknown;
    for (const StateName &entry : StateNames) {
        if (bare == QLatin1StringView(entry.suffix))
            return entry.state;
    }
    return State::Unknown;
}

bool BatchJob::isTerminalState(State state)
{
    return state == State::Succeeded || state == State::Failed || state == State::Cancelled
        || state == State::Expired;
}

QString BatchJob::stateToString(State state)
{
    for (const StateName &entry : StateNames) {
        if (entry.state == state)
            return QLatin1StringView("BATCH_STATE_") + QLatin1StringView(entry.suffix);
    }
    return QStringLiteral("UNKNOWN");
}

bool BatchJob::fromJson(const QJsonObject &object, BatchJob *batch, QString *error)
{
    JsonReader reader;
    BatchJob parsed;
    // The Operation envelope carries the batch in `metadata`; a bare batch is read from the top.
    const bool envelope = object.value(L("metadata")).isObject();
    const QJsonObject metadata = envelope ? object.value(L("metadata")).toObject() : object;
    if (!envelope && object.contains(L("metadata")) && !object.value(L("metadata")).isNull())
        reader.fail(QStringLiteral("field 'metadata' is not an object"));

    parsed.name = reader.string(object, L("name"));
    if (parsed.name.isEmpty())
        parsed.name = reader.string(metadata, L("name"));
    parsed.displayName = reader.string(metadata, L("displayName"), L("display_name"));
    parsed.model = reader.string(metadata, L("model"));
    parsed.stateName = reader.string(metadata, L("state"));
    parsed.state = stateFromString(parsed.stateName);
    const QJsonObject input = reader.object(metadata, L("inputConfig"), L("input_config"));
    parsed.inputFileName = reader.string(input, L("fileName"), L("file_name"));
    parsed.createTime = reader.timestamp(metadata, L("createTime"), L("create_time"));
    parsed.updateTime = reader.timestamp(metadata, L("updateTime"), L("update_time"));
    parsed.endTime = reader.timestamp(metadata, L("endTime"), L("end_time"));

    const QJsonObject stats = reader.object(metadata, L("batchStats"), L("batch_stats"));
    parsed.stats.requestCount = reader.int64(stats, L("requestCount"), L("request_count"));
    parsed.stats.successfulRequestCount
        = reader.int64(stats, L("successfulRequestCount"), L("successful_request_count"));
    parsed.stats.failedRequestCount = reader.int64(stats, L("failedRequestCount"), L("failed_request_count"));
    parsed.stats.pendingRequestCount
        = reader.int64(stats, L("pendingRequestCount"), L("pending_request_count"));

    // Output is in metadata.output and, once done, in the Operation's response; read either.
    readOutput(reader.object(metadata, L("output")), reader, &parsed);
    if (envelope) {
        parsed.done = reader.boolean(object, L("done"));
        readOutput(reader.object(object, L("response")), reader, &parsed);
        const QJsonObject status = reader.object(object, L("error"));
        if (!status.isEmpty())
            parsed.error = RpcStatus::fromJson(status, reader);
    } else {
        parsed.done = parsed.isTerminal();
    }

    if (!reader.hasError() && parsed.name.isEmpty())
        reader.fail(QStringLiteral("batch without a name"));
    if (reader.hasError()) {
        *error = QStringLiteral("malformed batch: ") + reader.error();
        return false;
    }
    *batch = parsed;
    return true;
}

bool BatchPage::fromJson(const QJsonObject &object, BatchPage *page, QString *error)
{
    JsonReader reader;
    BatchPage parsed;
    const QJsonArray operations = reader.array(object, L("operations"));
    parsed.nextPageToken = reader.string(object, L("nextPageToken"), L("next_page_token"));
    if (reader.hasError()) {
        *error = QStringLiteral("malformed batch list: ") + reader.error();
        return false;
    }
    parsed.batches.reserve(operations.size());
    for (const QJsonValue &value : operations) {
        if (!value.isObject()) {
            *error = QStringLiteral("malformed batch list: an entry is not an object");
            return false;
        }
        BatchJob batch;
        if (!BatchJob::fromJson(value.toObject(), &batch, error))
            return false;
        parsed.batches.append(batch);
    }
    *page = parsed;
    return true;
}

QString batchIdFromName(const QString &name)
{
    QString text = name.trimmed();
    const qsizetype marker = text.lastIndexOf(L("batches/"));
    if (marker >= 0)
        text = text.mid(marker + 8);
    const qsizetype end = text.indexOf(QLatin1Char(':'));
    if (end >= 0)
        text.truncate(end);
    return text;
}

} // namespace bb::gemini
