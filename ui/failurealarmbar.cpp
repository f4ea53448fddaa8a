#include "failurealarmbar.h"

#include "statuscolors.h"
#include "uiresources.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace bb {

FailureAlarmBar::FailureAlarmBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_continue(new QPushButton(tr("&Continue anyway"), this))
    , m_fix(new QPushButton(this))
{
    initUiResources();
    setObjectName(QStringLiteral("failureAlarmBar"));
    setAccessibleName(tr("New jobs paused"));
    setAutoFillBackground(true);
    setFrameShape(QFrame::StyledPanel);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_continue->setToolTip(tr("Create the remaining jobs although this one's lines failed"));
    QPalette p = palette();
    const bool dark = isDarkPalette(p);
    p.setColor(QPalette::Window, dark ? QColor(0x5c, 0x1f, 0x1f) : QColor(0xfd, 0xe7, 0xe7));
    p.setColor(QPalette::WindowText, dark ? QColor(0xff, 0xd6, 0xd6) : QColor(0x5f, 0x12, 0x12));
    setPalette(p);
    m_text->setPalette(p);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize) * 3 / 2;
    m_icon->setPixmap(QIcon(QStringLiteral(":/icons/error.svg")).pixmap(size, size));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_continue, 0, Qt::AlignVCenter);
    layout->addWidget(m_fix, 0, Qt::AlignVCenter);
    connect(m_continue, &QPushButton::clicked, this, &FailureAlarmBar::continueClicked);
    connect(m_fix, &QPushButton::clicked, this, [this] {
        if (m_billing)
            QDesktopServices::openUrl(m_billingUrl);
        else
            emit chooseModelClicked();
    });
    hide();
}

void FailureAlarmBar::setAlarm(const QString &alarm)
{
    m_alarm = alarm;
    update();
}

void FailureAlarmBar::setCreateStop(const QString &createStop, bool billing, const QUrl &billingUrl)
{
    m_createStop = createStop;
    m_billing = billing;
    m_billingUrl = billingUrl;
    update();
}

void FailureAlarmBar::update()
{
    const bool stopped = !m_createStop.isEmpty();
    m_continue->setVisible(!stopped);
    m_fix->setVisible(stopped);
    if (stopped) {
        m_text->setText(tr("New jobs stopped: %1").arg(m_createStop));
        m_fix->setText(m_billing ? tr("Open the &billing page") : tr("Choose a &model…"));
        m_fix->setToolTip(m_billing ? m_billingUrl.toString() : tr("Settings › Work › Model"));
    } else if (!m_alarm.isEmpty()) {
        m_text->setText(tr("New jobs paused. %1").arg(m_alarm));
    }
    setVisible(stopped || !m_alarm.isEmpty());
}

QString FailureAlarmBar::buttonText() const
{
    return m_createStop.isEmpty() ? m_continue->text() : m_fix->text();
}

QString FailureAlarmBar::text() const
{
    return m_text->text();
}

} // namespace bb
