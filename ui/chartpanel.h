#pragma once

#include <QDateTime>
#include <QWidget>

namespace bb {

class BatchTableModel;
class RunHistory;

struct ChartLimits
{
    int concurrentBatches = 100;
    qint64 enqueuedTokens = 3'000'000;
    qint64 storageBytes = 21'474'836'480;
};

// The next time a batch waiting for quota is tried again.
struct RetryCountdown
{
    bool waiting = false;
    QString reason; // translated: "batch capacity", "daily quota", ...
    QDateTime at; // server time
    qint64 secondsLeft = 0; // real seconds
    int batches = 0; // how many batches wait for it
};

// The one seam between the app and a chart library: everything the charts show comes from a
// RunHistory (QtCore) plus limits and the retry countdown. Qt Charts implements it today
// (QtChartsPanel); a painter or Qt Graphs implementation can replace it without touching callers.
class ChartPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartPanel)

public:
    static ChartPanel *create(QWidget *parent = nullptr);

    virtual void setHistory(const RunHistory *history) = 0;
    virtual void setLimits(const ChartLimits &limits) = 0;
    virtual void setCountdown(const RetryCountdown &countdown) = 0;
    // The batches whose estimated and actual cost the Cost page plots (spend over time).
    virtual void setBatchModel(const BatchTableModel *model) { Q_UNUSED(model) }
    // Pages the panel offers ("Progress", "Quota"), for screenshots and keyboard navigation.
    virtual int pageCount() const = 0;
    virtual void showPage(int page) = 0;

protected:
    explicit ChartPanel(QWidget *parent = nullptr)
        : QWidget(parent)
    {
    }
};

} // namespace bb
