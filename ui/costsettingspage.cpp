#include "costsettingspage.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bb {
namespace {

enum PriceColumn
{
    ModelColumn,
    InputColumn,
    OutputColumn,
    ThinkingColumn,
    CachedColumn,
    InputLongColumn,
    OutputLongColumn,
    FactorColumn,
    PriceColumnCount
};

QTableWidgetItem *numberItem(double value)
{
    auto *item = new QTableWidgetItem;
    item->setData(Qt::EditRole, value); // a double: the view edits it with a spin box
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

double numberAt(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    bool ok = false;
    const double value = item ? item->data(Qt::EditRole).toDouble(&ok) : 0;
    return ok && value >= 0 ? value : 0;
}

} // namespace

CostSettingsPage::CostSettingsPage(const CostSettings &settings, QWidget *parent)
    : QWidget(parent)
    , m_original(settings)
    , m_table(new QTableWidget(0, PriceColumnCount, this))
    , m_asOf(new QLineEdit(this))
    , m_source(new QLabel(this))
    , m_output(new QSpinBox(this))
    , m_thinking(new QSpinBox(this))
    , m_capEnabled(new QCheckBox(tr("Create no job that would take the projected spend past"), this))
    , m_cap(new QDoubleSpinBox(this))
{
    setObjectName(QStringLiteral("costSettingsPage"));
    auto *layout = new QVBoxLayout(this);

    auto *pricesBox
        = new QGroupBox(tr("Prices of this project (USD per 1M tokens, interactive price)"), this);
    auto *pricesLayout = new QVBoxLayout(pricesBox);
    auto *note
        = new QLabel(tr("The Batch API charges the batch factor of these prices (0.5 = 50%); cache hits "
                        "are billed like non-batch. Thinking tokens of 2.5 models are billed as output. "
                        "Prompts over 200k tokens use the >200k prices where a model has them."),
            pricesBox);
    note->setWordWrap(true);
    pricesLayout->addWidget(note);
    m_table->setHorizontalHeaderLabels({ tr("Model"), tr("Input"), tr("Output"), tr("Thinking"), tr("Cached"),
        tr("Input >200k"), tr("Output >200k"), tr("Batch factor") });
    m_table->setAccessibleName(tr("Price table"));
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    pricesLayout->addWidget(m_table, 1);
    auto *asOfRow = new QHBoxLayout;
    asOfRow->addWidget(new QLabel(tr("Prices as of"), pricesBox));
    m_asOf->setAccessibleName(tr("Prices as of"));
    m_asOf->setMaximumWidth(120);
    asOfRow->addWidget(m_asOf);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    asOfRow->addWidget(m_source, 1);
    pricesLayout->addLayout(asOfRow);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add model"), pricesBox);
    auto *remove = new QPushButton(tr("&Remove model"), pricesBox);
    auto *defaults
        = new QPushButton(tr("Restore &Google's prices of %1").arg(PriceTable::defaultsAsOf()), pricesBox);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(defaults);
    pricesLayout->addLayout(buttons);
    layout->addWidget(pricesBox, 1);

    auto *expectBox = new QGroupBox(tr("Before the first results arrive"), this);
    auto *expectForm = new QFormLayout(expectBox);
    for (QSpinBox *box : { m_output, m_thinking }) {
        box->setRange(0, 1'000'000);
        box->setSuffix(tr(" tokens"));
    }
    expectForm->addRow(tr("Expected &output per request:"), m_output);
    expectForm->addRow(tr("Expected &thinking per request:"), m_thinking);
    auto *expectNote = new QLabel(
        tr("Results replace these guesses: their usage metadata calibrates prompt tokens per byte and the "
           "output and thinking per request."),
        expectBox);
    expectNote->setWordWrap(true);
    expectForm->addRow(expectNote);
    layout->addWidget(expectBox);

    auto *capBox = new QGroupBox(tr("Spend cap"), this);
    auto *capLayout = new QHBoxLayout(capBox);
    m_cap->setRange(0, 10'000'000);
    m_cap->setDecimals(2);
    m_cap->setPrefix(QStringLiteral("$ "));
    m_cap->setAccessibleName(tr("Spend cap in US dollars"));
    capLayout->addWidget(m_capEnabled);
    capLayout->addWidget(m_cap);
    capLayout->addStretch(1);
    layout->addWidget(capBox);
    connect(m_capEnabled, &QCheckBox::toggled, m_cap, &QWidget::setEnabled);

    connect(add, &QPushButton::clicked, this, [this] {
        ModelPrice p;
        p.model = tr("model-name");
        addRow(p);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, ModelColumn));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0)
            m_table->removeRow(row);
    });
    connect(defaults, &QPushButton::clicked, this, &CostSettingsPage::restoreDefaults);

    fillTable(settings.prices);
    m_output->setValue(int(settings.outputTokensPerRequest));
    m_thinking->setValue(int(settings.thinkingTokensPerRequest));
    m_capEnabled->setChecked(settings.spendCapUsd.has_value());
    m_cap->setValue(settings.spendCapUsd.value_or(0));
    m_cap->setEnabled(settings.spendCapUsd.has_value());
}

void CostSettingsPage::addRow(const ModelPrice &p)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, ModelColumn, new QTableWidgetItem(p.model));
    m_table->setItem(row, InputColumn, numberItem(p.input));
    m_table->setItem(row, OutputColumn, numberItem(p.output));
    m_table->setItem(row, ThinkingColumn, numberItem(p.thinking));
    m_table->setItem(row, CachedColumn, numberItem(p.cached));
    m_table->setItem(row, InputLongColumn, numberItem(p.inputLong));
    m_table->setItem(row, OutputLongColumn, numberItem(p.outputLong));
    m_table->setItem(row, FactorColumn, numberItem(p.batchFactor));
}

void CostSettingsPage::fillTable(const PriceTable &prices)
{
    m_table->setRowCount(0);
    for (const ModelPrice &p : prices.prices)
        addRow(p);
    m_asOf->setText(prices.asOf);
    m_source->setText(prices.source);
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
}

void CostSettingsPage::restoreDefaults()
{
    fillTable(PriceTable::defaults());
}

CostSettings CostSettingsPage::settings() const
{
    CostSettings s = m_original;
    PriceTable table;
    const PriceTable defaults = PriceTable::defaults();
    table.asOf = m_asOf->text().trimmed();
    table.source = m_source->text();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *name = m_table->item(row, ModelColumn);
        const QString model = name ? PriceTable::normalizedModel(name->text()) : QString();
        if (model.isEmpty())
            continue;
        // Columns not shown keep what the row had (the >200k thinking and cached prices).
        const ModelPrice *before = m_original.prices.find(model);
        ModelPrice p = before && before->model == model ? *before : ModelPrice {};
        p.model = model;
        p.input = numberAt(m_table, row, InputColumn);
        p.output = numberAt(m_table, row, OutputColumn);
        p.thinking = numberAt(m_table, row, ThinkingColumn);
        p.cached = numberAt(m_table, row, CachedColumn);
        p.inputLong = numberAt(m_table, row, InputLongColumn);
        p.outputLong = numberAt(m_table, row, OutputLongColumn);
        if (!before || before->model != model)
            p.thinkingLong = p.outputLong;
        p.batchFactor = numberAt(m_table, row, FactorColumn);
        if (const ModelPrice *d = defaults.find(model); !before && d && d->model == model)
            p.thinksByDefault = d->thinksByDefault;
        table.setPrice(p);
    }
    s.prices = table;
    s.outputTokensPerRequest = m_output->value();
    s.thinkingTokensPerRequest = m_thinking->value();
    s.spendCapUsd = m_capEnabled->isChecked() ? std::optional<double>(m_cap->value()) : std::nullopt;
    return s;
}

} // namespace bb
