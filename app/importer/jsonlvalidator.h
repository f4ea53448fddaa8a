#pragma once

#include "importlimits.h"
#include "validationresult.h"

#include <QString>

#include <atomic>
#include <functional>

namespace bb {

struct ValidatorOptions
{
    qint64 maxFileBytes = kMaxInputFileBytes;
    qint64 maxLineBytes = kMaxLineBytes;
    int maxReportedErrors = kMaxReportedErrors;
    qint64 blockBytes = kReadBlockBytes;
    // Room for the unfinished line carried into the next block; only longer lines make a block
    // grow (and it shrinks back when released), so buffers are not reallocated block after block.
    qint64 carryReserveBytes = 1 << 20;
};

// Called with the bytes of this file read so far, from the validating thread, once per block.
using ProgressFunction = std::function<void(qint64 bytesDone)>;

// Validates one JSONL request file for the Gemini Batch API, streaming: the file is read in blocks
// through a small pool of buffers (about 4 × blockBytes, plus at most one long line), parsed line
// by line on the calling thread while a second thread computes the SHA-256 of the same blocks.
// Synchronous and re-entrant: run it on a worker thread (see ImportTask), never on a GUI thread.
//
// Rules, each reported as `file:line: reason` (1-based lines), as the service reads a file:
//  - every line is a JSON object with an object "request" and, optionally, a non-empty string
//    "key" (a request without one is named after its batch and line when imported);
//  - a key may appear once per file: `duplicate key "k" (first seen at line 3)`;
//  - bytes must be UTF-8 ("invalid UTF-8"). Accepted and noted in the result (the import summary
//    says so): a UTF-8 byte-order mark, CRLF line ends, a last line without a newline;
//  - blank (whitespace-only) lines inside the file are errors, one per run of them ("blank line",
//    "3 blank lines (5-7)"), because they usually mean a broken writer; blank lines after the last
//    request are tolerated, as editors commonly leave them;
//  - a line over maxLineBytes is reported and skipped without being buffered;
//  - file level (no line): "empty file", "no requests", "file is N bytes, over the limit of M
//    bytes" (still validated, so a split can be offered), read errors, and a file that changed
//    size while being read.
// Token estimate: UTF-8 bytes of the "text" parts of contents[], content and systemInstruction,
// divided by 4 and rounded up — the usual ~4 bytes/token for English; other parts (files, inline
// data) are not counted. It is cheap: the parse tree already exists.
class JsonlValidator final
{
public:
    explicit JsonlValidator(const ValidatorOptions &options = {});

    ValidationResult validate(const QString &path, const std::atomic_bool *cancel = nullptr,
        const ProgressFunction &progress = {}) const;

private:
    ValidatorOptions m_options;
};

} // namespace bb
