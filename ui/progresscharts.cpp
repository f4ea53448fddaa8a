#include "progresscharts.h"

#include "chartstyle.h"
#include "statuscolors.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPieLegendMarker>
#include <QPieSeries>
#include <QPieSlice>
#include <QValueAxis>

namespace bb {

const std::array<ProgressBand, progressBandCount> &stackOrder()
{
    static const std::array<ProgressBand, progressBandCount> order {
        ProgressBand::Done,
        ProgressBand::Failed,
        ProgressBand::Finishing,
        ProgressBand::Running,
        ProgressBand::Pending,
        ProgressBand::Uploaded,
        ProgressBand::Uploading,
        ProgressBand::NotUploaded,
    };
    return order;
}

QColor bandColor(ProgressBand band, const QPalette &palette)
{
    const StatusColors c = StatusColors::of(palette);
    const bool dark = isDarkPalette(palette);
    switch (band) {
    case ProgressBand::Done:
        return c.success;
    case ProgressBand::Failed:
        return c.failure;
    case ProgressBand::Finishing:
        return dark ? QColor(0x4d, 0xd0, 0xe1) : QColor(0x00, 0x83, 0x8f);
    case ProgressBand::Running:
        return dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x15, 0x65, 0xc0);
    case ProgressBand::Pending:
        return dark ? QColor(0x9f, 0xa8, 0xda) : QColor(0x79, 0x86, 0xcb);
    case ProgressBand::Uploaded:
        return c.warning;
    case ProgressBand::Uploading:
        return dark ? QColor(0xce, 0x93, 0xd8) : QColor(0x8e, 0x24, 0xaa);
    case ProgressBand::NotUploaded:
        return palette.color(QPalette::Mid);
    }
    return c.neutral;
}

ProgressChart::ProgressChart(QWidget *parent)
    : QChartView(new QChart, parent) // the view owns the chart; setChart() would orphan a default one
    , m_eta(new QLineSeries)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
{
    setAccessibleName(tr("Progress over time"));
    setRenderHint(QPainter::Antialiasing);
    QChart *c = chart();
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    for (ProgressBand band : stackOrder()) {
        const int i = int(band);
        m_upper[i] = new QLineSeries(c);
        m_lower[i] = new QLineSeries(c);
        m_areas[i] = new QAreaSeries(m_upper[i], m_lower[i]);
        m_areas[i]->setName(progressBandName(band));
        c->addSeries(m_areas[i]);
        m_areas[i]->attachAxis(m_x);
        m_areas[i]->attachAxis(m_y);
    }
    m_eta->setName(tr("Estimated end"));
    c->addSeries(m_eta);
    m_eta->attachAxis(m_x);
    m_eta->attachAxis(m_y);
    // The donut beside this chart names the colours; a second legend would not fit.
    c->legend()->hide();
    restyle();
    c->setTitle(tr("Batches by state over time"));
}

void ProgressChart::restyle()
{
    const QPalette pal = palette();
    styleChart(chart(), pal, chart()->title());
    styleAxis(m_x, pal);
    styleAxis(m_y, pal);
    for (ProgressBand band : stackOrder()) {
        const QColor color = bandColor(band, pal);
        m_areas[int(band)]->setColor(color);
        m_areas[int(band)]->setBorderColor(color.darker(115));
    }
    m_eta->setPen(QPen(pal.color(QPalette::Text), 1.5, Qt::DashLine));
}

void ProgressChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void ProgressChart::update(const RunHistory &history)
{
    const auto &samples = history.samples();
    std::array<QList<QPointF>, progressBandCount> upper;
    std::array<QList<QPointF>, progressBandCount> lower;
    int maxTotal = 1;
    for (const RunSample &s : samples) {
        const double x = double(s.at.toMSecsSinceEpoch());
        int base = 0;
        for (ProgressBand band : stackOrder()) {
            const int i = int(band);
            lower[i].append({ x, double(base) });
            base += s.bands[i];
            upper[i].append({ x, double(base) });
        }
        maxTotal = std::max(maxTotal, base);
    }
    for (int i = 0; i < progressBandCount; ++i) {
        m_upper[i]->replace(upper[i]);
        m_lower[i]->replace(lower[i]);
    }
    const QDateTime eta = history.estimatedCompletion();
    const RunSample last = history.latest();
    QString title = tr("Batches by state over time");
    qint64 until = 0;
    if (eta.isValid() && !samples.isEmpty()) {
        const qint64 ahead = last.at.msecsTo(eta);
        const qint64 span = samples.first().at.msecsTo(last.at);
        const QString at = QLocale().toString(eta.toLocalTime().time(), QLocale::ShortFormat);
        const qint64 minutes = (ahead + 59'999) / 60'000;
        title = minutes <= 1
            ? tr("Batches by state — estimated end %1 (in under a minute)").arg(at)
            : tr("Batches by state — estimated end %1 (in %n min)", nullptr, int(minutes)).arg(at);
        // Show the marker only while it fits beside the history without squashing it.
        if (ahead <= std::max<qint64>(span * 2, 60'000)) {
            until = eta.toMSecsSinceEpoch();
            m_eta->replace({ QPointF(double(until), 0), QPointF(double(until), double(maxTotal)) });
        } else {
            m_eta->clear();
        }
    } else {
        m_eta->clear();
        if (last.batches() > 0 && last.bands[int(ProgressBand::Done)] == last.batches())
            title = tr("Batches by state — all done");
    }
    chart()->setTitle(title);
    setTimeRange(m_x, history, until);
    setCountRange(m_y, maxTotal);
}

BreakdownChart::BreakdownChart(QWidget *parent)
    : QChartView(new QChart, parent) // the view owns the chart; setChart() would orphan a default one
    , m_pie(new QPieSeries)
{
    setAccessibleName(tr("Batches by state"));
    setRenderHint(QPainter::Antialiasing);
    QChart *c = chart();
    m_pie->setHoleSize(0.5);
    m_pie->setPieSize(0.85);
    for (ProgressBand band : stackOrder())
        m_slices[int(band)] = m_pie->append(progressBandName(band), 0);
    c->addSeries(m_pie);
    c->legend()->setAlignment(Qt::AlignRight);
    restyle();
    c->setTitle(tr("No batches yet"));
}

void BreakdownChart::restyle()
{
    const QPalette pal = palette();
    styleChart(chart(), pal, chart()->title());
    for (ProgressBand band : stackOrder()) {
        m_slices[int(band)]->setColor(bandColor(band, pal));
        m_slices[int(band)]->setBorderColor(pal.color(QPalette::Base));
    }
}

void BreakdownChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void BreakdownChart::update(const RunHistory &history)
{
    const RunSample last = history.latest();
    const QLocale locale;
    for (ProgressBand band : stackOrder()) {
        QPieSlice *slice = m_slices[int(band)];
        const int count = last.bands[int(band)];
        slice->setValue(count);
        slice->setLabel(tr("%1: %2").arg(progressBandName(band), locale.toString(count)));
    }
    // The legend doubles as the progress chart's: states there now or earlier in the run.
    std::array<bool, progressBandCount> seen {};
    for (const RunSample &s : history.samples()) {
        for (int i = 0; i < progressBandCount; ++i)
            seen[i] = seen[i] || s.bands[i] > 0;
    }
    const auto markers = chart()->legend()->markers(m_pie);
    for (QLegendMarker *marker : markers) {
        auto *pieMarker = qobject_cast<QPieLegendMarker *>(marker);
        const qsizetype band = pieMarker ? m_pie->slices().indexOf(pieMarker->slice()) : -1;
        const bool show = band >= 0 && (pieMarker->slice()->value() > 0 || seen[int(stackOrder()[band])]);
        marker->setVisible(show);
    }
    const int total = last.batches();
    const int done = last.bands[int(ProgressBand::Done)];
    chart()->setTitle(total > 0
            ? tr("%1 of %2 batches done").arg(locale.toString(done), locale.toString(total))
            : tr("No batches yet"));
}

} // namespace bb
