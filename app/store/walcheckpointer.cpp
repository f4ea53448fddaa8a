#include "walcheckpointer.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

namespace bb {

namespace {

// Lives in the worker thread: opens its connection there (connections belong to the thread that
// made them), checkpoints on a timer, and closes the connection on its way out.
class CheckpointWorker final : public QObject
{
public:
    CheckpointWorker(const QString &path, int intervalMs, WalCheckpointer *owner)
        : m_path(path)
        , m_intervalMs(intervalMs)
        , m_owner(owner)
        , m_connectionName(
              QStringLiteral("bb-checkpoint-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
    }

    ~CheckpointWorker() override
    {
        if (m_db.isValid()) {
            m_db.close();
            m_db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
        }
    }

    void begin()
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        m_db.setDatabaseName(m_path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
        if (!m_db.open()) {
            Q_EMIT m_owner->failed(m_db.lastError().text());
            return;
        }
        auto *timer = new QTimer(this);
        timer->setTimerType(Qt::CoarseTimer);
        connect(timer, &QTimer::timeout, this, &CheckpointWorker::checkpoint);
        timer->start(m_intervalMs);
    }

private:
    void checkpoint()
    {
        QSqlQuery query(m_db);
        // Result row: busy (1 when it could not finish), frames in the log, frames copied.
        if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
            const QString error = query.lastError().nativeErrorCode();
            if (error != QLatin1StringView("5") && error != QLatin1StringView("6")) // BUSY, LOCKED
                Q_EMIT m_owner->failed(query.lastError().text());
        }
    }

    QString m_path;
    int m_intervalMs;
    WalCheckpointer *m_owner;
    QString m_connectionName;
    QSqlDatabase m_db;
};

} // namespace

WalCheckpointer::WalCheckpointer(const QString &databasePath, int intervalMs, QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("WAL checkpoints"));
    auto *worker = new CheckpointWorker(databasePath, intervalMs, this);
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, worker, &CheckpointWorker::begin);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

void WalCheckpointer::stop()
{
    if (!m_thread.isRunning())
        return;
    m_thread.quit();
    m_thread.wait();
}

} // namespace bb
