#include "sqlitedirect.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <cstring>

#if defined(Q_OS_LINUX)
#include <dlfcn.h>
#include <link.h>
#endif

namespace bb {
namespace {

// The few entry points used, as sqlite3.h declares them (sqlite3 and sqlite3_stmt kept opaque).
constexpr int kSqliteOk = 0;
constexpr int kSqliteNull = 5;
constexpr int kSqliteRow = 100;
constexpr int kSqliteDone = 101;

} // namespace

struct SqliteApi
{
    int (*prepare)(void *db, const char *sql, int bytes, void **stmt, const char **tail) = nullptr;
    int (*step)(void *stmt) = nullptr;
    int (*finalize)(void *stmt) = nullptr;
    int (*columnType)(void *stmt, int column) = nullptr;
    long long (*columnInt64)(void *stmt, int column) = nullptr;
    const unsigned char *(*columnText)(void *stmt, int column) = nullptr;
    int (*columnBytes)(void *stmt, int column) = nullptr;

    bool complete() const
    {
        return prepare && step && finalize && columnType && columnInt64 && columnText && columnBytes;
    }
};

namespace {

#if defined(Q_OS_LINUX)
int findDriverPlugin(dl_phdr_info *info, size_t, void *data)
{
    if (info->dlpi_name && std::strstr(info->dlpi_name, "libqsqlite")) {
        *static_cast<QByteArray *>(data) = QByteArray(info->dlpi_name);
        return 1;
    }
    return 0;
}

template<typename F> void resolve(void *plugin, F &function, const char *name)
{
    function = reinterpret_cast<F>(dlsym(plugin, name));
}
#endif

// Looked up through the driver plugin, so the symbols are those of the SQLite it links (or
// exports); a driver with a private copy yields nothing and the caller falls back to QSqlQuery.
const SqliteApi &api()
{
    static const SqliteApi resolved = [] {
        SqliteApi a;
#if defined(Q_OS_LINUX)
        QByteArray pluginPath;
        dl_iterate_phdr(findDriverPlugin, &pluginPath);
        if (pluginPath.isEmpty())
            return a;
        void *plugin = dlopen(pluginPath.constData(), RTLD_LAZY | RTLD_NOLOAD);
        if (!plugin)
            return a;
        resolve(plugin, a.prepare, "sqlite3_prepare_v2");
        resolve(plugin, a.step, "sqlite3_step");
        resolve(plugin, a.finalize, "sqlite3_finalize");
        resolve(plugin, a.columnType, "sqlite3_column_type");
        resolve(plugin, a.columnInt64, "sqlite3_column_int64");
        resolve(plugin, a.columnText, "sqlite3_column_text");
        resolve(plugin, a.columnBytes, "sqlite3_column_bytes");
        dlclose(plugin); // drops only the reference taken above; the driver keeps it loaded
        if (!a.complete())
            a = SqliteApi {};
#endif
        return a;
    }();
    return resolved;
}

void *connectionHandle(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<void *const *>(handle.constData());
}

} // namespace

SqliteRows::~SqliteRows()
{
    if (m_stmt)
        m_api->finalize(m_stmt);
}

bool SqliteRows::available(const QSqlDatabase &db)
{
    return api().complete() && connectionHandle(db);
}

bool SqliteRows::open(const QSqlDatabase &db, const QByteArray &sql)
{
    if (!available(db) || m_stmt)
        return false;
    m_api = &api();
    void *stmt = nullptr;
    if (m_api->prepare(connectionHandle(db), sql.constData(), int(sql.size()), &stmt, nullptr) != kSqliteOk) {
        if (stmt)
            m_api->finalize(stmt);
        return false;
    }
    m_stmt = stmt;
    return true;
}

bool SqliteRows::next()
{
    if (!m_stmt || m_failed)
        return false;
    const int result = m_api->step(m_stmt);
    if (result == kSqliteRow)
        return true;
    m_failed = result != kSqliteDone;
    return false;
}

bool SqliteRows::isNull(int column) const
{
    return m_api->columnType(m_stmt, column) == kSqliteNull;
}

qint64 SqliteRows::integer(int column) const
{
    return m_api->columnInt64(m_stmt, column);
}

QString SqliteRows::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(m_api->columnText(m_stmt, column));
    if (!data)
        return {};
    const int bytes = m_api->columnBytes(m_stmt, column);
    if (bytes == 0) { // most optional text columns: share one empty (not null) string
        static const QString empty = QString::fromUtf8(data, 0);
        return empty;
    }
    return QString::fromUtf8(data, bytes);
}

QString SqliteRows::repeatedText(int column) const
{
    if (column >= m_previous.size())
        m_previous.resize(column + 1);
    QString &previous = m_previous[column];
    const auto *data = reinterpret_cast<const char *>(m_api->columnText(m_stmt, column));
    if (data && !previous.isNull()) {
        const QByteArrayView bytes(data, m_api->columnBytes(m_stmt, column));
        if (QAnyStringView::equal(QUtf8StringView(bytes), QStringView(previous)))
            return previous;
    }
    previous = text(column);
    return previous;
}

} // namespace bb
