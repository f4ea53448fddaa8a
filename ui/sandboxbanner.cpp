#include "sandboxbanner.h"

#include "statuscolors.h"

#include "uiresources.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QUrl>

namespace bb {

SandboxBanner::SandboxBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_samples(new QPushButton(tr("Create &sample batches"), this))
    , m_apiKey(new QPushButton(tr("Use my &API key…"), this))
{
    initUiResources();
    setObjectName(QStringLiteral("sandboxBanner"));
    setAccessibleName(tr("Mode"));
    setAutoFillBackground(true);
    setFrameShape(QFrame::StyledPanel);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setAccessibleName(tr("Mode"));
    m_progress->setMaximumWidth(180);
    m_progress->setVisible(false);
    m_progress->setAccessibleName(tr("Sample batches written"));
    m_samples->setToolTip(tr("Write 194 files × 100 requests into a folder and add them, like a real run"));
    m_apiKey->setToolTip(tr("Enter a Gemini API key in Settings to switch to the real API"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_samples);
    layout->addWidget(m_apiKey);
    connect(m_samples, &QPushButton::clicked, this, &SandboxBanner::createSamplesClicked);
    connect(m_apiKey, &QPushButton::clicked, this, &SandboxBanner::useApiKeyClicked);
    applyColors(false);
    hide();
}

QString SandboxBanner::text() const
{
    return m_text->text();
}

void SandboxBanner::applyColors(bool problem)
{
    m_problem = problem;
    const StatusColors colors = StatusColors::of(parentWidget() ? parentWidget()->palette() : palette());
    QPalette p = palette();
    QColor background = colors.banner;
    QColor foreground = colors.bannerText;
    if (problem) {
        background = isDarkPalette(p) ? QColor(0x5c, 0x1f, 0x1f) : QColor(0xfd, 0xe7, 0xe7);
        foreground = isDarkPalette(p) ? QColor(0xff, 0xd6, 0xd6) : QColor(0x5f, 0x12, 0x12);
    }
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, foreground);
    setPalette(p);
    m_text->setPalette(p);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize) * 3 / 2;
    m_icon->setPixmap(
        QIcon(problem ? QStringLiteral(":/icons/error.svg") : QStringLiteral(":/icons/sandbox.svg"))
            .pixmap(size, size));
}

void SandboxBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !property("bb_applying").toBool()) {
        setProperty("bb_applying", true);
        applyColors(m_problem);
        setProperty("bb_applying", false);
    }
}

void SandboxBanner::showSandbox(const QUrl &emulatorUrl, double speed, int concurrentLimit)
{
    applyColors(false);
    m_text->setText(
        tr("<b>Sandbox mode</b> — no API key is set, so Batchboard runs everything against its "
           "built-in Gemini emulator (%1), nothing costs money. Its clock runs %2× faster and it refuses "
           "jobs beyond %3 at a time, like a quota wall; times shown are emulator time.")
            .arg(emulatorUrl.toDisplayString().toHtmlEscaped(), QLocale().toString(speed))
            .arg(concurrentLimit));
    m_samples->setVisible(true);
    m_samples->setEnabled(true);
    m_apiKey->setVisible(true);
    m_progress->setVisible(false);
    show();
}

void SandboxBanner::showSamplesProgress(int done, int total)
{
    m_samples->setEnabled(false);
    m_progress->setVisible(true);
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(tr("%v of %m files"));
}

void SandboxBanner::showSamplesReady(int files)
{
    m_progress->setVisible(false);
    m_samples->setEnabled(true);
    m_text->setText(tr("<b>Sandbox mode</b> — %n sample batch(es) added. Press <b>Resume</b> to upload them, "
                       "create jobs until the emulator's quota wall, wait, and download every result.",
        nullptr, files));
}

void SandboxBanner::showProblem(const QString &text)
{
    applyColors(true);
    m_text->setText(text.toHtmlEscaped());
    m_samples->setVisible(false);
    m_apiKey->setVisible(false);
    m_progress->setVisible(false);
    show();
}

} // namespace bb
