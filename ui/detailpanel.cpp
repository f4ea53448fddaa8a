#include "detailpanel.h"

#include "batchtablemodel.h"
#include "eventlogfilterproxy.h"
#include "eventlogmodel.h"
#include "projectsession.h"

#include "uiresources.h"

#include <QClipboard>
#include <QDir>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace bb {
namespace {

QString when(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

DetailPanel::DetailPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_copyJob(copyButton(tr("Copy job name")))
    , m_copyUri(copyButton(tr("Copy file URI")))
    , m_lastError(new QPlainTextEdit(this))
    , m_history(new QTableView(this))
    , m_historyProxy(new EventLogFilterProxy(this))
{
    initUiResources();
    setObjectName(QStringLiteral("detailPanel"));
    setAccessibleName(tr("Batch details"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setAccessibleName(tr("Selected batch"));

    auto *form = new QWidget(this);
    auto *columns = new QHBoxLayout(form);
    columns->setContentsMargins(0, 0, 0, 0);
    QFormLayout *formLayouts[2] = { new QFormLayout, new QFormLayout };
    for (QFormLayout *f : formLayouts) {
        f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        f->setLabelAlignment(Qt::AlignRight);
        f->setVerticalSpacing(1);
        columns->addLayout(f, 1);
    }
    const QString labels[FieldCount] = {
        tr("Batch:"),
        tr("State:"),
        tr("Local file:"),
        tr("Requests:"),
        tr("Size:"),
        tr("Token estimate:"),
        tr("SHA-256:"),
        tr("Next attempt:"),
        tr("Attempts:"),
        tr("State changed:"),
        tr("Remote file:"),
        tr("File URI:"),
        tr("File expires:"),
        tr("Model:"),
        tr("Job:"),
        tr("Job created:"),
        tr("Job ended:"),
        tr("Outcomes:"),
        tr("Results file:"),
        tr("Resubmission of:"),
    };
    for (int f = 0; f < FieldCount; ++f) {
        // Read-only, frameless line edits: they look like labels but long paths and names scroll
        // instead of widening the panel, and every value can be selected and copied.
        auto *value = new QLineEdit(form);
        value->setReadOnly(true);
        value->setFrame(false);
        value->setStyleSheet(QStringLiteral("QLineEdit { background: transparent; }"));
        value->setAccessibleName(labels[f].chopped(1));
        value->setMinimumWidth(80);
        m_fields[f] = value;
        QFormLayout *target = formLayouts[f < RemoteFile ? 0 : 1];
        if (f == Job || f == FileUri) {
            auto *row = new QHBoxLayout;
            row->setContentsMargins(0, 0, 0, 0);
            row->setSpacing(2);
            row->addWidget(value, 1);
            row->addWidget(f == Job ? m_copyJob : m_copyUri);
            target->addRow(labels[f], row);
        } else {
            target->addRow(labels[f], value);
        }
    }
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_lastError->setReadOnly(true);
    m_lastError->setAccessibleName(tr("Last error"));
    m_lastError->setPlaceholderText(tr("No error"));
    m_lastError->setMaximumHeight(fontMetrics().lineSpacing() * 3 + 10);
    m_history->setModel(m_historyProxy);
    m_history->setAccessibleName(tr("Event history of the batch"));
    m_history->verticalHeader()->hide();
    m_history->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setShowGrid(false);
    m_history->setWordWrap(false);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->setColumnHidden(EventLogModel::Batch, true);
    m_history->setColumnWidth(
        EventLogModel::Time, fontMetrics().horizontalAdvance(QStringLiteral("00:00:00  ")) + 8);
    m_history->setColumnWidth(
        EventLogModel::Level, fontMetrics().horizontalAdvance(QStringLiteral("Warning")) + 16);
    m_historyProxy->setMinimumSeverity(Severity::Debug);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *errorLabel = new QLabel(tr("Last error"), right);
    errorLabel->setBuddy(m_lastError);
    auto *historyLabel = new QLabel(tr("History"), right);
    historyLabel->setBuddy(m_history);
    rightLayout->addWidget(errorLabel);
    rightLayout->addWidget(m_lastError);
    rightLayout->addWidget(historyLabel);
    rightLayout->addWidget(m_history, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    connect(m_copyJob, &QToolButton::clicked, this, [this] { copy(m_fields[Job]->text()); });
    connect(m_copyUri, &QToolButton::clicked, this, [this] { copy(m_fields[FileUri]->text()); });
    showBatch(0);
}

QToolButton *DetailPanel::copyButton(const QString &accessibleName)
{
    auto *button = new QToolButton(this);
    button->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    button->setToolTip(accessibleName);
    button->setAccessibleName(accessibleName);
    button->setAutoRaise(true);
    return button;
}

void DetailPanel::copy(const QString &text)
{
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void DetailPanel::setSession(ProjectSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_historyProxy->setSourceModel(session ? session->eventModel() : nullptr);
    m_history->setColumnHidden(EventLogModel::Batch, true);
    if (session) {
        connect(session, &ProjectSession::batchChanged, this, [this](qint64 id) {
            if (id == m_id)
                refresh();
        });
        connect(session, &ProjectSession::tick, this, &DetailPanel::refresh);
    }
    showBatch(0);
}

void DetailPanel::showBatch(qint64 id)
{
    m_id = id;
    m_historyProxy->setBatchId(id > 0 ? id : -2); // -2 matches nothing
    refresh();
}

void DetailPanel::setField(Field field, const QString &text)
{
    if (m_fields[field]->text() != text) {
        m_fields[field]->setText(text);
        m_fields[field]->setCursorPosition(0);
    }
}

void DetailPanel::refresh()
{
    const BatchRecord *r = m_session && m_id > 0 ? m_session->batch(m_id) : nullptr;
    m_copyJob->setEnabled(r && r->hasJob());
    m_copyUri->setEnabled(r && !r->remoteFileUri.isEmpty());
    if (!r) {
        m_title->setText(tr("Select a batch to see its details"));
        for (QLineEdit *field : m_fields)
            field->clear();
        m_lastError->clear();
        return;
    }
    const QLocale locale;
    BatchTableModel *model = m_session->batchModel();
    const int row = model->rowOf(r->id);
    auto cell = [model, row](
                    int column) { return row < 0 ? QString() : model->index(row, column).data().toString(); };
    m_title->setText(tr("%1 — %2").arg(r->displayName, cell(BatchTableModel::State)));
    setField(Name, r->displayName);
    setField(LocalFile, QDir::toNativeSeparators(r->localPath));
    setField(Requests, locale.toString(r->requestCount));
    setField(
        Size, tr("%1 (%2 bytes)").arg(locale.formattedDataSize(r->sizeBytes), locale.toString(r->sizeBytes)));
    setField(
        Tokens, r->tokenEstimate > 0 ? tr("about %1").arg(locale.toString(r->tokenEstimate)) : QString());
    setField(Sha256, r->sha256Hex);
    setField(State, cell(BatchTableModel::State));
    setField(NextAttempt, when(r->nextAttemptAt));
    setField(Attempts, locale.toString(r->attempts));
    setField(RemoteFile, r->remoteFileName);
    setField(FileUri, r->remoteFileUri);
    const QString countdown = cell(BatchTableModel::ExpiresIn);
    setField(Expires,
        r->remoteFileExpiresAt.isValid()
            ? (countdown.isEmpty() ? when(r->remoteFileExpiresAt)
                                   : tr("%1 (in %2)").arg(when(r->remoteFileExpiresAt), countdown))
            : QString());
    setField(Model, r->model);
    setField(Job, r->jobName);
    setField(Created, when(r->jobCreatedAt));
    setField(Ended, when(r->jobEndedAt));
    setField(Outcomes,
        r->hasJob() || r->succeededCount + r->failedCount > 0
            ? tr("%1 succeeded · %2 failed · %3 pending")
                  .arg(locale.toString(r->succeededCount), locale.toString(r->failedCount),
                      locale.toString(r->pendingCount))
            : QString());
    setField(Results, QDir::toNativeSeparators(r->resultsPath));
    const BatchRecord *parent = r->parentId != 0 ? m_session->batch(r->parentId) : nullptr;
    setField(Parent, parent ? parent->displayName : QString());
    setField(Changed, when(r->stateChangedAt));
    if (m_lastError->toPlainText() != r->lastError)
        m_lastError->setPlainText(r->lastError);
}

} // namespace bb
