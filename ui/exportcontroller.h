#pragma once

#include <QObject>

#include <atomic>
#include <memory>

namespace bb {

// Writes the results export on a worker thread, through its own read-only connection to the
// project (SQLite connections belong to the thread that opened them).
class ExportController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportController)

public:
    explicit ExportController(QObject *parent = nullptr);
    ~ExportController() override;

    bool start(const QString &projectPath, const QString &destination); // false while one runs
    bool isBusy() const { return m_busy; }
    void cancel();

signals:
    void finished(bool ok, const QString &summary);

private:
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_busy = false;
};

} // namespace bb
