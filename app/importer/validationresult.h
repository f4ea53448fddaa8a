#pragma once

#include "importlimits.h"
#include "keylist.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace bb {

struct ValidationError
{
    qint64 line = 0; // 1-based; 0 = the file as a whole
    QString reason; // developer English, shown verbatim after "file:line: "

    friend bool operator==(const ValidationError &, const ValidationError &) = default;
};

// What validating one JSONL file found. A value type: cheap to copy (the key list is shared).
struct ValidationResult
{
    QString path;
    qint64 size = 0;
    QDateTime lastModified; // UTC, taken when the file was opened
    QString sha256; // lowercase hex of exactly the bytes validated; empty if not read to the end
    qint64 requestCount = 0;
    qint64 lineCount = 0;
    qint64 textBytes = 0; // UTF-8 bytes of all "text" parts of all requests
    qint64 tokenEstimate = 0; // ceil(textBytes / 4); see JsonlValidator
    std::optional<int> batchNumber;
    QList<ValidationError> errors; // the first maxReportedErrors by line (file-level ones first)
    qint64 errorCount = 0; // all errors, reported or not
    bool byteOrderMark = false; // the file starts with a UTF-8 BOM (skipped)
    bool crlfLineEnds = false; // at least one line ends in CRLF
    bool finalNewlineMissing = false; // the last line has no '\n'
    bool overSizeLimit = false; // larger than ValidatorOptions::maxFileBytes: offer a split
    bool cancelled = false;
    std::shared_ptr<const KeyList> keys; // distinct keys in input order (null if not read)

    // Requests without a "key" (named after their batch and line in the project).
    qint64 keylessCount() const { return keys ? keys->implicitCount() : 0; }

    bool ok() const { return errorCount == 0 && !cancelled && !sha256.isEmpty(); }

    // "path:line: reason", or "path: reason" for a file-level error.
    QString format(const ValidationError &error) const;
    QStringList messages() const;

    // Counts an error and keeps it if it is among the first `cap` by line; `reason` is only
    // called when the error is kept, so a file with a million bad lines builds 1000 strings.
    template<typename MakeReason> void addError(qint64 line, int cap, MakeReason &&reason)
    {
        ++errorCount;
        if (keeps(line, cap))
            insertError(line, reason(), cap);
    }
    void addError(qint64 line, const QString &reason, int cap = kMaxReportedErrors)
    {
        addError(line, cap, [&reason] { return reason; });
    }

private:
    bool keeps(qint64 line, int cap) const;
    void insertError(qint64 line, const QString &reason, int cap);
};

} // namespace bb

Q_DECLARE_METATYPE(bb::ValidationResult)
