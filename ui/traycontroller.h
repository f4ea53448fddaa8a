#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace bb {

class AppSettings;
class ProjectSession;

// The tray icon: one glance says running / paused / needs attention / all done; its tooltip
// carries the status summary; notifications tell when everything is done, when batches need
// attention and when the daily quota is reached (each can be turned off in Settings).
class TrayController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayController)

public:
    enum class State
    {
        Idle,
        Running,
        Waiting,
        Attention,
        Done
    };
    Q_ENUM(State)

    TrayController(QWidget *window, AppSettings *settings, QObject *parent = nullptr);

    void setSession(ProjectSession *session);
    void setMenuActions(const QList<QAction *> &actions);
    State state() const { return m_state; }
    QString toolTip() const { return m_toolTip; }
    bool isVisible() const;

signals:
    // Emitted for every notification, shown or not (no tray, or turned off in Settings).
    void notified(const QString &title, const QString &message);

private:
    void update();
    void notify(const QString &title, const QString &message, bool enabled);
    void toggleWindow();

    QWidget *m_window;
    AppSettings *m_settings;
    QPointer<ProjectSession> m_session;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu;
    State m_state = State::Idle;
    QString m_toolTip;
    bool m_wasAllDone = false;
    int m_attention = 0;
    bool m_dailyBlocked = false;
};

} // namespace bb
