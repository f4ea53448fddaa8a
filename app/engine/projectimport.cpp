#include "projectimport.h"

#include "batchnaming.h"
#include "projectstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSet>

#include <climits>

namespace bb {

QString displayNameFor(const ValidationResult &file)
{
    return displayNameFromFileName(QFileInfo(file.path).fileName());
}

QStringList importNotes(const ImportOutcome &outcome)
{
    QStringList notes;
    if (outcome.added == 0)
        return notes;
    notes.append(batchNumberRule());
    if (outcome.withoutBatchNumber > 0)
        notes.append(QCoreApplication::translate("bb::Engine",
            "%n file(s) have no number in their name; they are batches without a number.", nullptr,
            outcome.withoutBatchNumber));
    // Computed apart: lupdate 6.4 spins forever on a template argument list inside translate().
    const int keyless = outcome.keylessRequests > INT_MAX ? INT_MAX : int(outcome.keylessRequests);
    if (keyless > 0)
        notes.append(QCoreApplication::translate("bb::Engine",
            "%n request(s) have no \"key\"; each is named after its batch and line (batch_011_proper#line1) "
            "in the results and the export.",
            nullptr, keyless));
    if (outcome.withByteOrderMark > 0)
        notes.append(QCoreApplication::translate("bb::Engine",
            "%n file(s) start with a UTF-8 byte-order mark; it is skipped.", nullptr,
            outcome.withByteOrderMark));
    if (outcome.withCrlf > 0)
        notes.append(QCoreApplication::translate("bb::Engine",
            "%n file(s) have Windows (CRLF) line ends; they are read as they are.", nullptr,
            outcome.withCrlf));
    if (outcome.withoutFinalNewline > 0)
        notes.append(QCoreApplication::translate("bb::Engine",
            "%n file(s) end without a final newline; their last line is read as a request.", nullptr,
            outcome.withoutFinalNewline));
    return notes;
}

namespace {

QString canonical(const QString &path)
{
    const QFileInfo info(path);
    const QString resolved = info.canonicalFilePath();
    return resolved.isEmpty() ? info.absoluteFilePath() : resolved;
}

bool sameContent(const BatchRecord &r, const ValidationResult &f)
{
    return r.sizeBytes == f.size && r.sha256Hex == f.sha256;
}

// The ledger's names of a file's requests in input order: its keys, and for a line without one
// the implicit name made from the batch and the line.
struct RequestNames
{
    QStringList keys;
    QSet<qsizetype> keyless;
};

RequestNames requestNames(const ValidationResult &f, const QString &batchName)
{
    RequestNames names;
    if (!f.keys)
        return names;
    const KeyList &list = *f.keys;
    names.keys.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.isImplicit(i)) {
            names.keyless.insert(i);
            names.keys.append(implicitRequestKey(batchName, list.line(i)));
        } else {
            names.keys.append(list.keyString(i));
        }
    }
    return names;
}

void fill(BatchRecord &r, const ValidationResult &f, const QString &path)
{
    r.localPath = path;
    r.sizeBytes = f.size;
    r.modifiedAt = f.lastModified;
    r.sha256Hex = f.sha256;
    r.requestCount = f.requestCount;
    r.tokenEstimate = f.tokenEstimate;
    r.batchNumber = f.batchNumber;
}

} // namespace

ImportWriter::ImportWriter(
    ProjectStore &store, const QList<ValidationResult> &files, const std::optional<QList<BatchRecord>> &known)
    : m_store(store)
    , m_files(files)
{
    for (const BatchRecord &r : known ? *known : store.batches()) {
        m_byPath.insert(canonical(r.localPath), r);
        m_names.insert(r.displayName);
    }
}

StoreError ImportWriter::writeNext()
{
    if (atEnd())
        return StoreError::none();
    const qsizetype index = m_next++;
    const ValidationResult &f = m_files.at(index);
    m_bytesDone += f.size;
    ProjectStore &store = m_store;
    ImportOutcome &outcome = m_outcome;
    auto &byPath = m_byPath;
    auto &names = m_names;
    const StoreError error = store.transaction([&]() -> StoreError {
        const QString path = canonical(f.path);
        if (!f.ok()) {
            outcome.rejected.append(QStringLiteral("%1: %2").arg(f.path,
                f.cancelled
                    ? QStringLiteral("import cancelled")
                    : QStringLiteral("%1 problem(s), e.g. %2").arg(f.errorCount).arg(f.messages().value(0))));
            return StoreError::none(); // this file is done
        }
        if (f.overSizeLimit) {
            outcome.rejected.append(
                QStringLiteral("%1: larger than the 2 GB limit of the Batch API; split it first")
                    .arg(f.path));
            return StoreError::none(); // this file is done
        }
        const auto known = byPath.constFind(path);
        if (known != byPath.cend()) {
            BatchRecord r = *known;
            if (sameContent(r, f)) {
                ++outcome.unchanged;
                if (r.modifiedAt != f.lastModified) { // touched, not changed
                    r.modifiedAt = f.lastModified;
                    if (StoreError e = store.updateBatch(r))
                        return e;
                }
                return StoreError::none(); // this file is done
            }
            if (r.state != BatchState::NotUploaded || r.hasRemoteFile() || r.hasJob()
                || !r.uploadSessionUrl.isEmpty()) {
                outcome.rejected.append(
                    QStringLiteral("%1: changed after it was uploaded (was %2 bytes, sha256 %3); "
                                   "put the new version in a new file")
                        .arg(f.path)
                        .arg(r.sizeBytes)
                        .arg(r.sha256Hex.left(12)));
                EventRecord e;
                e.batchId = r.id;
                e.kind = QStringLiteral("import");
                e.code = QStringLiteral("import.changed_after_upload");
                e.severity = Severity::Warning;
                if (StoreError err = store.appendEvent(e))
                    return err;
                return StoreError::none(); // this file is done
            }
            if (StoreError e = store.removeRequestKeys(r.id))
                return e;
            const RequestNames names = requestNames(f, r.displayName);
            QStringList clash;
            if (StoreError e = store.existingKeys(names.keys, &clash))
                return e;
            if (!clash.isEmpty()) {
                outcome.rejected.append(
                    QStringLiteral("%1: key \"%2\" is already in the project").arg(f.path, clash.first()));
                return { StoreError::Code::Constraint, outcome.rejected.last() };
            }
            fill(r, f, path);
            if (StoreError e = store.updateBatch(r))
                return e;
            if (StoreError e = store.insertRequestKeys(r.id, names.keys, names.keyless))
                return e;
            ++outcome.updated;
            return StoreError::none(); // this file is done
        }
        QString name = displayNameFor(f);
        for (int n = 2; names.contains(name); ++n)
            name = displayNameFor(f) + QStringLiteral("-%1").arg(n);
        const RequestNames requests = requestNames(f, name);
        QStringList clash;
        if (StoreError e = store.existingKeys(requests.keys, &clash))
            return e;
        if (!clash.isEmpty()) {
            outcome.rejected.append(QStringLiteral("%1: %2 key(s) already in the project, e.g. \"%3\"")
                                        .arg(f.path)
                                        .arg(clash.size())
                                        .arg(clash.first()));
            return StoreError::none(); // this file is done
        }
        BatchRecord r;
        fill(r, f, path);
        r.displayName = name;
        r.state = BatchState::NotUploaded;
        if (StoreError e = store.insertBatch(r))
            return e;
        if (StoreError e = store.insertRequestKeys(r.id, requests.keys, requests.keyless))
            return e;
        names.insert(name);
        byPath.insert(path, r);
        EventRecord e;
        e.batchId = r.id;
        e.kind = QStringLiteral("import");
        e.code = QStringLiteral("import.added");
        e.details
            = { { QStringLiteral("requests"), r.requestCount }, { QStringLiteral("bytes"), r.sizeBytes },
                  { QStringLiteral("keyless"), qint64(requests.keyless.size()) } };
        if (StoreError err = store.appendEvent(e))
            return err;
        ++outcome.added;
        outcome.withByteOrderMark += f.byteOrderMark ? 1 : 0;
        outcome.withCrlf += f.crlfLineEnds ? 1 : 0;
        outcome.withoutFinalNewline += f.finalNewlineMissing ? 1 : 0;
        outcome.withoutBatchNumber += f.batchNumber ? 0 : 1;
        outcome.keylessRequests += requests.keyless.size();
        return StoreError::none();
    });
    // The keys are in the store now: free each file's list as it is written, not millions at once
    // on the GUI thread when the writer goes.
    if (!error)
        m_files[index].keys.reset();
    return error;
}

ImportOutcome importValidated(ProjectStore &store, const QList<ValidationResult> &files)
{
    ImportWriter writer(store, files);
    const StoreError error = store.transaction([&]() -> StoreError {
        while (!writer.atEnd()) {
            if (StoreError e = writer.writeNext())
                return e;
        }
        return StoreError::none();
    });
    ImportOutcome outcome = writer.outcome();
    outcome.error = error;
    if (outcome.error)
        outcome.added = outcome.updated = 0;
    else if (outcome.added > 0)
        outcome.adoptedFromEarlierReports = adoptRememberedClaims(store);
    return outcome;
}

} // namespace bb
