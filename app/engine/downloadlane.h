#pragma once

#include "enginecontext.h"
#include "lanegate.h"
#include "resultsfile.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace bb {

namespace gemini {
class DownloadJob;
}

// Downloads each results file as soon as its job succeeds (atomically, to the project's results
// folder), reads it on a worker thread, and records every key's outcome in the ledger — each
// input key exactly once, missing ones as missing. Then frees the input file's storage.
class DownloadLane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadLane)

public:
    DownloadLane(EngineContext &context, QObject *parent = nullptr);
    ~DownloadLane() override;

    void pump();
    void abortAll();
    void downloadNow(qint64 id);
    int inFlight() const { return int(m_jobs.size()) + m_scanning; }
    QDateTime nextWake() const;

signals:
    void changed();
    void fatal(const QString &message);

private:
    void start(BatchRecord record);
    void downloaded(qint64 id, gemini::DownloadJob *job);
    void scanned(qint64 id, const QString &path, const ResultsScan &scan);
    void deleteInput(qint64 id);
    void raiseFailureAlarm(const BatchRecord &record, const QList<KeyResult> &results);
    void refreshParentCounts(qint64 parentId);

    EngineContext &m_context;
    QHash<qint64, QPointer<gemini::DownloadJob>> m_jobs;
    QHash<qint64, int> m_failures;
    LaneGate m_gate; // a refused download holds every download back for its wait
    int m_scanning = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace bb
