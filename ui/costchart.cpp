#include "costchart.h"

#include "batchtablemodel.h"
#include "chartstyle.h"
#include "statuscolors.h"

#include <QDateTimeAxis>
#include <QEvent>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>

namespace bb {

CostChart::CostChart(QWidget *parent)
    : QChartView(new QChart, parent) // the view owns the chart; setChart() would orphan a default one
    , m_actual(new QLineSeries)
    , m_actualStandard(new QLineSeries)
    , m_projected(new QLineSeries)
    , m_projectedStandard(new QLineSeries)
    , m_estimate(new QLineSeries)
    , m_cap(new QLineSeries)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
{
    setObjectName(QStringLiteral("costChart"));
    setAccessibleName(tr("Spend over time"));
    setRenderHint(QPainter::Antialiasing);
    QChart *c = chart();
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    m_actual->setName(tr("Spent (batch price)"));
    m_actualStandard->setName(tr("Same tokens at the non-batch price"));
    m_projected->setName(tr("Projected total"));
    m_projectedStandard->setName(tr("Projected at the non-batch price"));
    m_estimate->setName(tr("Estimate"));
    m_cap->setName(tr("Spend cap"));
    for (QLineSeries *s :
        { m_actual, m_actualStandard, m_projected, m_projectedStandard, m_estimate, m_cap }) {
        c->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    m_y->setLabelFormat(QStringLiteral("$%.2f"));
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setTitle(tr("Spend over time (USD)"));
    restyle();
}

void CostChart::restyle()
{
    const QPalette pal = palette();
    styleChart(chart(), pal, chart()->title());
    styleAxis(m_x, pal);
    styleAxis(m_y, pal);
    chart()->legend()->show();
    const StatusColors colors = StatusColors::of(pal);
    auto pen = [](const QColor &color, qreal width, Qt::PenStyle style) {
        QPen p(color, width, style);
        p.setCosmetic(true);
        return p;
    };
    m_actual->setPen(pen(colors.success, 2.5, Qt::SolidLine));
    m_actualStandard->setPen(pen(colors.warning, 1.5, Qt::SolidLine));
    m_projected->setPen(pen(colors.success, 1.5, Qt::DashLine));
    m_projectedStandard->setPen(pen(colors.warning, 1.5, Qt::DashLine));
    m_estimate->setPen(pen(pal.color(QPalette::Mid), 1.5, Qt::DotLine));
    m_cap->setPen(pen(colors.failure, 1.5, Qt::DashDotLine));
}

void CostChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void CostChart::update(const BatchTableModel &model, const QDateTime &now)
{
    const CostEstimator &estimator = model.costEstimator();
    struct Point
    {
        qint64 ms;
        double batch;
        double standard;
    };
    QList<Point> spent;
    qint64 start = now.toMSecsSinceEpoch();
    for (int row = 0; row < model.rowCount(); ++row) {
        const BatchRecord *r = model.recordAt(row);
        if (r->jobCreatedAt.isValid())
            start = std::min(start, r->jobCreatedAt.toMSecsSinceEpoch());
        const BatchCost c = estimator.costOf(*r);
        if (!c.hasActual || !c.priced)
            continue;
        const QDateTime at = r->jobEndedAt.isValid() ? r->jobEndedAt : r->stateChangedAt;
        spent.append({ at.isValid() ? at.toMSecsSinceEpoch() : now.toMSecsSinceEpoch(), c.actual.batch,
            c.actual.standard });
    }
    std::sort(spent.begin(), spent.end(), [](const Point &a, const Point &b) { return a.ms < b.ms; });
    qint64 end = std::max(now.toMSecsSinceEpoch(), spent.isEmpty() ? 0 : spent.last().ms);
    if (end - start < 60'000)
        start = end - 60'000;

    QList<QPointF> actual { QPointF(double(start), 0) };
    QList<QPointF> actualStandard { QPointF(double(start), 0) };
    double batch = 0;
    double standard = 0;
    for (const Point &p : std::as_const(spent)) {
        batch += p.batch;
        standard += p.standard;
        actual.append(QPointF(double(p.ms), batch));
        actualStandard.append(QPointF(double(p.ms), standard));
    }
    actual.append(QPointF(double(end), batch));
    actualStandard.append(QPointF(double(end), standard));
    m_actual->replace(actual);
    m_actualStandard->replace(actualStandard);

    const CostTotals totals = model.costTotals();
    auto flat = [&](QLineSeries *series, double value) {
        series->replace({ QPointF(double(start), value), QPointF(double(end), value) });
    };
    flat(m_projected, totals.projected.batch);
    flat(m_projectedStandard, totals.projected.standard);
    flat(m_estimate, totals.estimate.batch);
    m_cap->setVisible(totals.cap.has_value());
    if (totals.cap)
        flat(m_cap, *totals.cap);
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(end));
    double highest = std::max(
        { totals.projected.standard, totals.estimate.standard, standard, totals.cap.value_or(0.0), 0.01 });
    m_y->setRange(0, niceCeiling(highest * 1.05));
    m_y->setLabelFormat(highest < 0.1 ? QStringLiteral("$%.3f") : QStringLiteral("$%.2f"));
}

} // namespace bb
