#include "batchtablemodel.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace bb {
namespace {

QString durationText(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    const qint64 days = seconds / 86400;
    const qint64 hours = (seconds % 86400) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    if (days > 0)
        return BatchTableModel::tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return BatchTableModel::tr("%1 h %2 min").arg(hours).arg(minutes);
    if (minutes > 0)
        return BatchTableModel::tr("%1 min").arg(minutes);
    return BatchTableModel::tr("%1 s").arg(seconds);
}

QString waitReasonText(WaitReason reason)
{
    switch (reason) {
    case WaitReason::None:
        return {};
    case WaitReason::Paused:
        return BatchTableModel::tr("paused");
    case WaitReason::UploadSlots:
        return BatchTableModel::tr("upload slot");
    case WaitReason::RateLimit:
        return BatchTableModel::tr("rate limit");
    case WaitReason::DailyQuota:
        return BatchTableModel::tr("daily quota");
    case WaitReason::BatchCapacity:
        return BatchTableModel::tr("batch capacity");
    case WaitReason::ConcurrentBatches:
        return BatchTableModel::tr("concurrent batch limit");
    case WaitReason::EnqueuedTokens:
        return BatchTableModel::tr("enqueued token limit");
    case WaitReason::Storage:
        return BatchTableModel::tr("file storage limit");
    case WaitReason::ExpiryMargin:
        return BatchTableModel::tr("file too close to expiry");
    case WaitReason::SpendCap:
        return BatchTableModel::tr("spend cap");
    case WaitReason::Canary:
        return BatchTableModel::tr("the first job runs alone");
    case WaitReason::FailureAlarm:
        return BatchTableModel::tr("paused: a job's lines failed");
    case WaitReason::ModelUnavailable:
        return BatchTableModel::tr("needs your attention: choose another model in Settings › Work");
    case WaitReason::Billing:
        return BatchTableModel::tr("stopped by billing");
    case WaitReason::Backoff:
        return BatchTableModel::tr("retrying after an error");
    case WaitReason::Held:
        return BatchTableModel::tr("held");
    case WaitReason::NeedsUser:
        return BatchTableModel::tr("needs your attention");
    }
    return {};
}

QString stateName(BatchState state)
{
    switch (state) {
    case BatchState::NotUploaded:
        return BatchTableModel::tr("Not uploaded");
    case BatchState::Uploading:
        return BatchTableModel::tr("Uploading");
    case BatchState::Uploaded:
        return BatchTableModel::tr("Uploaded");
    case BatchState::FileExpired:
        return BatchTableModel::tr("File expired");
    case BatchState::Creating:
        return BatchTableModel::tr("Creating job");
    case BatchState::JobPending:
        return BatchTableModel::tr("Pending");
    case BatchState::JobRunning:
        return BatchTableModel::tr("Running");
    case BatchState::JobSucceeded:
        return BatchTableModel::tr("Succeeded");
    case BatchState::Downloading:
        return BatchTableModel::tr("Downloading results");
    case BatchState::Downloaded:
        return BatchTableModel::tr("Done");
    case BatchState::JobFailed:
        return BatchTableModel::tr("Job failed");
    case BatchState::JobCancelled:
        return BatchTableModel::tr("Job cancelled");
    case BatchState::JobExpired:
        return BatchTableModel::tr("Job expired");
    }
    return {};
}

QString fileNameOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    return slash < 0 ? path : path.mid(slash + 1);
}

} // namespace

BatchTableModel::BatchTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_now(QDateTime::currentDateTimeUtc())
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, &BatchTableModel::flush);
}

int BatchTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BatchTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const BatchRecord *BatchTableModel::recordAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

QVariant BatchTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BatchRecord &r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case SortRole:
        return sortValue(r, index.column());
    case RecordIdRole:
        return r.id;
    case StateRole:
        return QVariant::fromValue(r.state);
    case ProgressRole:
        return QVariant::fromValue(progressOf(r));
    case UrgencyRole:
        return index.column() == ExpiresIn ? urgency(r) : 0;
    case SearchTextRole:
        return QStringList { r.displayName, r.localPath, r.jobName, r.remoteFileName, stateText(r),
            r.lastError }
            .join(u'\n');
    case Qt::TextAlignmentRole:
        if (index.column() == Requests || index.column() == Size || index.column() == Errors
            || index.column() == Cost)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == State && !r.lastError.isEmpty())
            return r.lastError;
        if (index.column() == File)
            return r.localPath;
        if (index.column() == ExpiresIn && r.remoteFileExpiresAt.isValid())
            return QLocale().toString(r.remoteFileExpiresAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Cost) {
            const BatchCost c = m_cost.costOf(r);
            if (!c.priced)
                return tr("The price table has no row for this model");
            QString tip = tr("Estimate %1 (non-batch price %2)")
                              .arg(moneyText(c.estimate.batch), moneyText(c.estimate.standard));
            if (c.hasActual)
                tip += u'\n'
                    + tr("Actual %1 (non-batch price %2)")
                          .arg(moneyText(c.actual.batch), moneyText(c.actual.standard));
            return tip;
        }
        return {};
    default:
        return {};
    }
}

BatchProgress BatchTableModel::progressOf(const BatchRecord &r) const
{
    BatchProgress p;
    p.total = r.requestCount;
    p.succeeded = r.succeededCount;
    p.failed = r.failedCount;
    p.pending = r.pendingCount;
    if (r.state == BatchState::Uploading) {
        p.uploading = true;
        const auto it = m_uploadProgress.constFind(r.id);
        const qint64 total = it != m_uploadProgress.cend() && it->second > 0 ? it->second : r.sizeBytes;
        const qint64 sent = it != m_uploadProgress.cend() ? it->first : r.uploadConfirmedBytes;
        p.uploadFraction = total > 0 ? std::clamp(double(sent) / double(total), 0.0, 1.0) : 0.0;
    }
    return p;
}

QVariant BatchTableModel::display(const BatchRecord &r, int column) const
{
    const QLocale locale;
    switch (column) {
    case Batch:
        return r.displayName;
    case File:
        return fileNameOf(r.localPath);
    case Requests:
        return locale.toString(r.requestCount);
    case Size:
        return locale.formattedDataSize(r.sizeBytes);
    case State:
        return stateText(r);
    case Progress:
        if (r.state == BatchState::Uploading)
            return tr("%1%").arg(int(progressOf(r).uploadFraction * 100));
        if (r.requestCount > 0 && (r.succeededCount + r.failedCount) > 0)
            return tr("%1 / %2").arg(
                locale.toString(r.succeededCount + r.failedCount), locale.toString(r.requestCount));
        return {};
    case ExpiresIn:
        if (!r.hasRemoteFile() || !r.remoteFileExpiresAt.isValid() || r.hasJob())
            return {};
        if (m_now >= r.remoteFileExpiresAt)
            return tr("expired");
        return durationText(m_now.secsTo(r.remoteFileExpiresAt));
    case Job:
        return r.jobName.section(u'/', -1);
    case Created:
        return r.jobCreatedAt.isValid() ? locale.toString(r.jobCreatedAt.toLocalTime(), QLocale::ShortFormat)
                                        : QString();
    case ElapsedEta: {
        if (!r.jobCreatedAt.isValid())
            return {};
        const QDateTime end = r.jobEndedAt.isValid() ? r.jobEndedAt : m_now;
        const qint64 elapsed = r.jobCreatedAt.secsTo(end);
        const qint64 done = r.succeededCount + r.failedCount;
        if (r.state == BatchState::JobRunning && done > 0 && r.requestCount > done) {
            const qint64 eta = elapsed * (r.requestCount - done) / done;
            return tr("%1 / ETA %2").arg(durationText(elapsed), durationText(eta));
        }
        return durationText(elapsed);
    }
    case Errors:
        return r.failedCount > 0 ? locale.toString(r.failedCount) : QString();
    case Cost: {
        const BatchCost c = m_cost.costOf(r);
        if (!c.priced)
            return tr("no price");
        return c.hasActual ? moneyText(c.actual.batch) : tr("≈ %1").arg(moneyText(c.estimate.batch));
    }
    }
    return {};
}

QString BatchTableModel::moneyText(double usd)
{
    const double a = std::abs(usd);
    const int decimals = a == 0 ? 2 : a < 0.01 ? 5 : a < 10 ? 4 : 2;
    return QLocale().toCurrencyString(usd, QStringLiteral("$"), decimals);
}

void BatchTableModel::setCostSettings(const CostSettings &settings, const QString &defaultModel)
{
    // Opening a project applies its settings more than once; each recalibration walks every row.
    if (settings == m_cost.settings() && defaultModel == m_cost.defaultModel())
        return;
    m_cost.setSettings(settings);
    m_cost.setDefaultModel(defaultModel);
    recalibrate(true);
}

void BatchTableModel::recalibrate(bool force)
{
    const qint64 before = m_cost.calibration().sampleRequests;
    m_cost.calibrate(m_rows);
    // New results move every estimate; otherwise only the changed rows repaint (emitRowsChanged).
    if ((force || m_cost.calibration().sampleRequests != before) && !m_rows.isEmpty())
        emit dataChanged(index(0, Cost), index(int(m_rows.size()) - 1, Cost));
    emit costChanged();
}

QVariant BatchTableModel::sortValue(const BatchRecord &r, int column) const
{
    switch (column) {
    case Batch:
        return r.batchNumber ? QVariant(*r.batchNumber) : QVariant(r.displayName);
    case File:
        return r.localPath;
    case Requests:
        return r.requestCount;
    case Size:
        return r.sizeBytes;
    case State:
        return int(r.state);
    case Progress:
        return r.requestCount > 0 ? double(r.succeededCount + r.failedCount) / double(r.requestCount) : 0.0;
    case ExpiresIn:
        return r.remoteFileExpiresAt.isValid() && !r.hasJob() ? r.remoteFileExpiresAt.toMSecsSinceEpoch()
                                                              : std::numeric_limits<qint64>::max();
    case Job:
        return r.jobName;
    case Created:
        return r.jobCreatedAt.isValid() ? r.jobCreatedAt.toMSecsSinceEpoch() : 0;
    case ElapsedEta:
        return r.jobCreatedAt.isValid() ? r.jobCreatedAt.secsTo(r.jobEndedAt.isValid() ? r.jobEndedAt : m_now)
                                        : -1;
    case Errors:
        return r.failedCount;
    case Cost: {
        const BatchCost c = m_cost.costOf(r);
        return c.hasActual ? c.actual.batch : c.estimate.batch;
    }
    }
    return {};
}

QString BatchTableModel::stateText(const BatchRecord &r) const
{
    const QString state = stateName(r.state);
    if (r.waitReason == WaitReason::None || isFinal(r.state))
        return state;
    const QString reason = waitReasonText(r.waitReason);
    if (!r.nextAttemptAt.isValid())
        return tr("Waiting: %1").arg(reason);
    const QDateTime local = r.nextAttemptAt.toLocalTime();
    const QLocale locale;
    const QString when = local.date() == m_now.toLocalTime().date()
        ? locale.toString(local.time(), QLocale::ShortFormat)
        : locale.toString(local, QLocale::ShortFormat);
    return tr("Waiting: %1, next try %2").arg(reason, when);
}

int BatchTableModel::urgency(const BatchRecord &r) const
{
    if (!r.hasRemoteFile() || !r.remoteFileExpiresAt.isValid() || r.hasJob())
        return 0;
    const qint64 left = m_now.secsTo(r.remoteFileExpiresAt);
    if (left < 3600)
        return 2;
    return left < m_expiringSoonSeconds ? 1 : 0;
}

QVariant BatchTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Batch:
        return tr("Batch");
    case File:
        return tr("File");
    case Requests:
        return tr("Requests");
    case Size:
        return tr("Size");
    case State:
        return tr("State");
    case Progress:
        return tr("Progress");
    case ExpiresIn:
        return tr("File expires in");
    case Job:
        return tr("Job");
    case Created:
        return tr("Created");
    case ElapsedEta:
        return tr("Elapsed / ETA");
    case Errors:
        return tr("Errors");
    case Cost:
        return tr("Cost");
    }
    return {};
}

void BatchTableModel::resetBatches(const QList<BatchRecord> &records)
{
    beginResetModel();
    m_rows = records;
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i); // at(): the rows stay shared with the caller's list
    m_pending.clear();
    m_uploadProgress.clear();
    m_progressDirty.clear();
    endResetModel();
    recount();
    recalibrate(true);
}

void BatchTableModel::upsert(const BatchRecord &record)
{
    m_pending.insert(record.id, record);
    if (record.state != BatchState::Uploading)
        m_uploadProgress.remove(record.id);
    scheduleFlush();
}

void BatchTableModel::setUploadProgress(qint64 id, qint64 sentBytes, qint64 totalBytes)
{
    m_uploadProgress.insert(id, { sentBytes, totalBytes });
    m_progressDirty.append(id);
    scheduleFlush();
}

void BatchTableModel::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void BatchTableModel::flush()
{
    m_flushTimer.stop();
    QList<int> changedRows; // only the columns after Size changed
    QList<int> renamedRows; // every column may have changed
    QList<BatchRecord> added;
    for (const BatchRecord &record : std::as_const(m_pending)) {
        const int row = m_rowById.value(record.id, -1);
        if (row < 0) {
            added.append(record);
        } else if (!(m_rows[row] == record)) {
            const BatchRecord &old = m_rows[row];
            const bool identity = old.displayName != record.displayName
                || old.batchNumber != record.batchNumber || old.localPath != record.localPath
                || old.requestCount != record.requestCount || old.sizeBytes != record.sizeBytes;
            (identity ? renamedRows : changedRows).append(row);
            m_rows[row] = record;
        }
    }
    m_pending.clear();
    for (qint64 id : std::as_const(m_progressDirty)) {
        const int row = m_rowById.value(id, -1);
        if (row >= 0)
            changedRows.append(row);
    }
    m_progressDirty.clear();

    if (!added.isEmpty()) {
        std::sort(added.begin(), added.end(),
            [](const BatchRecord &a, const BatchRecord &b) { return a.id < b.id; });
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const BatchRecord &record : std::as_const(added)) {
            m_rowById.insert(record.id, int(m_rows.size()));
            m_rows.append(record);
        }
        endInsertRows();
    }
    const bool anything = !added.isEmpty() || !changedRows.isEmpty() || !renamedRows.isEmpty();
    emitRowsChanged(std::move(renamedRows), 0);
    // A lifecycle change leaves Batch, File, Requests and Size alone: saying so keeps the proxy
    // from re-sorting (a layout change of the whole view per row) while the table is sorted by one
    // of them, which is how it opens.
    emitRowsChanged(std::move(changedRows), Size + 1);
    if (anything) {
        recount();
        recalibrate(false);
    }
}

void BatchTableModel::emitRowsChanged(QList<int> rows, int firstColumn)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows.size() * 2 > m_rows.size()) {
        emit dataChanged(index(0, firstColumn), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    // One signal per run of consecutive rows.
    int start = rows.first();
    for (int i = 1; i <= rows.size(); ++i) {
        if (i == rows.size() || rows[i] != rows[i - 1] + 1) {
            emit dataChanged(index(start, firstColumn), index(rows[i - 1], ColumnCount - 1));
            if (i < rows.size())
                start = rows[i];
        }
    }
}

void BatchTableModel::setNow(const QDateTime &now)
{
    const bool newDay = now.toLocalTime().date() != m_now.toLocalTime().date();
    m_now = now;
    if (m_rows.isEmpty())
        return;
    // Only the roles the clock really moves: the State and ExpiresIn sort keys are absolute, so a
    // proxy sorted by them must not re-sort every row each second; State's text moves only by day.
    const int last = int(m_rows.size()) - 1;
    emit dataChanged(index(0, ExpiresIn), index(last, ExpiresIn), { Qt::DisplayRole, UrgencyRole });
    emit dataChanged(index(0, ElapsedEta), index(last, ElapsedEta), { Qt::DisplayRole, SortRole });
    if (newDay)
        emit dataChanged(index(0, State), index(last, State), { Qt::DisplayRole });
    recount();
}

void BatchTableModel::setExpiringSoonSeconds(qint64 seconds)
{
    if (seconds == m_expiringSoonSeconds)
        return;
    m_expiringSoonSeconds = seconds;
    setNow(m_now);
}

void BatchTableModel::recount()
{
    std::array<int, batchFilterCount> counts {};
    const FilterContext context = filterContext();
    for (const BatchRecord &r : std::as_const(m_rows)) {
        for (int f = 0; f < batchFilterCount; ++f) {
            if (matches(BatchFilter(f), r, context))
                ++counts[f];
        }
    }
    if (counts != m_filterCounts) {
        m_filterCounts = counts;
        emit filterCountsChanged();
    }
}

} // namespace bb
