#pragma once

#include "handoverreport.h"
#include "storeerror.h"

#include <QStringList>

namespace bb {

class ProjectStore;

struct AdoptionSummary
{
    int jobsAdopted = 0;
    int filesAdopted = 0;
    int alreadyKnown = 0;
    QStringList problems; // "line N: ..." or "batch N: ..."; nothing was changed for those
    StoreError error; // the store refused the whole adoption; nothing was changed
};

// Records what a hand-over says about batches already in the project, so Resume polls adopted
// jobs and reuses adopted uploads instead of creating or uploading them again. Unverified until
// Resume asks the server: adopted files get no expiry unless the report states the upload time.
AdoptionSummary adoptHandover(ProjectStore &store, const Handover &handover);

} // namespace bb
