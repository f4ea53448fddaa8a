#pragma once

#include "batchstate.h"

#include <QDateTime>
#include <QString>

namespace bb {

struct EngineStatus;

// "118/194 done · 3 waiting for quota, next try 14:32 · 7.2 GB stored · 2 need attention ·
// 31 requests failed"
QString statusSummaryText(const EngineStatus &status, const QDateTime &nextQuotaRetry,
    const QDateTime &serverNow, qint64 failedRequests = 0);
// "batch capacity", "daily quota", ... (translated, lower case: it follows "waiting for")
QString waitReasonName(WaitReason reason);
// "Running", "Paused", "All done", "Stopped: <reason>"
QString runStateText(const EngineStatus &status);

} // namespace bb
