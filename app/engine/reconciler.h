#pragma once

#include "enginecontext.h"
#include "lanegate.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace bb {

namespace gemini {
class GeminiJob;
}

// Compares the project with what the server has, so nothing is uploaded or created twice and
// nothing is lost, whoever made it: files are matched by sha256 whatever their name (uploads whose
// final reply never arrived, other tools' uploads), jobs by their input (our upload, or a listed
// file with our sha256), and a job whose input is gone by the number in its display name plus its
// request count — taken only when unambiguous, otherwise the batch is held for the user. Known
// files that vanished are marked expired; an adopted file with other bytes is dropped. Batches
// left in Creating without a job on the server go back to Uploaded: their create never took effect.
class Reconciler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Reconciler)

public:
    enum class Scope
    {
        JobsOnly,
        FilesAndJobs
    };

    Reconciler(EngineContext &context, QObject *parent = nullptr);

    void run(Scope scope);
    bool busy() const { return !m_job.isNull(); }
    bool hasSucceededOnce() const { return m_succeededOnce; }
    // After the server refused a listing: not before this (invalid when nothing was refused).
    QDateTime retryAt() const { return m_gate.opensAt(); }

signals:
    void finished(bool ok);
    void fatal(const QString &message);

private:
    void filesListed(gemini::GeminiJob *job);
    void listJobs();
    void jobsListed(gemini::GeminiJob *job);
    void fail(const QString &step, gemini::GeminiJob *job);

    EngineContext &m_context;
    QPointer<gemini::GeminiJob> m_job;
    QHash<QString, QString> m_fileHashes; // remote file name → sha256 hex, from the last files listing
    bool m_filesListed = false; // m_fileHashes holds a whole listing (a job's input not in it is gone)
    QSet<QString> m_reportedForeign;
    QSet<QString> m_cancelledDuplicates;
    LaneGate m_gate;
    bool m_succeededOnce = false;
    bool m_rerun = false;
    Scope m_rerunScope = Scope::JobsOnly;
};

} // namespace bb
