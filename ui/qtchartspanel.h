#pragma once

#include "chartpanel.h"

#include <QPointer>
#include <QTimer>

class QLabel;
class QProgressBar;
class QTabWidget;

namespace bb {

class BreakdownChart;
class CostChart;
class LimitChart;
class ProgressChart;
class QuotaTimelineChart;

// ChartPanel with Qt Charts: a retry countdown strip above two pages — Progress (batches by
// state over time with the estimated end; the current breakdown) and Quota (create attempts and
// 429s; active jobs, storage and enqueued tokens against their limits). Redraws at most twice
// a second and only the page on screen.
class QtChartsPanel final : public ChartPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QtChartsPanel)

public:
    explicit QtChartsPanel(QWidget *parent = nullptr);

    void setHistory(const RunHistory *history) override;
    void setLimits(const ChartLimits &limits) override;
    void setCountdown(const RetryCountdown &countdown) override;
    void setBatchModel(const BatchTableModel *model) override;
    int pageCount() const override;
    void showPage(int page) override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRedraw();
    void redraw();

    QPointer<const RunHistory> m_history;
    QPointer<const BatchTableModel> m_batchModel;
    QLabel *m_countdownIcon;
    QLabel *m_countdownText;
    QProgressBar *m_countdownBar;
    QTabWidget *m_pages;
    ProgressChart *m_progress;
    BreakdownChart *m_breakdown;
    QuotaTimelineChart *m_timeline;
    LimitChart *m_jobs;
    LimitChart *m_storage;
    LimitChart *m_tokens;
    CostChart *m_cost;
    int m_costPage = -1;
    QTimer m_redrawTimer;
    qint64 m_countdownTotal = 0;
    QDateTime m_countdownAt;
};

} // namespace bb
