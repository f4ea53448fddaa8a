#pragma once

#include <QFrame>
#include <QUrl>

class QLabel;
class QPushButton;

namespace bb {

// The strip above the table that says why new jobs stopped being created and what to do: the
// service refused the project's model ("Choose a model…"), billing stopped the project ("Open the
// billing page"), or a job came back with most of its lines failed (the first distinct errors are
// shown, "Continue anyway").
class FailureAlarmBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailureAlarmBar)

public:
    explicit FailureAlarmBar(QWidget *parent = nullptr);

    // Shows `alarm` (EngineStatus::failureAlarm), or hides the bar when it is empty.
    void setAlarm(const QString &alarm);
    // Shows `createStop` (EngineStatus::createStop) instead, which takes precedence; `billingUrl`
    // is opened by the button when the stop is a billing one, else the button asks for a model.
    void setCreateStop(const QString &createStop, bool billing, const QUrl &billingUrl);
    QString text() const;
    QString buttonText() const;

signals:
    void continueClicked();
    void chooseModelClicked();

private:
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_continue;
    QPushButton *m_fix;
    QString m_alarm;
    QString m_createStop;
    bool m_billing = false;
    QUrl m_billingUrl;

    void update();
};

} // namespace bb
