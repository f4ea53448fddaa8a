#include "projectsettings.h"

#include "projectstore.h"

namespace bb {
namespace {

const QString holdMinutesKey = QStringLiteral("canary.holdMinutes");

} // namespace

CanarySettings loadCanarySettings(const ProjectStore &store)
{
    CanarySettings settings;
    bool ok = false;
    const qint64 minutes = store.setting(holdMinutesKey).toLongLong(&ok);
    if (ok && minutes >= 0) {
        settings.enabled = minutes > 0;
        settings.holdSeconds = minutes * 60;
    }
    if (!settings.enabled)
        settings.holdSeconds = 0;
    return settings;
}

StoreError saveCanarySettings(ProjectStore &store, const CanarySettings &settings)
{
    return store.setSetting(
        holdMinutesKey, QString::number(settings.enabled ? settings.holdSeconds / 60 : 0));
}

} // namespace bb
