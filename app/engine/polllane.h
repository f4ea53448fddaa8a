#pragma once

#include "enginecontext.h"
#include "lanegate.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace bb {

namespace gemini {
class GeminiJob;
struct ApiError;
} // namespace gemini

// Watches every active job with batches.list pages (newest first, 100 a page, stopping as soon
// as all active jobs were seen) instead of one GET per job; polls faster while jobs change and
// backs off while nothing moves. Flags jobs without progress for too long as stuck.
class PollLane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PollLane)

public:
    PollLane(EngineContext &context, QObject *parent = nullptr);

    void pump(); // start polling if there are active jobs and none is scheduled
    void pollSoon(); // something changed (a job was created): poll at the fast interval
    void stop();
    bool busy() const { return !m_job.isNull(); }
    QDateTime nextWake() const { return m_nextPoll; }
    int cycles() const { return m_cycles; }

signals:
    void changed();
    void fatal(const QString &message);

private:
    QSet<QString> activeJobs() const;
    void schedule(qint64 serverMs); // never sooner than a refusal allows
    bool refused(const gemini::ApiError &error); // true: the cycle stops here, scheduled again
    void poll();
    void requestPage(const QString &pageToken);
    void pageFinished(gemini::GeminiJob *job);
    void getMissing();
    void cycleDone(bool anyChange);
    void noteProgress(const BatchRecord &before, const BatchRecord &after);

    EngineContext &m_context;
    QTimer m_timer;
    QPointer<gemini::GeminiJob> m_job;
    QDateTime m_nextPoll;
    qint64 m_intervalServerMs;
    QSet<QString> m_unseen;
    QStringList m_missing;
    bool m_cycleChanged = false;
    LaneGate m_gate;
    int m_cycles = 0;
    QHash<QString, QDateTime> m_lastProgress; // job → last time its state or counts moved
    QSet<QString> m_flaggedStuck;
};

} // namespace bb
