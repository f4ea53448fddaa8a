#pragma once

#include "enginecontext.h"
#include "lanegate.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace bb {

namespace gemini {
class UploadJob;
}

// Uploads batch files, a few at a time, only a little ahead of free job slots, resuming
// interrupted sessions without resending confirmed bytes; replaces files that expired or are too
// close to expiry to be used. Writes its intent (state Uploading, session URL, confirmed offset)
// before and while it acts.
class UploadLane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadLane)

public:
    UploadLane(EngineContext &context, QObject *parent = nullptr);

    void pump();
    void pause(); // running chunks finish, then hold
    void resumePaused();
    void abortAll(); // shutting down: sessions stay resumable
    void uploadNow(qint64 id);
    int inFlight() const { return int(m_jobs.size() + m_preparing.size()); }
    QDateTime nextWake() const;
    QDateTime blockedUntil() const { return m_gate.opensAt(); }
    WaitReason blockReason() const { return m_gate.reason(); }

signals:
    void progress(qint64 batchId, qint64 bytes, qint64 total);
    void changed();
    void fatal(const QString &message);

private:
    void start(BatchRecord record);
    // A file with more than one key-less request goes up as a copy with their keys added; made
    // off this thread before the first upload (and again if it went missing).
    bool needsKeyedCopy(const BatchRecord &record, QHash<qint64, QString> *keyless) const;
    void prepareKeyedCopy(const BatchRecord &record, const QHash<qint64, QString> &keyless);
    void finished(qint64 id, gemini::UploadJob *job);
    void persistSession(qint64 id, const QString &sessionUrl, qint64 offset);
    bool localFileUnchanged(const BatchRecord &record, QString *why) const;
    void deleteRemoteFile(const QString &name);

    EngineContext &m_context;
    QHash<qint64, QPointer<gemini::UploadJob>> m_jobs;
    QHash<qint64, int> m_failures;
    QSet<qint64> m_preparing; // keyed copies being written
    LaneGate m_gate; // a refused upload holds every upload back for its wait
};

} // namespace bb
