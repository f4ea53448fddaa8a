#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace bb {

// The batch number a name carries: its one run of digits, or the last run when there are several.
// The same rule reads local file names and the display names other tools gave files and jobs on
// the server: "batch_011_proper.jsonl", "refinement_batch_011", "011.jsonl", "qa-part-11.jsonl",
// "batch-011-crypto-qa" → 11. A ".jsonl" extension and the ".partN" suffix FileSplitter writes are
// not part of the name; runs longer than 9 digits are no batch number.
std::optional<int> batchNumberInName(QStringView name);

// The rule above in one translated sentence, for import summaries.
QString batchNumberRule();

// The identity of a request line without a "key": its batch and its physical line in the file
// ("batch_011_proper#line1"). Shown and exported as the request's key.
QString implicitRequestKey(QStringView batchName, qint64 line);

// A display name for the server that keeps the user's file stem readable ("batch_011_proper" for
// "batch_011_proper.jsonl"): characters other than letters, digits, '_', '-' and '.' become '-',
// cut to 100 characters; "batch" when nothing is left.
QString displayNameFromFileName(QStringView fileName);

} // namespace bb
