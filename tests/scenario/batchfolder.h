#pragma once

#include <QString>

namespace bb::test {

// Writes `files` QA-style request files batch_<first>.jsonl … with `perFile` requests each, keys
// "b<NNN>-q<MMM>", the way the researcher's folder looked. Returns the folder.
QString writeBatchFolder(const QString &folder, int first, int files, int perFile);

} // namespace bb::test
