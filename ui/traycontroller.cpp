#include "traycontroller.h"

#include "appsettings.h"
#include "projectsession.h"
#include "statussummary.h"

#include "uiresources.h"

#include <QLocale>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace bb {

TrayController::TrayController(QWidget *window, AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_settings(settings)
    , m_menu(new QMenu(window))
{
    initUiResources();
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/batchboard.svg")), this);
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger)
                toggleWindow();
        });
        m_tray->show();
    }
    update();
}

bool TrayController::isVisible() const
{
    return m_tray && m_tray->isVisible();
}

void TrayController::setMenuActions(const QList<QAction *> &actions)
{
    m_menu->clear();
    QAction *show = m_menu->addAction(tr("Show or hide Batchboard"));
    connect(show, &QAction::triggered, this, &TrayController::toggleWindow);
    m_menu->addSeparator();
    for (QAction *action : actions) {
        if (action)
            m_menu->addAction(action);
        else
            m_menu->addSeparator();
    }
}

void TrayController::setSession(ProjectSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_wasAllDone = false;
    m_attention = 0;
    m_dailyBlocked = false;
    if (session) {
        connect(session, &ProjectSession::statusChanged, this, &TrayController::update);
        const EngineStatus s = session->status();
        m_wasAllDone = s.allDone(); // a project opened finished is no news
        m_attention = s.needsAttention;
    }
    update();
}

void TrayController::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
    } else {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
}

void TrayController::notify(const QString &title, const QString &message, bool enabled)
{
    emit notified(title, message);
    if (enabled && m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, message, m_tray->icon(), 10'000);
}

void TrayController::update()
{
    QString icon = QStringLiteral(":/icons/batchboard.svg");
    if (!m_session) {
        m_state = State::Idle;
        m_toolTip = tr("Batchboard — no project open");
    } else {
        const EngineStatus s = m_session->status();
        const QString summary = statusSummaryText(
            s, m_session->nextQuotaRetry(), m_session->serverNow(), m_session->failedRequests());
        m_toolTip = tr("Batchboard — %1\n%2").arg(runStateText(s), summary);
        if (s.allDone()) {
            m_state = State::Done;
            icon = QStringLiteral(":/icons/tray-done.svg");
        } else if (s.needsAttention > 0 || !s.fatalError.isEmpty()) {
            m_state = State::Attention;
            icon = QStringLiteral(":/icons/tray-attention.svg");
        } else if (s.running && s.waitingForQuota > 0 && s.activeJobs == 0) {
            m_state = State::Waiting;
            icon = QStringLiteral(":/icons/tray-waiting.svg");
        } else if (s.running) {
            m_state = State::Running;
            icon = QStringLiteral(":/icons/tray-running.svg");
        } else {
            m_state = State::Idle;
        }

        if (s.allDone() && !m_wasAllDone)
            notify(tr("All batches are done"),
                tr("%n batch(es) finished and their results are downloaded.", nullptr, s.batches),
                m_settings->notifyAllDone());
        m_wasAllDone = s.allDone();
        if (s.needsAttention > m_attention)
            notify(tr("Batches need attention"),
                tr("%n batch(es) failed, were cancelled or expired, or need you to act.", nullptr,
                    s.needsAttention),
                m_settings->notifyNeedsAttention());
        m_attention = s.needsAttention;
        const bool daily = s.createBlock == WaitReason::DailyQuota;
        if (daily && !m_dailyBlocked)
            notify(tr("Daily quota reached"),
                tr("No more jobs can be created today. Batchboard tries again at %1.")
                    .arg(QLocale().toString(s.createBlockedUntil.toLocalTime(), QLocale::ShortFormat)),
                m_settings->notifyDailyQuota());
        m_dailyBlocked = daily;
    }
    if (m_tray) {
        m_tray->setIcon(QIcon(icon));
        m_tray->setToolTip(m_toolTip);
    }
}

} // namespace bb
