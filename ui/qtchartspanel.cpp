#include "qtchartspanel.h"

#include "batchtablemodel.h"
#include "costchart.h"
#include "progresscharts.h"
#include "quotacharts.h"
#include "runhistory.h"

#include "uiresources.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

namespace bb {

ChartPanel *ChartPanel::create(QWidget *parent)
{
    return new QtChartsPanel(parent);
}

namespace {

QString clockText(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QWidget *row(QWidget *parent, std::initializer_list<std::pair<QWidget *, int>> widgets)
{
    auto *page = new QWidget(parent);
    auto *layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    for (const auto &[widget, stretch] : widgets)
        layout->addWidget(widget, stretch);
    return page;
}

} // namespace

QtChartsPanel::QtChartsPanel(QWidget *parent)
    : ChartPanel(parent)
    , m_countdownIcon(new QLabel(this))
    , m_countdownText(new QLabel(this))
    , m_countdownBar(new QProgressBar(this))
    , m_pages(new QTabWidget(this))
    , m_progress(new ProgressChart(this))
    , m_breakdown(new BreakdownChart(this))
    , m_timeline(new QuotaTimelineChart(this))
    , m_cost(new CostChart(this))
{
    initUiResources();
    setObjectName(QStringLiteral("chartPanel"));
    setAccessibleName(tr("Charts"));
    const QLocale locale;
    m_jobs = new LimitChart(
        tr("Active jobs: %1 of %2 allowed (%3%)"), [](const RunSample &s) { return double(s.activeJobs); },
        [locale](double v) { return locale.toString(qint64(v)); }, 1, {}, this);
    m_storage = new LimitChart(
        tr("File storage: %1 of %2 (%3%)"), [](const RunSample &s) { return double(s.storedBytes); },
        [locale](double v) { return locale.formattedDataSize(qint64(v)); }, 1024.0 * 1024 * 1024, tr("GB"),
        this);
    m_tokens = new LimitChart(
        tr("Enqueued tokens: %1 of %2 (%3%)"), [](const RunSample &s) { return double(s.enqueuedTokens); },
        [locale](double v) {
            return v >= 1e6 ? tr("%1 M").arg(locale.toString(v / 1e6, 'f', 2)) : locale.toString(qint64(v));
        },
        1e6, tr("M"), this);

    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_countdownIcon->setFixedSize(iconSize, iconSize);
    m_countdownText->setAccessibleName(tr("Next retry"));
    m_countdownText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_countdownBar->setTextVisible(false);
    m_countdownBar->setMaximumWidth(220);
    m_countdownBar->setMaximumHeight(fontMetrics().height() - 2);
    m_countdownBar->setAccessibleName(tr("Time left until the next retry"));
    auto *strip = new QHBoxLayout;
    strip->setContentsMargins(6, 4, 6, 0);
    strip->addWidget(m_countdownIcon);
    strip->addWidget(m_countdownText, 1);
    strip->addWidget(m_countdownBar);

    m_pages->setDocumentMode(true);
    m_pages->addTab(row(m_pages, { { m_progress, 3 }, { m_breakdown, 2 } }), tr("Progress"));
    m_pages->addTab(
        row(m_pages, { { m_timeline, 1 }, { m_jobs, 1 }, { m_storage, 1 }, { m_tokens, 1 } }), tr("Quota"));
    m_costPage = m_pages->addTab(m_cost, tr("Cost"));
    connect(m_pages, &QTabWidget::currentChanged, this, &QtChartsPanel::redraw);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(strip);
    layout->addWidget(m_pages, 1);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(500);
    connect(&m_redrawTimer, &QTimer::timeout, this, &QtChartsPanel::redraw);
    setCountdown({});
}

void QtChartsPanel::setHistory(const RunHistory *history)
{
    if (m_history)
        disconnect(m_history, nullptr, this, nullptr);
    m_history = history;
    if (history)
        connect(history, &RunHistory::changed, this, &QtChartsPanel::scheduleRedraw);
    redraw();
}

void QtChartsPanel::setBatchModel(const BatchTableModel *model)
{
    if (m_batchModel)
        disconnect(m_batchModel, nullptr, this, nullptr);
    m_batchModel = model;
    if (model)
        connect(model, &BatchTableModel::costChanged, this, &QtChartsPanel::scheduleRedraw);
    redraw();
}

void QtChartsPanel::setLimits(const ChartLimits &limits)
{
    m_jobs->setLimit(limits.concurrentBatches);
    m_storage->setLimit(double(limits.storageBytes));
    m_tokens->setLimit(double(limits.enqueuedTokens));
    scheduleRedraw();
}

void QtChartsPanel::setCountdown(const RetryCountdown &c)
{
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    if (!c.waiting) {
        m_countdownTotal = 0;
        m_countdownAt = {};
        m_countdownIcon->setPixmap(QIcon(QStringLiteral(":/icons/ok.svg")).pixmap(iconSize, iconSize));
        m_countdownText->setText(tr("No batch is waiting for quota."));
        m_countdownBar->setVisible(false);
        return;
    }
    // A new wait starts a new bar; the same wait counts down.
    if (c.at != m_countdownAt || c.secondsLeft > m_countdownTotal) {
        m_countdownAt = c.at;
        m_countdownTotal = std::max<qint64>(1, c.secondsLeft);
    }
    m_countdownIcon->setPixmap(QIcon(QStringLiteral(":/icons/wait.svg")).pixmap(iconSize, iconSize));
    if (!c.at.isValid()) {
        // Waiting for capacity the engine has learned: a job slot frees when a job ends.
        m_countdownText->setText(
            tr("%n batch(es) waiting for %1: the next one starts as soon as a running job "
               "finishes",
                nullptr, c.batches)
                .arg(c.reason));
        m_countdownBar->setVisible(false);
        return;
    }
    const QString at = QLocale().toString(c.at.toLocalTime().time(), QLocale::ShortFormat);
    if (c.secondsLeft > 0)
        m_countdownText->setText(tr("Next try in %1 (at %2): %n batch(es) waiting for %3", nullptr, c.batches)
                                     .arg(clockText(c.secondsLeft), at, c.reason));
    else
        m_countdownText->setText(
            tr("Trying again now: %n batch(es) waiting for %1", nullptr, c.batches).arg(c.reason));
    m_countdownBar->setVisible(true);
    m_countdownBar->setRange(0, int(std::min<qint64>(m_countdownTotal, INT_MAX)));
    m_countdownBar->setValue(int(std::clamp<qint64>(c.secondsLeft, 0, m_countdownTotal)));
}

int QtChartsPanel::pageCount() const
{
    return m_pages->count();
}

void QtChartsPanel::showPage(int page)
{
    m_pages->setCurrentIndex(page);
    redraw();
}

void QtChartsPanel::showEvent(QShowEvent *event)
{
    ChartPanel::showEvent(event);
    redraw();
}

void QtChartsPanel::scheduleRedraw()
{
    if (!m_redrawTimer.isActive())
        m_redrawTimer.start();
}

void QtChartsPanel::redraw()
{
    m_redrawTimer.stop();
    if (!isVisible())
        return;
    if (m_pages->currentIndex() == m_costPage) {
        if (m_batchModel)
            m_cost->update(*m_batchModel, m_batchModel->filterContext().now);
        return;
    }
    if (!m_history)
        return;
    if (m_pages->currentIndex() == 0) {
        m_progress->update(*m_history);
        m_breakdown->update(*m_history);
    } else {
        m_timeline->update(*m_history);
        const int wall = m_history->refusedAtActiveJobs();
        m_jobs->setLearnedLimit(wall, tr("Server refused at %1").arg(wall));
        m_jobs->update(*m_history);
        m_storage->update(*m_history);
        m_tokens->update(*m_history);
    }
}

} // namespace bb
