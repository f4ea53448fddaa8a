#include "adoption.h"

#include "projectstore.h"

#include <QHash>
#include <QJsonObject>

namespace bb {
namespace {

constexpr qint64 fileLifetimeSeconds = 48 * 3600;

QString where(const HandoverEntry &entry)
{
    return entry.sourceLine > 0
        ? QStringLiteral("line %1: batch %2").arg(entry.sourceLine).arg(entry.batchNumber)
        : QStringLiteral("batch %1").arg(entry.batchNumber);
}

} // namespace

AdoptionSummary adoptHandover(ProjectStore &store, const Handover &handover)
{
    AdoptionSummary summary;
    for (const HandoverWarning &w : handover.warnings)
        summary.problems.append(
            w.line > 0 ? QStringLiteral("line %1: %2").arg(w.line).arg(w.reason) : w.reason);

    QHash<int, BatchRecord> byNumber;
    QHash<QString, int> jobOwner;
    for (const BatchRecord &b : store.batches()) {
        if (b.batchNumber && b.parentId == 0)
            byNumber.insert(*b.batchNumber, b);
        if (b.hasJob())
            jobOwner.insert(b.jobName, b.batchNumber.value_or(-1));
    }

    summary.error = store.transaction([&]() -> StoreError {
        for (const HandoverEntry &entry : handover.entries) {
            auto it = byNumber.find(entry.batchNumber);
            if (it == byNumber.end()) {
                summary.problems.append(
                    where(entry) + QStringLiteral(" is not in the project; import its file first"));
                continue;
            }
            BatchRecord b = *it;
            const BatchRecord before = b;
            if (!entry.jobName.isEmpty()) {
                if (b.jobName == entry.jobName) {
                    ++summary.alreadyKnown;
                    continue;
                }
                if (b.hasJob()) {
                    summary.problems.append(where(entry)
                        + QStringLiteral(" already has job %1; the report says %2")
                              .arg(b.jobName, entry.jobName));
                    continue;
                }
                if (jobOwner.contains(entry.jobName)) {
                    summary.problems.append(where(entry)
                        + QStringLiteral(": job %1 already belongs to batch %2")
                              .arg(entry.jobName)
                              .arg(jobOwner.value(entry.jobName)));
                    continue;
                }
                b.jobName = entry.jobName;
                b.state = BatchState::JobPending; // the next poll tells the truth
                jobOwner.insert(b.jobName, entry.batchNumber);
                ++summary.jobsAdopted;
            }
            if (!entry.fileName.isEmpty() && b.remoteFileName != entry.fileName && !b.hasRemoteFile()) {
                b.remoteFileName = entry.fileName;
                b.remoteFileUri.clear();
                if (entry.uploadedAt.isValid())
                    b.remoteFileExpiresAt = entry.uploadedAt.addSecs(fileLifetimeSeconds);
                if (!b.hasJob()) {
                    b.state = BatchState::Uploaded;
                    ++summary.filesAdopted;
                }
            } else if (entry.jobName.isEmpty() && b.remoteFileName == entry.fileName) {
                ++summary.alreadyKnown;
            }
            if (b == before)
                continue;
            b.stateChangedAt = QDateTime::currentDateTimeUtc();
            if (StoreError e = store.updateBatch(b))
                return e;
            EventRecord event;
            event.batchId = b.id;
            event.kind = QStringLiteral("import");
            event.code = QStringLiteral("adopted");
            event.details
                = { { QStringLiteral("job"), b.jobName }, { QStringLiteral("file"), b.remoteFileName },
                      { QStringLiteral("reportStatus"), entry.status } };
            if (StoreError e = store.appendEvent(event))
                return e;
            *it = b;
        }
        return StoreError::none();
    });
    if (summary.error) {
        summary.jobsAdopted = summary.filesAdopted = 0;
    }
    return summary;
}

} // namespace bb
