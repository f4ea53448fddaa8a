#pragma once

#include "batchinput.h"
#include "googleerror.h"

#include <QByteArray>
#include <QJsonArray>
#include <QString>

#include <optional>

namespace bb::emulator {

// Create-time validation of a batch input (changes-2026.md row 2): every line must be
// {"key"?: string, "request": GenerateContentRequest | EmbedContentRequest}, camelCase or snake_case.
// The first bad line rejects the whole create with 400 "Error on line N: <reason>".
class InputValidation final
{
public:
    // The reason a single JSONL line is refused ("invalid JSON, near column 23: unexpected
    // character: '['; expected '{'"), or an empty string when it is fine.
    static QString lineProblem(const QByteArray &line, BatchKind kind);
    // The 400 for the first bad non-blank line of a file; `*readError` when it cannot be read.
    static std::optional<GoogleError> checkFile(const QString &path, BatchKind kind, bool *readError);
    // The 400 for the first bad item of inputConfig.requests.requests[].
    static std::optional<GoogleError> checkInline(const QJsonArray &requests, BatchKind kind);
};

} // namespace bb::emulator
