#include "activitylogview.h"

#include "eventlogfilterproxy.h"
#include "eventlogmodel.h"
#include "statuscolors.h"

#include "uiresources.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace bb {
namespace {

// Adds a severity icon and colour to the model's plain rows (the model is QtCore only).
class SeverityDecoration final : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (index.column() == EventLogModel::Level
            && (role == Qt::DecorationRole || role == Qt::ForegroundRole)) {
            const auto severity = Severity(index.data(EventLogModel::SeverityRole).toInt());
            if (role == Qt::DecorationRole) {
                switch (severity) {
                case Severity::Error:
                    return m_error;
                case Severity::Warning:
                    return m_warning;
                default:
                    return m_info;
                }
            }
            if (severity >= Severity::Warning && m_palette) {
                const StatusColors colors = StatusColors::of(m_palette->palette());
                return severity == Severity::Error ? colors.failure : colors.warning;
            }
        }
        return QIdentityProxyModel::data(index, role);
    }

    void setPaletteSource(const QWidget *widget) { m_palette = widget; }

private:
    QIcon m_error { QStringLiteral(":/icons/error.svg") };
    QIcon m_warning { QStringLiteral(":/icons/warning.svg") };
    QIcon m_info { QStringLiteral(":/icons/info.svg") };
    const QWidget *m_palette = nullptr;
};

} // namespace

ActivityLogView::ActivityLogView(QWidget *parent)
    : QWidget(parent)
    , m_scope(new QComboBox(this))
    , m_severity(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_proxy(new EventLogFilterProxy(this))
{
    initUiResources();
    setObjectName(QStringLiteral("activityLog"));
    setAccessibleName(tr("Activity log"));
    m_scope->addItem(tr("All batches"), AllBatches);
    m_scope->addItem(tr("Project events only"), ProjectOnly);
    m_scope->addItem(tr("Selected batch"), SelectedBatch);
    m_scope->setAccessibleName(tr("Show events of"));
    m_severity->addItem(tr("Everything"), int(Severity::Debug));
    m_severity->addItem(tr("Information and above"), int(Severity::Info));
    m_severity->addItem(tr("Warnings and errors"), int(Severity::Warning));
    m_severity->addItem(tr("Errors only"), int(Severity::Error));
    m_severity->setCurrentIndex(1);
    m_severity->setAccessibleName(tr("Minimum severity"));
    m_search->setPlaceholderText(tr("Search the log"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the log"));

    auto *decoration = new SeverityDecoration(this);
    decoration->setPaletteSource(this);
    m_proxy->setSourceModel(decoration);
    m_view->setModel(m_proxy);
    m_view->setAccessibleName(tr("Events"));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(EventLogModel::Time, Qt::DescendingOrder);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(
        EventLogModel::Time, fontMetrics().horizontalAdvance(QStringLiteral("00:00:00")) + 24);
    m_view->setColumnWidth(
        EventLogModel::Batch, fontMetrics().horizontalAdvance(QStringLiteral("batch-000-r1")) + 20);
    m_view->setColumnWidth(
        EventLogModel::Level, fontMetrics().horizontalAdvance(QStringLiteral("Warning")) + 44);

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    auto *scopeLabel = new QLabel(tr("&Show:"), this);
    scopeLabel->setBuddy(m_scope);
    auto *severityLabel = new QLabel(tr("&Level:"), this);
    severityLabel->setBuddy(m_severity);
    filters->addWidget(scopeLabel);
    filters->addWidget(m_scope);
    filters->addWidget(severityLabel);
    filters->addWidget(m_severity);
    filters->addWidget(m_search, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);

    connect(m_scope, &QComboBox::currentIndexChanged, this, &ActivityLogView::applyScope);
    connect(m_severity, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setMinimumSeverity(Severity(m_severity->currentData().toInt())); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &EventLogFilterProxy::setSearchText);
}

void ActivityLogView::setModel(EventLogModel *model)
{
    auto *decoration = static_cast<QIdentityProxyModel *>(m_proxy->sourceModel());
    decoration->setSourceModel(model);
}

void ActivityLogView::setSelectedBatch(qint64 id)
{
    m_selected = id;
    applyScope();
}

void ActivityLogView::setScope(BatchScope scope)
{
    m_scope->setCurrentIndex(int(scope));
}

void ActivityLogView::setMinimumSeverity(int severity)
{
    const int index = m_severity->findData(severity);
    if (index >= 0)
        m_severity->setCurrentIndex(index);
}

int ActivityLogView::visibleRows() const
{
    return m_proxy->rowCount();
}

void ActivityLogView::applyScope()
{
    switch (BatchScope(m_scope->currentData().toInt())) {
    case AllBatches:
        m_proxy->setBatchId(EventLogFilterProxy::AllBatches);
        break;
    case ProjectOnly:
        m_proxy->setBatchId(0);
        break;
    case SelectedBatch:
        m_proxy->setBatchId(m_selected > 0 ? m_selected : -2);
        break;
    }
}

} // namespace bb
