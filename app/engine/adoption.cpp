#include "adoption.h"

#include "projectstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QJsonObject>
#include <QMultiHash>

namespace bb {
namespace {

constexpr qint64 fileLifetimeSeconds = 48 * 3600;

QString where(const HandoverEntry &entry)
{
    return entry.sourceLine > 0
        ? QStringLiteral("line %1: batch %2").arg(entry.sourceLine).arg(entry.batchNumber)
        : QStringLiteral("batch %1").arg(entry.batchNumber);
}

// "170-204" for a sorted list of consecutive numbers, else "170, 172, …".
QString numbers(const QList<int> &sorted)
{
    if (sorted.isEmpty())
        return {};
    if (sorted.last() - sorted.first() + 1 == sorted.size())
        return sorted.size() == 1 ? QString::number(sorted.first())
                                  : QStringLiteral("%1-%2").arg(sorted.first()).arg(sorted.last());
    QStringList parts;
    for (int n : sorted.mid(0, 8))
        parts.append(QString::number(n));
    return parts.join(QStringLiteral(", ")) + (sorted.size() > 8 ? QStringLiteral(", …") : QString());
}

class Adopter
{
public:
    Adopter(ProjectStore &store, AdoptionSummary &summary)
        : m_store(store)
        , m_summary(summary)
    {
        for (const BatchRecord &b : store.batches()) {
            if (b.batchNumber && b.parentId == 0)
                m_byNumber.insert(*b.batchNumber, b);
            if (b.hasJob())
                m_jobOwner.insert(b.jobName, b.batchNumber.value_or(-1));
        }
    }

    bool hasNumber(int number) const { return m_byNumber.contains(number); }

    // Applies one entry; false with an error when the store refused.
    StoreError adopt(const HandoverEntry &entry, const QString &source, bool rememberUnknown)
    {
        const QList<BatchRecord> candidates = m_byNumber.values(entry.batchNumber);
        if (candidates.isEmpty()) {
            if (!rememberUnknown)
                return StoreError::none();
            ProjectStore::HandoverClaim claim;
            claim.batchNumber = entry.batchNumber;
            claim.jobName = entry.jobName;
            claim.fileName = entry.fileName;
            claim.status = entry.status;
            claim.uploadedAt = entry.uploadedAt;
            claim.source = source;
            ++m_summary.remembered;
            return m_store.rememberHandoverClaim(claim);
        }
        for (const BatchRecord &b : candidates) {
            if (!entry.jobName.isEmpty() && b.jobName == entry.jobName) {
                ++m_summary.alreadyKnown;
                return StoreError::none();
            }
        }
        if (candidates.size() > 1) {
            QStringList names;
            for (const BatchRecord &b : candidates)
                names.append(QFileInfo(b.localPath).fileName());
            names.sort();
            m_summary.problems.append(where(entry)
                + QStringLiteral(": %1 local files have this number (%2); not adopted, so nothing is guessed")
                      .arg(candidates.size())
                      .arg(names.join(QStringLiteral(", "))));
            return StoreError::none();
        }
        BatchRecord b = candidates.first();
        const BatchRecord before = b;
        if (!entry.jobName.isEmpty()) {
            if (b.hasJob()) {
                m_summary.problems.append(where(entry)
                    + QStringLiteral(" already has job %1; the report says %2")
                          .arg(b.jobName, entry.jobName));
                return StoreError::none();
            }
            if (m_jobOwner.contains(entry.jobName)) {
                m_summary.problems.append(where(entry)
                    + QStringLiteral(": job %1 already belongs to batch %2")
                          .arg(entry.jobName)
                          .arg(m_jobOwner.value(entry.jobName)));
                return StoreError::none();
            }
            b.jobName = entry.jobName;
            b.state = BatchState::JobPending; // the next poll tells the truth
            b.waitReason = WaitReason::None;
            b.nextAttemptAt = {};
            m_jobOwner.insert(b.jobName, entry.batchNumber);
            ++m_summary.jobsAdopted;
        }
        if (!entry.fileName.isEmpty() && b.remoteFileName != entry.fileName && !b.hasRemoteFile()) {
            b.remoteFileName = entry.fileName;
            b.remoteFileUri.clear();
            if (entry.uploadedAt.isValid())
                b.remoteFileExpiresAt = entry.uploadedAt.addSecs(fileLifetimeSeconds);
            if (!b.hasJob()) {
                b.state = BatchState::Uploaded;
                b.waitReason = WaitReason::None;
                b.nextAttemptAt = {};
                ++m_summary.filesAdopted;
            }
        } else if (entry.jobName.isEmpty() && b.remoteFileName == entry.fileName) {
            ++m_summary.alreadyKnown;
        }
        if (b == before)
            return StoreError::none();
        b.stateChangedAt = QDateTime::currentDateTimeUtc();
        if (StoreError e = m_store.updateBatch(b))
            return e;
        EventRecord event;
        event.batchId = b.id;
        event.kind = QStringLiteral("import");
        event.code = QStringLiteral("adopted");
        event.details = { { QStringLiteral("job"), b.jobName }, { QStringLiteral("file"), b.remoteFileName },
            { QStringLiteral("reportStatus"), entry.status }, { QStringLiteral("source"), source } };
        if (StoreError e = m_store.appendEvent(event))
            return e;
        m_byNumber.remove(entry.batchNumber);
        m_byNumber.insert(entry.batchNumber, b);
        return StoreError::none();
    }

private:
    ProjectStore &m_store;
    AdoptionSummary &m_summary;
    QMultiHash<int, BatchRecord> m_byNumber;
    QHash<QString, int> m_jobOwner;
};

} // namespace

AdoptionSummary adoptHandover(ProjectStore &store, const Handover &handover, const QString &source)
{
    AdoptionSummary summary;
    for (const HandoverWarning &w : handover.warnings)
        summary.problems.append(
            w.line > 0 ? QStringLiteral("line %1: %2").arg(w.line).arg(w.reason) : w.reason);
    if (handover.describesLocalFilesOnly())
        summary.notes.append(QCoreApplication::translate("bb::Engine",
            "lists %n local file(s) and nothing on the server; nothing to adopt", nullptr,
            int(handover.localPaths.size())));
    if (!handover.failedBatchNumbers.isEmpty())
        summary.notes.append(QCoreApplication::translate("bb::Engine",
            "lists %n batch(es) as failed (%1); nothing to adopt for them, and the server has the final word",
            nullptr, int(handover.failedBatchNumbers.size()))
                                 .arg(numbers(handover.failedBatchNumbers)));

    summary.error = store.transaction([&]() -> StoreError {
        Adopter adopter(store, summary);
        for (const HandoverEntry &entry : handover.entries) {
            if (StoreError e = adopter.adopt(entry, source, true))
                return e;
        }
        return StoreError::none();
    });
    if (summary.error) {
        summary.jobsAdopted = summary.filesAdopted = summary.remembered = 0;
    } else if (summary.remembered > 0) {
        summary.notes.append(QCoreApplication::translate("bb::Engine",
            "%n batch(es) are not in the project yet; what the report says about them is adopted when "
            "their files are imported",
            nullptr, summary.remembered));
    }
    return summary;
}

AdoptionSummary adoptRememberedClaims(ProjectStore &store)
{
    AdoptionSummary summary;
    const QList<ProjectStore::HandoverClaim> claims = store.handoverClaims();
    if (claims.isEmpty())
        return summary;
    summary.error = store.transaction([&]() -> StoreError {
        QList<int> applied;
        Adopter adopter(store, summary);
        for (const ProjectStore::HandoverClaim &claim : claims) {
            if (!adopter.hasNumber(claim.batchNumber))
                continue;
            HandoverEntry entry;
            entry.batchNumber = claim.batchNumber;
            entry.jobName = claim.jobName;
            entry.fileName = claim.fileName;
            entry.status = claim.status;
            entry.uploadedAt = claim.uploadedAt;
            if (StoreError e = adopter.adopt(entry, claim.source, false))
                return e;
            if (applied.isEmpty() || applied.last() != claim.batchNumber)
                applied.append(claim.batchNumber);
        }
        for (int number : std::as_const(applied)) {
            if (StoreError e = store.forgetHandoverClaims(number))
                return e;
        }
        return StoreError::none();
    });
    if (summary.error)
        summary.jobsAdopted = summary.filesAdopted = 0;
    return summary;
}

QString describeAdoption(const AdoptionSummary &summary)
{
    return QCoreApplication::translate(
        "bb::Engine", "%1 jobs and %2 uploaded files adopted, %3 already known")
        .arg(summary.jobsAdopted)
        .arg(summary.filesAdopted)
        .arg(summary.alreadyKnown);
}

} // namespace bb
