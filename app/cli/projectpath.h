#pragma once

#include <QString>

namespace bb {

// Where a project lives when the user names none: one per user, under the app data folder.
QString defaultProjectPath();

} // namespace bb
