#include "failurealarmbar.h"

#include "statuscolors.h"
#include "uiresources.h"

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
    connect(m_continue, &QPushButton::clicked, this, &FailureAlarmBar::continueClicked);
    hide();
}

void FailureAlarmBar::setAlarm(const QString &alarm)
{
    if (alarm.isEmpty()) {
        hide();
        return;
    }
    m_text->setText(tr("New jobs paused. %1").arg(alarm));
    show();
}

QString FailureAlarmBar::text() const
{
    return m_text->text();
}

} // namespace bb
