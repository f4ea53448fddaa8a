#pragma once

#include <QLabel>
#include <QPointer>

namespace bb {

class ProjectSession;

// The status bar's money line: projected cost at the batch price with the non-batch price beside
// it, the spend so far, the cap, and the estimate of the selected batches.
class CostStatusLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostStatusLabel)

public:
    explicit CostStatusLabel(QWidget *parent = nullptr);

    void setSession(ProjectSession *session);
    void setSelection(const QList<qint64> &ids);
    void refresh();

private:
    QPointer<ProjectSession> m_session;
    QList<qint64> m_selection;
};

} // namespace bb
