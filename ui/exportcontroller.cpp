#include "exportcontroller.h"

#include "batchtablemodel.h"
#include "exporter.h"
#include "projectsession.h"
#include "projectstore.h"

#include <QDir>
#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace bb {

ExportController::ExportController(QObject *parent)
    : QObject(parent)
{
}

ExportController::~ExportController()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ExportController::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool ExportController::start(const QString &projectPath, const QString &destination)
{
    if (m_busy)
        return false;
    m_busy = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancel = m_cancel;
    auto *watcher = new QFutureWatcher<ExportSummary>(this);
    connect(watcher, &QFutureWatcher<ExportSummary>::finished, this, [this, watcher, destination] {
        watcher->deleteLater();
        m_busy = false;
        const ExportSummary s = watcher->result();
        const QLocale locale;
        if (!s.error.isEmpty()) {
            emit finished(false,
                tr("Export failed, %1 was not written: %2")
                    .arg(QDir::toNativeSeparators(destination), s.error));
            return;
        }
        emit finished(true,
            tr("Exported %1 lines to %2: %3 succeeded, %4 failed, %5 blocked, %6 without a result")
                    .arg(locale.toString(s.lines), QDir::toNativeSeparators(destination),
                        locale.toString(s.succeeded), locale.toString(s.failed), locale.toString(s.blocked),
                        locale.toString(s.missing))
                + u' '
                + tr("Spent %1 at the batch price (%2 at the non-batch price).")
                      .arg(BatchTableModel::moneyText(s.actualUsd),
                          BatchTableModel::moneyText(s.standardUsd)));
    });
    watcher->setFuture(QtConcurrent::run([projectPath, destination, cancel]() -> ExportSummary {
        ProjectStore store;
        if (const StoreError error = store.open(projectPath, ProjectStore::Mode::ReadOnly)) {
            ExportSummary failed;
            failed.error = error.detail;
            return failed;
        }
        return exportResults(store, destination, cancel.get());
    }));
    return true;
}

} // namespace bb
