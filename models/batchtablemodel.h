#pragma once

#include "batchfilter.h"
#include "batchrecord.h"
#include "costestimator.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

#include <array>

namespace bb {

// What the Progress column paints: upload percent while uploading, then request outcomes.
struct BatchProgress
{
    bool uploading = false;
    double uploadFraction = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;
    qint64 pending = 0;
    qint64 total = 0;
};

// The central table: one row per batch, fed by store/engine signals. Changes are coalesced and
// applied at most every `coalesceInterval` so thousands of updates per second cost a handful of
// dataChanged signals; clock-driven columns (countdowns, elapsed) refresh through setNow().
class BatchTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchTableModel)

public:
    enum Column
    {
        Batch,
        File,
        Requests,
        Size,
        State,
        Progress,
        ExpiresIn,
        Job,
        Created,
        ElapsedEta,
        Errors,
        Cost, // actual spend once results are in, else the estimate ("≈ $0.12")
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // raw value for sorting
        RecordIdRole,
        StateRole, // BatchState
        ProgressRole, // BatchProgress
        UrgencyRole, // 0 fine, 1 soon (amber), 2 very soon (red): expiry countdown
        SearchTextRole, // everything a text search should match
    };

    explicit BatchTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetBatches(const QList<BatchRecord> &records);
    void upsert(const BatchRecord &record); // coalesced
    void setUploadProgress(qint64 id, qint64 sentBytes, qint64 totalBytes); // coalesced, not stored
    void flush(); // apply pending changes now
    void setNow(const QDateTime &now); // refreshes clock-driven columns
    void setCoalesceInterval(int milliseconds) { m_flushTimer.setInterval(milliseconds); }
    void setExpiringSoonSeconds(qint64 seconds);

    // Prices, expectations and the cap of the open project; the Cost column and the totals use them.
    void setCostSettings(const CostSettings &settings, const QString &defaultModel);
    const CostEstimator &costEstimator() const { return m_cost; }
    CostTotals costTotals() const { return m_cost.totals(m_rows); }
    static QString moneyText(double usd);

    const BatchRecord *recordAt(int row) const;
    int rowOf(qint64 id) const { return m_rowById.value(id, -1); }
    int filterCount(BatchFilter filter) const { return m_filterCounts[int(filter)]; }
    FilterContext filterContext() const { return { m_now, m_expiringSoonSeconds }; }

signals:
    void filterCountsChanged();
    void costChanged(); // totals or calibration may have changed

private:
    QVariant display(const BatchRecord &record, int column) const;
    BatchProgress progressOf(const BatchRecord &record) const;
    QVariant sortValue(const BatchRecord &record, int column) const;
    QString stateText(const BatchRecord &record) const;
    int urgency(const BatchRecord &record) const;
    void scheduleFlush();
    void recount();
    void emitRowsChanged(QList<int> rows, int firstColumn);
    void recalibrate(bool force);

    QList<BatchRecord> m_rows;
    QHash<qint64, int> m_rowById;
    QHash<qint64, BatchRecord> m_pending;
    QHash<qint64, std::pair<qint64, qint64>> m_uploadProgress;
    QList<qint64> m_progressDirty;
    QTimer m_flushTimer;
    QDateTime m_now;
    qint64 m_expiringSoonSeconds = 6 * 3600;
    std::array<int, batchFilterCount> m_filterCounts {};
    CostEstimator m_cost;
};

} // namespace bb

Q_DECLARE_METATYPE(bb::BatchProgress)
