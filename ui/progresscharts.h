#pragma once

#include "runhistory.h"

#include <QChartView>

#include <array>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QPieSeries;
class QPieSlice;
class QValueAxis;

namespace bb {

// Batches by state over time, stacked, with the estimated completion as a dashed marker.
class ProgressChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressChart)

public:
    explicit ProgressChart(QWidget *parent = nullptr);
    void update(const RunHistory &history);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    std::array<QLineSeries *, progressBandCount> m_upper {};
    std::array<QLineSeries *, progressBandCount> m_lower {};
    std::array<QAreaSeries *, progressBandCount> m_areas {};
    QLineSeries *m_eta;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
};

// Where the batches are right now, as a donut.
class BreakdownChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BreakdownChart)

public:
    explicit BreakdownChart(QWidget *parent = nullptr);
    void update(const RunHistory &history);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QPieSeries *m_pie;
    std::array<QPieSlice *, progressBandCount> m_slices {};
};

// Stacking order and colours shared by both charts, bottom first.
const std::array<ProgressBand, progressBandCount> &stackOrder();
QColor bandColor(ProgressBand band, const QPalette &palette);

} // namespace bb
