#pragma once

#include <QMainWindow>

class QLabel;

namespace bb {

// Placeholder main window until the desktop issue lands: it says what the app is and which
// server it would talk to.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);

    void showSandbox(const QUrl &emulatorUrl);
    void showSandboxFailure(const QString &reason);
    void showRealApi(const QUrl &baseUrl);

private:
    QLabel *m_banner;
    QLabel *m_body;
};

} // namespace bb
