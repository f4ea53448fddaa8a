#pragma once

#include <QString>

#include <cstddef>
#include <memory>
#include <string_view>

namespace bb {

struct LineCheck
{
    enum class Kind
    {
        Request,
        Blank,
        Invalid
    };
    Kind kind = Kind::Invalid;
    QString reason; // Invalid: why, in developer English
    std::string_view key; // Request: valid until the next check(); empty when the line has none
    qint64 textBytes = 0; // Request: bytes of the "text" parts (token estimate)
};

// Checks one JSONL line with simdjson's DOM parser (runtime-dispatched to the best kernel for this
// CPU; the On-Demand front end of a distribution build would fall back to the generic kernel). The
// line is parsed in place: `data` must stay readable for kPadding bytes past `size`.
class LineChecker final
{
public:
    static constexpr size_t kPadding = 64;

    LineChecker();
    ~LineChecker();
    LineChecker(const LineChecker &) = delete;
    LineChecker &operator=(const LineChecker &) = delete;

    LineCheck check(const char *data, size_t size);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace bb
