#pragma once

#include "batchrecord.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace bb {

// A user's first run of a new request shape should not burn every batch at once: the project's
// first job runs alone, and the rest are released when it comes back (if most of its lines failed,
// the failure alarm holds them instead), or when holdSeconds of server time have passed since it
// was created (a job can sit pending for hours; the hold catches what fails early).
struct CanarySettings
{
    bool enabled = true;
    qint64 holdSeconds = 30 * 60;

    friend bool operator==(const CanarySettings &, const CanarySettings &) = default;
};

struct CanaryHold
{
    bool holding = false;
    QDateTime until; // when the rest are released anyway
    qint64 canaryId = 0; // the batch whose job is the canary
};

// Whether new creates wait for the canary. With no job yet, nothing waits: the next create is it.
CanaryHold canaryHold(
    const QList<BatchRecord> &batches, const CanarySettings &settings, const QDateTime &now);

// A job whose results have at least half their lines failed (python-genai#2693: a batch can end
// SUCCEEDED with every line failed).
bool mostLinesFailed(const BatchRecord &batch);

// Whether `batch`, just downloaded, pauses new creates until the user says go on: most of its lines
// failed, and that says something. A job of fewer than kAlarmMinLines lines (a one-request file
// fails as a whole whenever its one line does) only counts when most lines of all the project's
// downloaded jobs failed too, so one failed request among a hundred answered does not stop a run,
// while a canary of one failed request does.
constexpr qint64 kAlarmMinLines = 10;
bool raisesFailureAlarm(const BatchRecord &batch, const QList<BatchRecord> &project);

// Up to `max` distinct error messages, in order of first appearance; empty ones skipped.
QStringList firstDistinctMessages(const QStringList &messages, int max = 3);

} // namespace bb
