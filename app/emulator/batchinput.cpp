#include "batchinput.h"

#include "jsonfields.h"
#include "responsesynth.h"
#include "sha256stream.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace bb::emulator {
namespace {

struct ParsedLine
{
    QString key;
    bool hasKey = false;
    QJsonObject object;
    QJsonObject request;
};

// Lines reach this point only after InputValidation accepted them.
ParsedLine parseLine(const QByteArray &line)
{
    ParsedLine p;
    p.object = QJsonDocument::fromJson(line).object();
    const QJsonValue key = p.object.value(QStringLiteral("key"));
    p.hasKey = key.isString();
    p.key = key.toString();
    p.request = p.object.value(QStringLiteral("request")).toObject();
    return p;
}

bool isBlank(const QByteArray &line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return true;
}

QString planKey(const ParsedLine &p, int index)
{
    return p.hasKey ? p.key : QStringLiteral("#%1").arg(index);
}

QJsonObject responseFor(const ResultsSpec &spec, const QJsonObject &request, const QString &seed)
{
    return spec.kind == BatchKind::Embed
        ? synth::embedContentResponse(request)
        : synth::generateContentResponse(request, spec.model, seed, spec.thinking);
}

bool fails(const ResultsSpec &spec, int index)
{
    return std::binary_search(spec.failedIndices.cbegin(), spec.failedIndices.cend(), index);
}

bool neverServed(const ResultsSpec &spec, int index)
{
    return spec.cancelledFrom >= 0 && index >= spec.cancelledFrom;
}

// What a cancel leaves for a request that was not served yet: a bare gRPC CANCELLED.
QJsonObject cancelledError()
{
    return QJsonObject { { QStringLiteral("code"), 1 } };
}

// One output line; extra top-level fields of the input line are echoed (go-genai#513), except on
// lines a cancel left unserved, which carry only the key.
QJsonObject resultLine(const ParsedLine &p, int index, const ResultsSpec &spec)
{
    QJsonObject out;
    if (neverServed(spec, index)) {
        if (p.hasKey)
            out.insert(QStringLiteral("key"), p.key);
        out.insert(QStringLiteral("error"), cancelledError());
        return out;
    }
    for (auto it = p.object.begin(); it != p.object.end(); ++it) {
        if (it.key() != QLatin1String("request"))
            out.insert(it.key(), it.value());
    }
    if (fails(spec, index))
        out.insert(QStringLiteral("error"), synth::internalLineError());
    else
        out.insert(QStringLiteral("response"),
            // Seeded by the key, not the job id: the same line gets the same response in any job,
            // so a run that was interrupted, retried or re-created exports byte-identical results.
            responseFor(spec, p.request, spec.model + QLatin1Char('/') + planKey(p, index)));
    return out;
}

} // namespace

bool FailurePlanner::nextAttemptFails(const QString &key, double rate)
{
    const quint64 keyHash = synth::hash64(key.toUtf8());
    const quint32 attempt = m_attempts.value(keyHash, 0);
    m_attempts.insert(keyHash, attempt + 1);
    if (rate <= 0.0)
        return false;
    const QByteArray material = key.toUtf8() + '#' + QByteArray::number(attempt);
    return synth::unitInterval(synth::hash64(material)) < rate;
}

InputScan scanInputFile(const QString &path, FailurePlanner &planner, double failedLineRate)
{
    InputScan scan;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        scan.readError = true;
        return scan;
    }
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        if (isBlank(line))
            continue;
        const int index = scan.requestCount++;
        if (planner.nextAttemptFails(planKey(parseLine(line), index), failedLineRate))
            scan.failedIndices.append(index);
    }
    return scan;
}

InputScan scanInlineRequests(const QJsonArray &requests, FailurePlanner &planner, double failedLineRate)
{
    InputScan scan;
    for (const QJsonValue &item : requests) {
        const int index = scan.requestCount++;
        const QString key = json::objectField(item.toObject(), QLatin1StringView("metadata"))
                                .value(QStringLiteral("key"))
                                .toString();
        if (planner.nextAttemptFails(key.isEmpty() ? QStringLiteral("#%1").arg(index) : key, failedLineRate))
            scan.failedIndices.append(index);
    }
    return scan;
}

bool writeResultsFile(const QString &inputPath, const QString &outPath, const ResultsSpec &spec, qint64 *size,
    QByteArray *sha256Hex)
{
    QFile in(inputPath);
    QFile out(outPath);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    Sha256Stream hash;
    qint64 written = 0;
    int index = 0;
    QByteArray buffer;
    const auto flush = [&]() {
        if (out.write(buffer) != buffer.size())
            return false;
        hash.add(buffer);
        written += buffer.size();
        buffer.clear();
        return true;
    };
    while (!in.atEnd()) {
        const QByteArray line = in.readLine();
        if (isBlank(line))
            continue;
        const ParsedLine p = parseLine(line);
        buffer += QJsonDocument(resultLine(p, index, spec)).toJson(QJsonDocument::Compact);
        buffer += '\n';
        ++index;
        if (buffer.size() >= (1 << 20) && !flush())
            return false;
    }
    if (!flush())
        return false;
    *size = written;
    *sha256Hex = hash.finishHex();
    return true;
}

QJsonArray inlineResults(const QJsonArray &requests, const ResultsSpec &spec)
{
    QJsonArray out;
    int index = 0;
    for (const QJsonValue &item : requests) {
        const QJsonObject o = item.toObject();
        const QJsonValue request = o.value(QStringLiteral("request"));
        const QJsonValue metadata = json::field(o, QLatin1StringView("metadata"));
        const QString key = metadata.toObject().value(QStringLiteral("key")).toString();
        QJsonObject result;
        if (!metadata.isUndefined())
            result.insert(QStringLiteral("metadata"), metadata);
        if (neverServed(spec, index))
            result.insert(QStringLiteral("error"), cancelledError());
        else if (fails(spec, index))
            result.insert(QStringLiteral("error"), synth::internalLineError());
        else
            result.insert(QStringLiteral("response"),
                responseFor(spec, request.toObject(),
                    spec.model + QLatin1Char('/') + (key.isEmpty() ? QString::number(index) : key)));
        out.append(result);
        ++index;
    }
    return out;
}

} // namespace bb::emulator
