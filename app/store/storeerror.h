#pragma once

#include <QString>

namespace bb {

// Why the project file could not be opened or written. The ui turns the code into a message;
// `detail` carries the SQLite text or the lock holder for that message.
struct StoreError
{
    enum class Code
    {
        None,
        Locked, // another process has the project open for writing (detail: holder)
        NewerSchema, // written by a newer Batchboard (detail: its schema version)
        NotAProject, // not an SQLite file, or a database without our tables
        Corrupt, // integrity check failed
        Io, // cannot create, read or write the file (disk full, permissions)
        Constraint, // a write broke a rule of the schema (duplicate display name, ...)
        NotOpen,
    };

    Code code = Code::None;
    QString detail;

    explicit operator bool() const { return code != Code::None; }
    static StoreError none() { return {}; }
};

} // namespace bb
