#pragma once

#include <QList>
#include <QString>

class QSqlDatabase;

namespace bb {

// Reads rows of a QSQLITE connection through SQLite's C API, for the one bulk read whose cost is
// on the screen: opening a project reads every batch, and QSqlQuery spends more on a QVariant per
// value and a UTF-16 copy of every text than SQLite spends finding the rows.
//
// Only the copy of SQLite that Qt's driver itself uses may touch its connection, so the API is
// looked up at run time through the loaded driver plugin (Linux). Where that is not possible
// (another platform, a driver with SQLite built in and hidden) open() fails and callers keep
// using QSqlQuery.
class SqliteRows final
{
public:
    SqliteRows() = default;
    ~SqliteRows();
    SqliteRows(const SqliteRows &) = delete;
    SqliteRows &operator=(const SqliteRows &) = delete;

    static bool available(const QSqlDatabase &db);

    // Prepares `sql` (UTF-8, no bound values) on the connection of `db`; false when it cannot.
    bool open(const QSqlDatabase &db, const QByteArray &sql);
    // Advances to the next row; false at the end or on an error (see failed()).
    bool next();
    bool failed() const { return m_failed; }

    bool isNull(int column) const;
    qint64 integer(int column) const; // 0 for NULL
    QString text(int column) const; // a null QString for NULL
    // text() for a column whose value mostly repeats from row to row (a model name, a state
    // code): an equal value shares the previous row's string instead of allocating its own.
    QString repeatedText(int column) const;

private:
    const struct SqliteApi *m_api = nullptr;
    void *m_stmt = nullptr;
    bool m_failed = false;
    mutable QList<QString> m_previous; // repeatedText() per column
};

} // namespace bb
