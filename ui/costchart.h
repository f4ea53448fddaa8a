#pragma once

#include <QChartView>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace bb {

class BatchTableModel;

// Spend over time: the cumulative actual spend of downloaded batches at the batch price and the
// same tokens at the non-batch price, against the projected total (batch and non-batch) and the
// plain estimate.
class CostChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostChart)

public:
    explicit CostChart(QWidget *parent = nullptr);
    void update(const BatchTableModel &model, const QDateTime &now);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QLineSeries *m_actual;
    QLineSeries *m_actualStandard;
    QLineSeries *m_projected;
    QLineSeries *m_projectedStandard;
    QLineSeries *m_estimate;
    QLineSeries *m_cap;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
};

} // namespace bb
