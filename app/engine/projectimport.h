#pragma once

#include "adoption.h"
#include "batchrecord.h"
#include "storeerror.h"
#include "validationresult.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

#include <optional>

namespace bb {

class ProjectStore;

struct ImportOutcome
{
    int added = 0;
    int unchanged = 0;
    int updated = 0; // changed before anything was uploaded: taken as it is now
    QStringList rejected; // "file: reason" — files with errors, or changed after upload
    // What was accepted but is worth saying (the import summary lists it), over added files.
    int withByteOrderMark = 0;
    int withCrlf = 0;
    int withoutFinalNewline = 0;
    int withoutBatchNumber = 0;
    qint64 keylessRequests = 0; // named after their batch and line
    StoreError error; // the store refused; nothing was imported
    // What tracking files read before said about the batches added now (importValidated only;
    // an ImportWriter's caller runs adoptRememberedClaims itself when it is done).
    AdoptionSummary adoptedFromEarlierReports;
};

// What an import accepted that the user should know, one translated sentence each: the batch
// number rule, requests without a key, byte-order marks, CRLF, missing final newlines.
QStringList importNotes(const ImportOutcome &outcome);

// Adds validated files to the project: one batch each, named after the file's stem
// ("batch_011_proper"), with every request in the ledger (a line without a key under its implicit
// name, implicitRequestKey). Importing the same files again
// changes nothing; a changed file is taken again only while nothing of it is on the server yet,
// otherwise it is reported and left alone. Keys already in the project are refused, so every key
// has exactly one source.
ImportOutcome importValidated(ProjectStore &store, const QList<ValidationResult> &files);

// The same work one file at a time, so a caller can spread a large import over many short
// transactions (the desktop app writes a file per transaction between event-loop turns; one big
// transaction of millions of keys would freeze its window for seconds). Each writeNext() joins the
// caller's transaction if there is one.
class ImportWriter final
{
public:
    // `known` are the project's batches (read from the store when not given).
    ImportWriter(ProjectStore &store, const QList<ValidationResult> &files,
        const std::optional<QList<BatchRecord>> &known = std::nullopt);

    // Queues one more file (the desktop app hands each file over as soon as it is validated).
    void append(const ValidationResult &file) { m_files.append(file); }

    bool atEnd() const { return m_next >= m_files.size(); }
    qsizetype done() const { return m_next; }
    qint64 bytesDone() const { return m_bytesDone; }
    // Writes the next file; an error is the store's (a file's own problems go to `rejected`).
    StoreError writeNext();
    const ImportOutcome &outcome() const { return m_outcome; }

private:
    ProjectStore &m_store;
    QList<ValidationResult> m_files;
    qsizetype m_next = 0;
    qint64 m_bytesDone = 0;
    QHash<QString, BatchRecord> m_byPath;
    QSet<QString> m_names;
    ImportOutcome m_outcome;
};

// The file's stem, made safe for a display name ("My File.jsonl" → "My-File").
QString displayNameFor(const ValidationResult &file);

} // namespace bb
