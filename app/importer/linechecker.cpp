#include "linechecker.h"

#include <QCoreApplication>

#include <simdjson.h>

namespace bb {
namespace {

using namespace simdjson;

static_assert(LineChecker::kPadding >= SIMDJSON_PADDING);

// A parser keeps its largest capacity (several bytes per input byte); after a huge line it is
// shrunk back to this so one 50 MB line does not pin hundreds of MB for the rest of the run.
constexpr size_t kKeptCapacity = 1 << 20;

QLatin1StringView typeName(dom::element_type type)
{
    switch (type) {
    case dom::element_type::ARRAY:
        return QLatin1StringView("array");
    case dom::element_type::OBJECT:
        return QLatin1StringView("object");
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
        return QLatin1StringView("number");
    case dom::element_type::STRING:
        return QLatin1StringView("string");
    case dom::element_type::BOOL:
        return QLatin1StringView("boolean");
    case dom::element_type::NULL_VALUE:
        return QLatin1StringView("null");
    }
    return QLatin1StringView("unknown");
}

QString parseErrorReason(error_code error)
{
    if (error == UTF8_ERROR)
        return QCoreApplication::translate("bb::Importer", "invalid UTF-8");
    return QCoreApplication::translate("bb::Importer", "not JSON: %1")
        .arg(QString::fromUtf8(error_message(error)));
}

QString found(const QString &what, dom::element_type type)
{
    return QCoreApplication::translate("bb::Importer", "%1 (found %2)").arg(what, typeName(type));
}

bool isBlank(const char *data, size_t size)
{
    for (size_t i = 0; i < size; ++i) {
        const char c = data[i];
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

// Bytes of the "text" parts of one Content ({"parts":[{"text":...}, ...]}).
qint64 textBytesOfContent(dom::element content)
{
    dom::array parts;
    if (content["parts"].get_array().get(parts))
        return 0;
    qint64 bytes = 0;
    for (dom::element part : parts) {
        std::string_view text;
        if (!part["text"].get_string().get(text))
            bytes += qint64(text.size());
    }
    return bytes;
}

// contents[] (generateContent), content (embedContent) and the system instruction, in either casing.
qint64 textBytesOfRequest(dom::object request)
{
    qint64 bytes = 0;
    dom::array contents;
    if (!request["contents"].get_array().get(contents)) {
        for (dom::element content : contents)
            bytes += textBytesOfContent(content);
    }
    dom::element single;
    if (!request["content"].get(single))
        bytes += textBytesOfContent(single);
    if (!request["systemInstruction"].get(single) || !request["system_instruction"].get(single))
        bytes += textBytesOfContent(single);
    return bytes;
}

LineCheck invalid(QString reason)
{
    LineCheck check;
    check.kind = LineCheck::Kind::Invalid;
    check.reason = std::move(reason);
    return check;
}

} // namespace

struct LineChecker::Private
{
    dom::parser parser;
};

LineChecker::LineChecker()
    : d(std::make_unique<Private>())
{
}

LineChecker::~LineChecker() = default;

LineCheck LineChecker::check(const char *data, size_t size)
{
    if (isBlank(data, size))
        return LineCheck { LineCheck::Kind::Blank, {}, {}, 0 };
    if (d->parser.capacity() > kKeptCapacity && size <= kKeptCapacity
        && d->parser.allocate(kKeptCapacity) != SUCCESS)
        return invalid(QCoreApplication::translate("bb::Importer", "out of memory"));

    dom::element root;
    if (const error_code error = d->parser.parse(data, size, false).get(root))
        return invalid(parseErrorReason(error));
    dom::object object;
    if (root.get_object().get(object))
        return invalid(found(QCoreApplication::translate("bb::Importer", "not a JSON object"), root.type()));

    // The key is optional, as for the service; a request without one is named after its line.
    std::string_view key;
    dom::element keyValue;
    if (!object["key"].get(keyValue)) {
        if (keyValue.get_string().get(key))
            return invalid(found(
                QCoreApplication::translate("bb::Importer", "\"key\" is not a string"), keyValue.type()));
        if (key.empty())
            return invalid(QCoreApplication::translate("bb::Importer", "empty \"key\""));
    }

    dom::element requestValue;
    if (object["request"].get(requestValue))
        return invalid(QCoreApplication::translate("bb::Importer", "missing \"request\""));
    dom::object request;
    if (requestValue.get_object().get(request))
        return invalid(found(QCoreApplication::translate("bb::Importer", "\"request\" is not an object"),
            requestValue.type()));

    return LineCheck { LineCheck::Kind::Request, {}, key, textBytesOfRequest(request) };
}

} // namespace bb
