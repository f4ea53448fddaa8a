#pragma once

#include <QObject>
#include <QUrl>

#include <atomic>
#include <memory>

namespace bb {

namespace emulator {
class EmulatorServer;
}

// Sandbox mode: the Gemini emulator in this process, on a loopback port, at an accelerated
// clock, refusing job creates beyond a small number of active jobs so the quota wall shows; and
// "Create sample batches", written on a worker thread.
class SandboxController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxController)

public:
    struct Pace
    {
        double speed = 10; // emulated seconds per real second
        double pendingSeconds = 20; // emulated
        double runningSeconds = 90; // emulated
        double failedLineRate = 0.01;
        int concurrentBatches = 35; // the emulator refuses creates beyond this many active jobs
    };

    explicit SandboxController(QObject *parent = nullptr);
    ~SandboxController() override;

    bool start(const Pace &pace);
    bool start() { return start(Pace {}); }
    bool isRunning() const;
    QUrl baseUrl() const;
    QString errorString() const { return m_error; }
    const Pace &pace() const { return m_pace; }
    emulator::EmulatorServer *server() const { return m_server.get(); }

    // Where Sandbox projects and sample batches live (under the app data location).
    static QString sandboxFolder();
    static QString samplesFolder();
    // A fresh project file for this run; older Sandbox projects not in use are removed (the
    // emulator's state does not outlive the process, so they could not be resumed anyway).
    static QString newProjectPath();

    bool createSamples(const QString &folder, int files = 194, int perFile = 100);
    bool isCreatingSamples() const { return m_creating; }
    void cancelSamples();

signals:
    void samplesProgress(int done, int total);
    void samplesReady(const QString &folder);
    void samplesFailed(const QString &error);

private:
    std::unique_ptr<emulator::EmulatorServer> m_server;
    Pace m_pace;
    QString m_error;
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_creating = false;
};

} // namespace bb
