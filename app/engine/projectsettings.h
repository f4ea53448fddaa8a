#pragma once

#include "safetychecks.h"
#include "storeerror.h"

namespace bb {

class ProjectStore;

// The canary setting of a project (meta "canary.holdMinutes"; 0 turns it off), read and written
// here only, for every face.
CanarySettings loadCanarySettings(const ProjectStore &store);
StoreError saveCanarySettings(ProjectStore &store, const CanarySettings &settings);

// The project's model for new jobs (meta "model", a bare id); empty until chosen. Every face reads
// and writes it here. A project without one gets the newest stable Flash model its key offers on
// the first Resume (SubmissionEngine).
QString loadProjectModel(const ProjectStore &store);
StoreError saveProjectModel(ProjectStore &store, const QString &model);

} // namespace bb
