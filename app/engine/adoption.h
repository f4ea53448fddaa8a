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
    int remembered = 0; // entries for batch numbers not in the project yet: applied when imported
    QStringList problems; // "line N: ..." or "batch N: ..."; nothing was changed for those
    QStringList notes; // worth saying, nothing wrong ("35 batches are listed as failed…")
    StoreError error; // the store refused the whole adoption; nothing was changed
};

// Records what a hand-over (a tracking file: `source`) says about the project's batches, so Resume
// polls adopted jobs and reuses adopted uploads instead of creating or uploading them again.
// Unverified until Resume asks the server, which has the final word: adopted files get no expiry
// unless the report states the upload time. A batch number the project does not have yet is
// remembered and adopted when its file is imported; a number two local files share is not
// guessed at.
AdoptionSummary adoptHandover(ProjectStore &store, const Handover &handover, const QString &source = {});

// Adopts what earlier hand-overs said about batches imported since (run after every import).
AdoptionSummary adoptRememberedClaims(ProjectStore &store);

// Summary lines for a face, translated: "3 jobs and 2 uploaded files adopted, …".
QString describeAdoption(const AdoptionSummary &summary);

} // namespace bb
