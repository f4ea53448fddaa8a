#pragma once

#include "storeerror.h"

class QSqlDatabase;

namespace bb::schema {

// The schema version this build writes. A project file with a higher `PRAGMA user_version`
// came from a newer Batchboard and is refused rather than risk damaging it.
constexpr int currentVersion = 3;

// Brings an open database up to currentVersion, one migration per transaction.
StoreError migrate(QSqlDatabase &db);

} // namespace bb::schema
