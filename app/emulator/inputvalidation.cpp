#include "inputvalidation.h"

#include "jsonfields.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace bb::emulator {
namespace {

enum class Shape : char
{
    Object = '{',
    Array = '[',
    String = '"',
};

// A field of the line that has the wrong JSON type, by the spelling the input used.
struct Mismatch
{
    QStringList path; // e.g. {"request", "generation_config"}
    Shape expected = Shape::Object;
};

struct Problem
{
    bool missingRequest = false;
    std::optional<Mismatch> mismatch;
};

bool hasShape(const QJsonValue &v, Shape shape)
{
    switch (shape) {
    case Shape::Object:
        return v.isObject();
    case Shape::Array:
        return v.isArray();
    case Shape::String:
        return v.isString();
    }
    return false;
}

// The spelling of a camelCase field the object uses (camelCase first, then snake_case), or empty.
QString spelling(const QJsonObject &o, QLatin1StringView camel)
{
    if (o.contains(camel))
        return QString(camel);
    const QString snake = json::snakeCase(camel);
    return o.contains(snake) ? snake : QString();
}

std::optional<Problem> checkObject(const QJsonObject &line, BatchKind kind)
{
    if (line.contains(QStringLiteral("key")) && !line.value(QStringLiteral("key")).isString())
        return Problem { false, Mismatch { { QStringLiteral("key") }, Shape::String } };
    if (!line.contains(QStringLiteral("request")))
        return Problem { true, std::nullopt };
    const QJsonValue request = line.value(QStringLiteral("request"));
    if (!request.isObject())
        return Problem { false, Mismatch { { QStringLiteral("request") }, Shape::Object } };

    struct Rule
    {
        QLatin1StringView field;
        Shape shape;
    };
    static const Rule generate[] = {
        { QLatin1StringView("contents"), Shape::Array },
        { QLatin1StringView("systemInstruction"), Shape::Object },
        { QLatin1StringView("generationConfig"), Shape::Object },
        { QLatin1StringView("safetySettings"), Shape::Array },
        { QLatin1StringView("tools"), Shape::Array },
        { QLatin1StringView("toolConfig"), Shape::Object },
        { QLatin1StringView("cachedContent"), Shape::String },
    };
    static const Rule embed[] = {
        { QLatin1StringView("content"), Shape::Object },
        { QLatin1StringView("taskType"), Shape::String },
        { QLatin1StringView("title"), Shape::String },
    };
    const QJsonObject r = request.toObject();
    const auto check = [&r](const auto &rules) -> std::optional<Problem> {
        for (const Rule &rule : rules) {
            const QString name = spelling(r, rule.field);
            if (!name.isEmpty() && !hasShape(r.value(name), rule.shape))
                return Problem { false, Mismatch { { QStringLiteral("request"), name }, rule.shape } };
        }
        return std::nullopt;
    };
    return kind == BatchKind::Embed ? check(embed) : check(generate);
}

qsizetype skipSpace(const QByteArray &t, qsizetype i)
{
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n'))
        ++i;
    return i;
}

qsizetype skipString(const QByteArray &t, qsizetype i) // at the opening quote; returns past the closing one
{
    for (++i; i < t.size(); ++i) {
        if (t[i] == '\\')
            ++i;
        else if (t[i] == '"')
            return i + 1;
    }
    return i;
}

qsizetype skipValue(const QByteArray &t, qsizetype i)
{
    if (i < t.size() && t[i] == '"')
        return skipString(t, i);
    if (i < t.size() && (t[i] == '{' || t[i] == '[')) {
        int depth = 0;
        while (i < t.size()) {
            const char c = t[i];
            if (c == '"') {
                i = skipString(t, i);
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i + 1;
            ++i;
        }
        return i;
    }
    while (i < t.size() && !QByteArrayView(",}] \t\r\n").contains(t[i]))
        ++i;
    return i;
}

// Byte offset of the value of member `key` of the object starting at `start` (the text is valid
// JSON, checked before), or -1.
qsizetype memberOffset(const QByteArray &t, qsizetype start, const QString &key)
{
    qsizetype i = skipSpace(t, start) + 1; // past '{'
    const QByteArray wanted = '"' + key.toUtf8() + '"';
    while (true) {
        i = skipSpace(t, i);
        if (i >= t.size() || t[i] != '"')
            return -1;
        const qsizetype keyEnd = skipString(t, i);
        const bool match = QByteArrayView(t).sliced(i, keyEnd - i) == wanted;
        i = skipSpace(t, keyEnd) + 1; // past ':'
        i = skipSpace(t, i);
        if (match)
            return i;
        i = skipSpace(t, skipValue(t, i));
        if (i >= t.size() || t[i] != ',')
            return -1;
        ++i;
    }
}

QString unexpectedAt(const QByteArray &text, qsizetype offset, std::optional<Shape> expected)
{
    QString out = QStringLiteral("invalid JSON, near column %1: ").arg(offset + 1);
    if (offset >= text.size() || text[offset] == '\n' || text[offset] == '\r')
        out += QStringLiteral("unexpected end of input");
    else
        out += QStringLiteral("unexpected character: '%1'").arg(QChar::fromLatin1(text[offset]));
    if (expected)
        out += QStringLiteral("; expected '%1'").arg(QChar::fromLatin1(char(*expected)));
    return out;
}

QString shapeName(Shape shape)
{
    switch (shape) {
    case Shape::Array:
        return QStringLiteral("an array");
    case Shape::String:
        return QStringLiteral("a string");
    case Shape::Object:
        break;
    }
    return QStringLiteral("an object");
}

GoogleError lineError(int lineNumber, const QString &reason)
{
    return GoogleError::invalidArgument(QStringLiteral("Error on line %1: %2").arg(lineNumber).arg(reason));
}

bool isBlank(const QByteArray &line)
{
    return line.trimmed().isEmpty();
}

} // namespace

QString InputValidation::lineProblem(const QByteArray &line, BatchKind kind)
{
    const qsizetype first = skipSpace(line, 0);
    if (first >= line.size() || line[first] != '{')
        return unexpectedAt(line, first, Shape::Object);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return unexpectedAt(line, std::clamp<qsizetype>(parseError.offset, 0, line.size()), std::nullopt);

    const std::optional<Problem> problem = checkObject(doc.object(), kind);
    if (!problem)
        return QString();
    if (problem->missingRequest)
        return QStringLiteral("missing required field \"request\"");
    qsizetype at = first;
    for (const QString &key : problem->mismatch->path) {
        at = memberOffset(line, at, key);
        if (at < 0)
            return QStringLiteral("invalid value for field \"%1\"")
                .arg(problem->mismatch->path.join(QLatin1Char('.')));
    }
    return unexpectedAt(line, at, problem->mismatch->expected);
}

std::optional<GoogleError> InputValidation::checkFile(const QString &path, BatchKind kind, bool *readError)
{
    QFile file(path);
    *readError = !file.open(QIODevice::ReadOnly);
    if (*readError)
        return std::nullopt;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ++lineNumber;
        if (isBlank(line))
            continue;
        const QString problem = lineProblem(line, kind);
        if (!problem.isEmpty())
            return lineError(lineNumber, problem);
    }
    return std::nullopt;
}

std::optional<GoogleError> InputValidation::checkInline(const QJsonArray &requests, BatchKind kind)
{
    const QString batchType = kind == BatchKind::Embed ? QStringLiteral("EmbedContentBatch")
                                                       : QStringLiteral("GenerateContentBatch");
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const QString where = QStringLiteral("%1.input_config.requests.requests[%2]").arg(batchType).arg(i);
        if (!requests[i].isObject())
            return GoogleError::invalidArgument(
                QStringLiteral("* %1: must be an InlinedRequest object.").arg(where));
        const QJsonObject item = requests[i].toObject();
        const QJsonValue metadata = item.value(QStringLiteral("metadata"));
        if (!metadata.isUndefined() && !metadata.isNull() && !metadata.isObject())
            return GoogleError::invalidArgument(
                QStringLiteral("* %1.metadata: must be an object.").arg(where));
        // An inline item is {request, metadata?}: check it as a line without a key.
        QJsonObject asLine;
        if (item.contains(QStringLiteral("request")))
            asLine.insert(QStringLiteral("request"), item.value(QStringLiteral("request")));
        const std::optional<Problem> problem = checkObject(asLine, kind);
        if (!problem)
            continue;
        if (problem->missingRequest)
            return GoogleError::invalidArgument(
                QStringLiteral("* %1.request: required field is missing.").arg(where));
        return GoogleError::invalidArgument(QStringLiteral("* %1.%2: must be %3.")
                                                .arg(where, problem->mismatch->path.join(QLatin1Char('.')),
                                                    shapeName(problem->mismatch->expected)));
    }
    return std::nullopt;
}

} // namespace bb::emulator
