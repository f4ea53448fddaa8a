#include "projectpath.h"

#include <QDir>
#include <QStandardPaths>

namespace bb {

QString defaultProjectPath()
{
    // The same project the desktop app opens by default (AppController::defaultProjectPath).
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("projects/default.batchboard"));
}

} // namespace bb
