#include "mainwindow.h"

#include <QLabel>
#include <QUrl>
#include <QVBoxLayout>

namespace bb {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_banner(new QLabel(this))
    , m_body(new QLabel(this))
{
    setWindowTitle(tr("Batchboard"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_banner->setWordWrap(true);
    m_banner->setMargin(8);
    m_banner->setAutoFillBackground(true);
    m_body->setWordWrap(true);
    m_body->setAlignment(Qt::AlignCenter);
    m_body->setText(tr("<h2>Batchboard</h2>"
                       "<p>Takes a folder of Gemini Batch API JSONL files to every result downloaded.</p>"
                       "<p>The batch table, charts and one-click Resume arrive with the desktop release. "
                       "Until then this window only shows which server Batchboard would use.</p>"));
    layout->addWidget(m_banner);
    layout->addWidget(m_body, 1);
    setCentralWidget(central);
    resize(720, 420);
}

void MainWindow::showSandbox(const QUrl &emulatorUrl)
{
    m_banner->setText(tr("<b>Sandbox mode</b> — no API key is configured, so Batchboard talks to its "
                         "built-in Gemini emulator at %1. Nothing you do here costs money.")
                          .arg(emulatorUrl.toDisplayString().toHtmlEscaped()));
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Window, QColor(0xfff4ce));
    palette.setColor(QPalette::WindowText, QColor(0x3b2f00));
    m_banner->setPalette(palette);
}

void MainWindow::showSandboxFailure(const QString &reason)
{
    m_banner->setText(tr("<b>Sandbox mode is unavailable:</b> %1").arg(reason.toHtmlEscaped()));
}

void MainWindow::showRealApi(const QUrl &baseUrl)
{
    m_banner->setText(tr("Connected to the Gemini API at %1.").arg(baseUrl.toDisplayString().toHtmlEscaped()));
}

} // namespace bb
