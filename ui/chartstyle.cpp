#include "chartstyle.h"

#include "runhistory.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QPalette>
#include <QValueAxis>

#include <cmath>

namespace bb {

void styleChart(QChart *chart, const QPalette &palette, const QString &title)
{
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setMargins(QMargins(4, 2, 4, 2));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(std::max(8.0, titleFont.pointSizeF()));
    chart->setTitleFont(titleFont);
    chart->setTitleBrush(palette.brush(QPalette::Text));
    chart->setTitle(title);
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(std::max(7.0, legendFont.pointSizeF() * 0.9));
    chart->legend()->setFont(legendFont);
}

namespace {

template<typename Axis> void styleAnyAxis(Axis *axis, const QPalette &palette)
{
    axis->setLabelsBrush(palette.brush(QPalette::Text));
    axis->setTitleBrush(palette.brush(QPalette::Text));
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlpha(90);
    axis->setGridLineColor(grid);
    axis->setLinePenColor(palette.color(QPalette::Mid));
    QFont font = axis->labelsFont();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
    axis->setLabelsFont(font);
}

} // namespace

void styleAxis(QValueAxis *axis, const QPalette &palette)
{
    styleAnyAxis(axis, palette);
}

void styleAxis(QDateTimeAxis *axis, const QPalette &palette)
{
    styleAnyAxis(axis, palette);
    axis->setFormat(QStringLiteral("HH:mm:ss"));
    axis->setTickCount(5);
}

void setTimeRange(QDateTimeAxis *axis, const RunHistory &history, qint64 untilMs)
{
    const auto &samples = history.samples();
    const QDateTime last = samples.isEmpty() ? QDateTime::currentDateTimeUtc() : samples.last().at;
    QDateTime first = samples.isEmpty() ? last : samples.first().at;
    if (!history.quotaBuckets().isEmpty() && history.quotaBuckets().first().start < first)
        first = history.quotaBuckets().first().start;
    QDateTime end = last;
    if (untilMs > last.toMSecsSinceEpoch())
        end = QDateTime::fromMSecsSinceEpoch(untilMs, Qt::UTC);
    if (first.msecsTo(end) < 60'000)
        first = end.addSecs(-60);
    axis->setRange(first.toLocalTime(), end.toLocalTime());
}

void setNiceRange(QValueAxis *axis, double highest)
{
    const double top = niceCeiling(highest > 0 ? highest : 1);
    const double step = niceCeiling(top / 4);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, std::ceil(top / step - 1e-9) * step);
}

void setCountRange(QValueAxis *axis, double highest)
{
    const double top = niceCeiling(std::max(1.0, highest));
    double step = niceCeiling(top / 4);
    step = std::max(1.0, std::round(step));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, std::ceil(top / step) * step);
    axis->setLabelFormat(QStringLiteral("%d"));
}

double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace bb
