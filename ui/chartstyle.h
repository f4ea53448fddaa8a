#pragma once

#include <QString>

class QChart;
class QDateTimeAxis;
class QPalette;
class QValueAxis;

namespace bb {

class RunHistory;

// Shared look of the Qt Charts pages: palette-aware colours, compact margins, small fonts.
void styleChart(QChart *chart, const QPalette &palette, const QString &title);
void styleAxis(QValueAxis *axis, const QPalette &palette);
void styleAxis(QDateTimeAxis *axis, const QPalette &palette);
// X range over the history (at least a minute), optionally stretched to `untilMs`.
void setTimeRange(QDateTimeAxis *axis, const RunHistory &history, qint64 untilMs = 0);
// 0..niceCeiling(highest) with whole-number ticks (no "0 0 0 1" labels on small counts).
void setCountRange(QValueAxis *axis, double highest);
// 0..a nice bound above `highest`, ticks on round values ("0 10 20 30 GB", not "6.25 GB").
void setNiceRange(QValueAxis *axis, double highest);
// A "nice" upper bound for a value axis showing `value` (1, 2, 5 × 10^n steps).
double niceCeiling(double value);

} // namespace bb
