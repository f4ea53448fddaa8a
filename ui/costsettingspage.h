#pragma once

#include "costestimator.h"

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace bb {

// Settings → Cost: the project's price table (editable, with the date the figures were taken),
// the output/thinking tokens to expect per request before results exist, and the spend cap.
class CostSettingsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostSettingsPage)

public:
    explicit CostSettingsPage(const CostSettings &settings, QWidget *parent = nullptr);

    CostSettings settings() const;
    QTableWidget *priceTable() const { return m_table; }

private:
    void fillTable(const PriceTable &prices);
    void addRow(const ModelPrice &price);
    void restoreDefaults();

    CostSettings m_original;
    QTableWidget *m_table;
    QLineEdit *m_asOf;
    QLabel *m_source;
    QSpinBox *m_output;
    QSpinBox *m_thinking;
    QCheckBox *m_capEnabled;
    QDoubleSpinBox *m_cap;
};

} // namespace bb
