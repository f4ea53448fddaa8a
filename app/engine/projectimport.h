#pragma once

#include "storeerror.h"
#include "validationresult.h"

#include <QList>
#include <QStringList>

namespace bb {

class ProjectStore;

struct ImportOutcome
{
    int added = 0;
    int unchanged = 0;
    int updated = 0; // changed before anything was uploaded: taken as it is now
    QStringList rejected; // "file: reason" — files with errors, or changed after upload
    StoreError error; // the store refused; nothing was imported
};

// Adds validated files to the project: one batch each, named "batch-011" after the number in the
// file name (or after the file name), with every key in the ledger. Importing the same files again
// changes nothing; a changed file is taken again only while nothing of it is on the server yet,
// otherwise it is reported and left alone. Keys already in the project are refused, so every key
// has exactly one source.
ImportOutcome importValidated(ProjectStore &store, const QList<ValidationResult> &files);

// "batch-011" for batch 11, else a name made from the file's stem ("My File.jsonl" → "my-file").
QString displayNameFor(const ValidationResult &file);

} // namespace bb
