#pragma once

#include "batchrecord.h"

#include <QDateTime>
#include <QString>

namespace bb {

// The sidebar's categories. A batch may be in several (Uploaded and Expiring soon, say).
enum class BatchFilter
{
    All,
    NotUploaded,
    Uploading,
    Uploaded,
    ExpiringSoon,
    FileExpired,
    WaitingForQuota,
    Pending,
    Running,
    Succeeded,
    FailedCancelledExpired,
    NeedsAttention,
};
constexpr int batchFilterCount = int(BatchFilter::NeedsAttention) + 1;

struct FilterContext
{
    QDateTime now;
    qint64 expiringSoonSeconds = 6 * 3600; // the expiry safety margin
};

bool matches(BatchFilter filter, const BatchRecord &record, const FilterContext &context);
bool isWaitingForQuota(const BatchRecord &record);
QString filterName(BatchFilter filter); // translated

} // namespace bb
