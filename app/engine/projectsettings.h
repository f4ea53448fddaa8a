#pragma once

#include "safetychecks.h"
#include "storeerror.h"

namespace bb {

class ProjectStore;

// The canary setting of a project (meta "canary.holdMinutes"; 0 turns it off), read and written
// here only, for every face.
CanarySettings loadCanarySettings(const ProjectStore &store);
StoreError saveCanarySettings(ProjectStore &store, const CanarySettings &settings);

} // namespace bb
