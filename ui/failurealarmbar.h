#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace bb {

// The strip above the table that says why new jobs stopped being created: a job came back with
// most of its lines failed (the first distinct errors are shown), with "Continue anyway".
class FailureAlarmBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailureAlarmBar)

public:
    explicit FailureAlarmBar(QWidget *parent = nullptr);

    // Shows `alarm` (EngineStatus::failureAlarm), or hides the bar when it is empty.
    void setAlarm(const QString &alarm);
    QString text() const;

signals:
    void continueClicked();

private:
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_continue;
};

} // namespace bb
