#include "quotas.h"

#include "emulatorclock.h"
#include "emulatorconfig.h"

#include <QJsonArray>
#include <QTimeZone>

namespace bb::emulator {
namespace {

const QString kCreateMetric = QStringLiteral("generativelanguage.googleapis.com/batch_create_requests");
const QString kUploadMetric = QStringLiteral("generativelanguage.googleapis.com/file_upload_requests");

} // namespace

void Quotas::prune(std::deque<qint64> &window, qint64 nowUs)
{
    while (!window.empty() && window.front() + kMinuteUs <= nowUs)
        window.pop_front();
}

qint64 Quotas::minuteRetryUs(const std::deque<qint64> &window, int limit, qint64 nowUs)
{
    // The request is admitted once enough of the window's entries have aged out.
    const size_t mustLeave = window.size() - size_t(limit) + 1;
    const qint64 freeAt = window[mustLeave - 1] + kMinuteUs;
    return std::max<qint64>(1000, freeAt - nowUs);
}

QDate Quotas::pacificDate(qint64 us)
{
    static const QTimeZone pacific(QByteArrayLiteral("America/Los_Angeles"));
    const QDateTime utc = EmulatorClock::toDateTime(us);
    if (pacific.isValid())
        return utc.toTimeZone(pacific).date();
    return utc.addSecs(-8 * 3600).date();
}

std::optional<GoogleError> Quotas::checkBatchCreate(
    const QString &model, qint64 nowUs, const EmulatorLimits &limits)
{
    if (limits.batchCreatesPerMinute > 0) {
        auto &window = m_createsMinute[model];
        prune(window, nowUs);
        if (window.size() >= size_t(limits.batchCreatesPerMinute)) {
            GoogleError::Quota q;
            q.metric = kCreateMetric;
            q.quotaId = QStringLiteral("BatchCreateRequestsPerMinutePerProjectPerModel");
            q.model = model;
            q.limit = limits.batchCreatesPerMinute;
            q.retryDelayUs = minuteRetryUs(window, limits.batchCreatesPerMinute, nowUs);
            return GoogleError::quotaExceeded(q);
        }
    }
    if (limits.batchCreatesPerDay > 0) {
        const DayCount day = m_createsDay.value(model);
        if (day.day == pacificDate(nowUs) && day.count >= limits.batchCreatesPerDay) {
            GoogleError::Quota q;
            q.metric = kCreateMetric;
            q.quotaId = QStringLiteral("BatchCreateRequestsPerDayPerProjectPerModel");
            q.model = model;
            q.limit = limits.batchCreatesPerDay;
            q.withHelpLink = false;
            // Real per-day 429s carry a short retryDelay all the same; retrying does not help.
            q.retryDelayUs = kMinuteUs - (nowUs % kMinuteUs);
            return GoogleError::quotaExceeded(q);
        }
    }
    return std::nullopt;
}

void Quotas::noteBatchCreate(const QString &model, qint64 nowUs)
{
    auto &window = m_createsMinute[model];
    prune(window, nowUs);
    window.push_back(nowUs);
    DayCount &day = m_createsDay[model];
    const QDate today = pacificDate(nowUs);
    if (day.day != today)
        day = DayCount { today, 0 };
    ++day.count;
}

std::optional<GoogleError> Quotas::checkUploadStart(qint64 nowUs, const EmulatorLimits &limits)
{
    if (limits.uploadsPerMinute <= 0)
        return std::nullopt;
    prune(m_uploadsMinute, nowUs);
    if (m_uploadsMinute.size() < size_t(limits.uploadsPerMinute))
        return std::nullopt;
    GoogleError::Quota q;
    q.metric = kUploadMetric;
    q.quotaId = QStringLiteral("FileUploadRequestsPerMinutePerProject");
    q.limit = limits.uploadsPerMinute;
    q.retryDelayUs = minuteRetryUs(m_uploadsMinute, limits.uploadsPerMinute, nowUs);
    return GoogleError::quotaExceeded(q);
}

void Quotas::noteUploadStart(qint64 nowUs)
{
    prune(m_uploadsMinute, nowUs);
    m_uploadsMinute.push_back(nowUs);
}

void Quotas::clear()
{
    m_createsMinute.clear();
    m_createsDay.clear();
    m_uploadsMinute.clear();
}

std::optional<GoogleError> Quotas::checkBatchCapacity(int activeBatches, qint64 enqueuedTokens,
    qint64 addingTokens, const QString &model, const EmulatorLimits &limits)
{
    if (activeBatches >= limits.concurrentBatches)
        return GoogleError::capacityExhausted(true);
    if (enqueuedTokens + addingTokens > limits.enqueuedTokensFor(model))
        return GoogleError::capacityExhausted(false);
    return std::nullopt;
}

std::optional<GoogleError> Quotas::checkStorage(
    qint64 usedBytes, qint64 addingBytes, const EmulatorLimits &limits)
{
    if (usedBytes + addingBytes > limits.storageBytes)
        return GoogleError::capacityExhausted(true);
    return std::nullopt;
}

QJsonObject Quotas::toJson(qint64 nowUs) const
{
    QJsonObject minute;
    for (auto it = m_createsMinute.cbegin(); it != m_createsMinute.cend(); ++it) {
        int n = 0;
        for (const qint64 t : it.value())
            n += t + kMinuteUs > nowUs ? 1 : 0;
        minute.insert(it.key(), n);
    }
    QJsonObject day;
    const QDate today = pacificDate(nowUs);
    for (auto it = m_createsDay.cbegin(); it != m_createsDay.cend(); ++it)
        day.insert(it.key(), it.value().day == today ? it.value().count : 0);
    int uploads = 0;
    for (const qint64 t : m_uploadsMinute)
        uploads += t + kMinuteUs > nowUs ? 1 : 0;
    return QJsonObject {
        { QStringLiteral("batchCreatesLastMinute"), minute },
        { QStringLiteral("batchCreatesToday"), day },
        { QStringLiteral("uploadsLastMinute"), uploads },
        { QStringLiteral("pacificDate"), today.toString(Qt::ISODate) },
    };
}

} // namespace bb::emulator
