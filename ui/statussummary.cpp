#include "statussummary.h"

#include "submissionengine.h"

#include <QCoreApplication>
#include <QLocale>

namespace bb {
namespace {

struct StatusSummary
{
    Q_DECLARE_TR_FUNCTIONS(StatusSummary)

public:
    static QString summary(const EngineStatus &s, const QDateTime &next, const QDateTime &now, qint64 failed)
    {
        const QLocale locale;
        if (s.batches == 0)
            return tr("No batches yet — drop a folder of .jsonl files here, or use Add folder…");
        QStringList parts;
        parts.append(tr("%1/%2 done").arg(locale.toString(s.downloaded), locale.toString(s.batches)));
        if (s.waitingForQuota > 0) {
            QString waiting = tr("%n waiting for quota", nullptr, s.waitingForQuota);
            if (next.isValid()) {
                const QDateTime local = next.toLocalTime();
                const QString when = local.date() == now.toLocalTime().date()
                    ? locale.toString(local.time(), QLocale::ShortFormat)
                    : locale.toString(local, QLocale::ShortFormat);
                waiting = tr("%1, next try %2").arg(waiting, when);
            }
            parts.append(waiting);
        }
        if (s.activeJobs > 0)
            parts.append(tr("%n job(s) active", nullptr, s.activeJobs));
        parts.append(tr("%1 stored").arg(locale.formattedDataSize(s.storedBytes)));
        if (s.needsAttention > 0)
            parts.append(tr("%n need(s) attention", nullptr, s.needsAttention));
        if (failed > 0)
            parts.append(tr("%n request(s) failed", nullptr, int(std::min<qint64>(failed, INT_MAX))));
        return parts.join(QStringLiteral(" · "));
    }

    static QString reason(WaitReason reason)
    {
        switch (reason) {
        case WaitReason::None:
            return {};
        case WaitReason::Paused:
            return tr("the run to be resumed");
        case WaitReason::UploadSlots:
            return tr("an upload slot");
        case WaitReason::RateLimit:
            return tr("the rate limit");
        case WaitReason::DailyQuota:
            return tr("the daily quota");
        case WaitReason::BatchCapacity:
            return tr("batch capacity");
        case WaitReason::ConcurrentBatches:
            return tr("the concurrent job limit");
        case WaitReason::EnqueuedTokens:
            return tr("the enqueued token limit");
        case WaitReason::Storage:
            return tr("file storage");
        case WaitReason::ExpiryMargin:
            return tr("a fresh upload");
        case WaitReason::SpendCap:
            return tr("the spend cap");
        case WaitReason::Canary:
            return tr("the first job (it runs alone)");
        case WaitReason::FailureAlarm:
            return tr("you (a job's lines failed)");
        case WaitReason::ModelUnavailable:
            return tr("you (choose another model)");
        case WaitReason::Billing:
            return tr("you (billing)");
        case WaitReason::Backoff:
            return tr("a retry after an error");
        case WaitReason::Held:
            return tr("you (held)");
        case WaitReason::NeedsUser:
            return tr("you");
        }
        return {};
    }

    static QString runState(const EngineStatus &s)
    {
        if (!s.fatalError.isEmpty())
            return tr("Stopped");
        if (s.allDone())
            return tr("All done");
        if (!s.running)
            return tr("Paused");
        if (!s.reconciled)
            return tr("Checking with the server…");
        return tr("Running");
    }
};

} // namespace

QString statusSummaryText(const EngineStatus &status, const QDateTime &nextQuotaRetry,
    const QDateTime &serverNow, qint64 failedRequests)
{
    return StatusSummary::summary(status, nextQuotaRetry, serverNow, failedRequests);
}

QString waitReasonName(WaitReason reason)
{
    return StatusSummary::reason(reason);
}

QString runStateText(const EngineStatus &status)
{
    return StatusSummary::runState(status);
}

} // namespace bb
