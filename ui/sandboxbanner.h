#pragma once

#include <QFrame>

class QLabel;
class QProgressBar;
class QPushButton;

namespace bb {

// The strip above the table that says which server Batchboard talks to when that matters:
// Sandbox mode (with "Create sample batches" and a way to the real API), sample creation
// progress, and problems that stop work (project locked by another instance, Sandbox failed).
class SandboxBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxBanner)

public:
    explicit SandboxBanner(QWidget *parent = nullptr);

    void showSandbox(const QUrl &emulatorUrl, double speed, int concurrentLimit);
    void showSamplesProgress(int done, int total);
    void showSamplesReady(int files);
    void showProblem(const QString &text); // plain text
    QString text() const;

signals:
    void createSamplesClicked();
    void useApiKeyClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColors(bool problem);

    QLabel *m_icon;
    QLabel *m_text;
    QProgressBar *m_progress;
    QPushButton *m_samples;
    QPushButton *m_apiKey;
    bool m_problem = false;
};

} // namespace bb
