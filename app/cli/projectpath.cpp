#include "projectpath.h"

#include <QStandardPaths>

namespace bb {

QString defaultProjectPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/default.batchboard");
}

} // namespace bb
