#include "coststatuslabel.h"

#include "batchtablemodel.h"
#include "projectsession.h"

namespace bb {

CostStatusLabel::CostStatusLabel(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("costStatus"));
    setAccessibleName(tr("Cost"));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void CostStatusLabel::setSession(ProjectSession *session)
{
    if (m_session)
        disconnect(m_session->batchModel(), nullptr, this, nullptr);
    m_session = session;
    m_selection.clear();
    if (session)
        connect(session->batchModel(), &BatchTableModel::costChanged, this, &CostStatusLabel::refresh);
    refresh();
}

void CostStatusLabel::setSelection(const QList<qint64> &ids)
{
    m_selection = ids;
    refresh();
}

void CostStatusLabel::refresh()
{
    if (!m_session) {
        clear();
        setToolTip({});
        return;
    }
    const BatchTableModel *model = m_session->batchModel();
    const CostEstimator &estimator = model->costEstimator();
    const CostTotals totals = model->costTotals();
    const auto money = &BatchTableModel::moneyText;
    QStringList parts;
    if (m_selection.size() > 1) {
        QList<BatchRecord> selected;
        for (qint64 id : std::as_const(m_selection)) {
            const int row = model->rowOf(id);
            if (const BatchRecord *r = model->recordAt(row))
                selected.append(*r);
        }
        const CostFigure s = estimator.estimateOf(selected);
        parts.append(tr("Selected ≈ %1 (non-batch %2)").arg(money(s.batch), money(s.standard)));
    }
    parts.append(tr("Cost ≈ %1 (non-batch %2, saving %3)")
                     .arg(money(totals.projected.batch), money(totals.projected.standard),
                         money(totals.projected.saving())));
    parts.append(tr("spent %1").arg(money(totals.actual.batch)));
    if (totals.cap) {
        parts.append(totals.projected.batch > *totals.cap
                ? tr("cap %1 — the run would pass it").arg(money(*totals.cap))
                : tr("cap %1").arg(money(*totals.cap)));
        const int held = m_session->status().waitingForSpendCap;
        if (held > 0)
            parts.append(tr("%n batch(es) held by the cap (Settings → Cost)", nullptr, held));
    }
    setText(parts.join(QStringLiteral(" · ")));

    const CostSettings &settings = estimator.settings();
    const Calibration &c = estimator.calibration();
    QString tip = tr("Batch API price (50% of the interactive price); prices as of %1 from %2.")
                      .arg(settings.prices.asOf, settings.prices.source);
    tip += u'\n'
        + tr("Estimate before the run: %1 (non-batch %2).")
              .arg(money(totals.estimate.batch), money(totals.estimate.standard));
    if (c.calibrated())
        tip += u'\n'
            + tr("Calibrated on %1 results: %2 tokens per prompt byte, %3 output and %4 thinking tokens per "
                 "request.")
                  .arg(QLocale().toString(c.sampleRequests))
                  .arg(QLocale().toString(c.tokensPerTextByte(), 'f', 3))
                  .arg(QLocale().toString(c.outputPerRequest, 'f', 0))
                  .arg(QLocale().toString(c.thinkingPerRequest, 'f', 0));
    else
        tip += u'\n'
            + tr("No results yet: expecting %1 output and %2 thinking tokens per request (Settings → Cost).")
                  .arg(QLocale().toString(settings.outputTokensPerRequest, 'f', 0))
                  .arg(QLocale().toString(settings.thinkingTokensPerRequest, 'f', 0));
    if (totals.unpricedBatches > 0)
        tip += u'\n' + tr("%n batch(es) use a model without a price.", nullptr, totals.unpricedBatches);
    setToolTip(tip);
}

} // namespace bb
