#include "quotacharts.h"

#include "chartstyle.h"
#include "runhistory.h"
#include "statuscolors.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

namespace bb {

QuotaTimelineChart::QuotaTimelineChart(QWidget *parent)
    : QChartView(new QChart, parent) // the view owns the chart; setChart() would orphan a default one
    , m_attemptsTop(new QLineSeries(this))
    , m_attemptsBase(new QLineSeries(this))
    , m_attempts(new QAreaSeries(m_attemptsTop, m_attemptsBase))
    , m_refusals(new QLineSeries)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
{
    setAccessibleName(tr("Job creation attempts and quota refusals over time"));
    setRenderHint(QPainter::Antialiasing);
    QChart *c = chart();
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    c->addSeries(m_attempts);
    m_attempts->attachAxis(m_x);
    m_attempts->attachAxis(m_y);
    c->addSeries(m_refusals);
    m_refusals->attachAxis(m_x);
    m_refusals->attachAxis(m_y);
    c->legend()->setAlignment(Qt::AlignBottom);
    restyle();
    c->setTitle(tr("Job creation"));
}

void QuotaTimelineChart::restyle()
{
    const QPalette pal = palette();
    const StatusColors colors = StatusColors::of(pal);
    styleChart(chart(), pal, chart()->title());
    styleAxis(m_x, pal);
    styleAxis(m_y, pal);
    QColor fill = colors.active;
    fill.setAlpha(110);
    m_attempts->setColor(fill);
    m_attempts->setBorderColor(colors.active);
    m_refusals->setPen(QPen(colors.failure, 2));
}

void QuotaTimelineChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void QuotaTimelineChart::update(const RunHistory &history)
{
    QList<QPointF> top;
    QList<QPointF> base;
    QList<QPointF> refused;
    const qint64 width = history.bucketSeconds() * 1000;
    int highest = 1;
    for (const QuotaBucket &b : history.quotaBuckets()) {
        const double x0 = double(b.start.toMSecsSinceEpoch());
        const double x1 = x0 + double(width);
        // Steps: each slice is a flat segment of its count.
        top.append({ x0, double(b.attempts) });
        top.append({ x1, double(b.attempts) });
        base.append({ x0, 0 });
        base.append({ x1, 0 });
        refused.append({ x0, double(b.refusals) });
        refused.append({ x1, double(b.refusals) });
        highest = std::max(highest, b.attempts);
    }
    m_attemptsTop->replace(top);
    m_attemptsBase->replace(base);
    m_refusals->replace(refused);
    const qint64 until = history.quotaBuckets().isEmpty()
        ? 0
        : history.quotaBuckets().last().start.toMSecsSinceEpoch() + width;
    setTimeRange(m_x, history, until);
    setCountRange(m_y, highest);
    const QLocale locale;
    const int seconds = int(history.bucketSeconds());
    m_attempts->setName(tr("Create attempts per %n s", nullptr, seconds));
    m_refusals->setName(tr("Refused (429) per %n s", nullptr, seconds));
    chart()->setTitle(
        tr("Job creation: %1 attempts, %2 refused (429)")
            .arg(locale.toString(history.totalAttempts()), locale.toString(history.totalRefusals())));
}

LimitChart::LimitChart(
    const QString &title, Value value, Format format, double unit, const QString &unitName, QWidget *parent)
    : QChartView(new QChart, parent) // the view owns the chart; setChart() would orphan a default one
    , m_title(title)
    , m_value(std::move(value))
    , m_format(std::move(format))
    , m_unit(unit > 0 ? unit : 1)
    , m_line(new QLineSeries)
    , m_limitLine(new QLineSeries)
    , m_learnedLine(new QLineSeries)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
{
    setRenderHint(QPainter::Antialiasing);
    QChart *c = chart();
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    m_line->setName(tr("Used"));
    m_limitLine->setName(tr("Limit"));
    for (QLineSeries *series : { m_line, m_limitLine, m_learnedLine }) {
        c->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    c->legend()->setAlignment(Qt::AlignBottom);
    restyle();
    m_y->setLabelFormat(unitName.isEmpty() ? QStringLiteral("%d") : QStringLiteral("%.4g ") + unitName);
    c->setTitle(title.section(u':', 0, 0));
    setLearnedLimit(0, {});
}

void LimitChart::restyle()
{
    const QPalette pal = palette();
    const StatusColors colors = StatusColors::of(pal);
    styleChart(chart(), pal, chart()->title());
    styleAxis(m_x, pal);
    styleAxis(m_y, pal);
    m_line->setPen(QPen(colors.active, 2));
    m_limitLine->setPen(QPen(colors.failure, 1.5, Qt::DashLine));
    m_learnedLine->setPen(QPen(colors.warning, 1.5, Qt::DotLine));
}

void LimitChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void LimitChart::setLimit(double limit)
{
    m_limit = limit;
}

void LimitChart::setLearnedLimit(double limit, const QString &name)
{
    m_learned = limit;
    m_learnedLine->setName(name);
    for (QLegendMarker *marker : chart()->legend()->markers(m_learnedLine))
        marker->setVisible(limit > 0);
    if (limit <= 0)
        m_learnedLine->clear();
}

void LimitChart::update(const RunHistory &history)
{
    QList<QPointF> points;
    double highest = 0;
    for (const RunSample &s : history.samples()) {
        const double v = m_value(s);
        points.append({ double(s.at.toMSecsSinceEpoch()), v / m_unit });
        highest = std::max(highest, v);
    }
    m_line->replace(points);
    setTimeRange(m_x, history);
    const double start = double(m_x->min().toMSecsSinceEpoch());
    const double end = double(m_x->max().toMSecsSinceEpoch());
    m_limitLine->replace({ QPointF(start, m_limit / m_unit), QPointF(end, m_limit / m_unit) });
    if (m_learned > 0)
        m_learnedLine->replace({ QPointF(start, m_learned / m_unit), QPointF(end, m_learned / m_unit) });
    const double top = std::max(highest, m_limit) * 1.05 / m_unit;
    if (m_unit == 1)
        setCountRange(m_y, top);
    else
        setNiceRange(m_y, top);
    const double now = history.samples().isEmpty() ? 0 : m_value(history.latest());
    const double percent = m_limit > 0 ? 100.0 * now / m_limit : 0;
    chart()->setTitle(m_title.arg(
        m_format(now), m_format(m_limit), QLocale().toString(percent, 'f', percent < 10 ? 1 : 0)));
    setAccessibleName(chart()->title());
}

} // namespace bb
