#pragma once

#include <QObject>
#include <QString>
#include <QThread>

namespace bb {

// Keeps SQLite's WAL checkpoints off the thread that writes the project. With journal_mode=WAL and
// synchronous=NORMAL a commit never waits for the disk; a checkpoint does (it copies the log into
// the database and fsyncs both), and SQLite runs it inside whichever commit crosses the
// auto-checkpoint size — on the GUI thread that meant 10–30 ms stalls several times a second under
// a stream of changes. The writing connection turns auto-checkpoint off; this runs
// `PRAGMA wal_checkpoint(PASSIVE)` (never blocks readers or writers) on a connection of its own in
// a worker thread, once per interval. Closing the last connection still checkpoints everything.
class WalCheckpointer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WalCheckpointer)

public:
    static constexpr int DefaultIntervalMs = 1000;

    explicit WalCheckpointer(
        const QString &databasePath, int intervalMs = DefaultIntervalMs, QObject *parent = nullptr);
    // Stops the worker; waits for a checkpoint in progress to end.
    ~WalCheckpointer() override;

    void stop();

Q_SIGNALS:
    // A checkpoint failed (other than SQLITE_BUSY, which only means "try again later").
    void failed(const QString &message);

private:
    QThread m_thread;
};

} // namespace bb
