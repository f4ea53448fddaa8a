#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace bb {

// Lists what went wrong with an import or a hand-over, one `file:line: reason` per line, with
// a button to copy the list.
class ProblemListDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProblemListDialog)

public:
    ProblemListDialog(
        const QString &title, const QString &summary, const QStringList &problems, QWidget *parent = nullptr);

    QStringList problems() const { return m_problems; }

private:
    QStringList m_problems;
    QLabel *m_summary;
    QPlainTextEdit *m_list;
};

} // namespace bb
