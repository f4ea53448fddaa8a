#include "projectsettings.h"

#include "modelcatalog.h"
#include "projectstore.h"

namespace bb {
namespace {

const QString holdMinutesKey = QStringLiteral("canary.holdMinutes");
const QString modelKey = QStringLiteral("model");

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

QString loadProjectModel(const ProjectStore &store)
{
    return bareModelId(store.setting(modelKey));
}

StoreError saveProjectModel(ProjectStore &store, const QString &model)
{
    return store.setSetting(modelKey, bareModelId(model));
}

} // namespace bb
