#pragma once

#include "googleerror.h"

#include <QDate>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <deque>
#include <optional>

namespace bb::emulator {

struct EmulatorLimits;

// Rate limits (batch creates per minute/day per model, upload starts per minute) on the emulated
// clock, and the batch-capacity checks, each answering with the body the real service uses
// (limits-and-errors.md §8). Only accepted requests count against a rate limit.
class Quotas final
{
public:
    static constexpr qint64 kMinuteUs = 60LL * 1000000;

    std::optional<GoogleError> checkBatchCreate(
        const QString &model, qint64 nowUs, const EmulatorLimits &limits);
    void noteBatchCreate(const QString &model, qint64 nowUs);
    std::optional<GoogleError> checkUploadStart(qint64 nowUs, const EmulatorLimits &limits);
    void noteUploadStart(qint64 nowUs);
    void clear();

    // Concurrent batches → 429 with a Help link only; enqueued tokens → 429 without details.
    static std::optional<GoogleError> checkBatchCapacity(int activeBatches, qint64 enqueuedTokens,
        qint64 addingTokens, const QString &model, const EmulatorLimits &limits);
    // Project file storage → 429 with a Help link only.
    static std::optional<GoogleError> checkStorage(
        qint64 usedBytes, qint64 addingBytes, const EmulatorLimits &limits);

    // The day the per-day quotas count in: midnight to midnight, America/Los_Angeles.
    static QDate pacificDate(qint64 us);
    QJsonObject toJson(qint64 nowUs) const;

private:
    struct DayCount
    {
        QDate day;
        int count = 0;
    };

    static void prune(std::deque<qint64> &window, qint64 nowUs);
    static qint64 minuteRetryUs(const std::deque<qint64> &window, int limit, qint64 nowUs);

    QHash<QString, std::deque<qint64>> m_createsMinute; // by model
    QHash<QString, DayCount> m_createsDay; // by model
    std::deque<qint64> m_uploadsMinute;
};

} // namespace bb::emulator
