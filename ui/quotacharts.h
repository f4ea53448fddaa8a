#pragma once

#include <QChartView>

#include <functional>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace bb {

class RunHistory;
struct RunSample;

// Job creation attempts and 429 refusals on one timeline.
class QuotaTimelineChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuotaTimelineChart)

public:
    explicit QuotaTimelineChart(QWidget *parent = nullptr);
    void update(const RunHistory &history);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QLineSeries *m_attemptsTop;
    QLineSeries *m_attemptsBase;
    QAreaSeries *m_attempts;
    QLineSeries *m_refusals;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
};

// One quantity over time against its limit (active jobs vs concurrent batches, stored bytes vs
// 20 GB, enqueued tokens vs the tier limit), optionally with a second, learned limit (the number
// of active jobs at which the server last refused a new one).
class LimitChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LimitChart)

public:
    using Value = std::function<double(const RunSample &)>;
    using Format = std::function<QString(double)>;

    // `title` takes %1 = current value, %2 = limit, %3 = percent used.
    LimitChart(const QString &title, Value value, Format format, double unit, const QString &unitName,
        QWidget *parent = nullptr);
    void setLimit(double limit);
    // 0 hides it; `name` labels it in the legend.
    void setLearnedLimit(double limit, const QString &name);
    void update(const RunHistory &history);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QString m_title;
    Value m_value;
    Format m_format;
    double m_unit;
    double m_limit = 0;
    double m_learned = 0;
    QLineSeries *m_line;
    QLineSeries *m_limitLine;
    QLineSeries *m_learnedLine;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
};

} // namespace bb
