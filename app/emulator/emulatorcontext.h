#pragma once

#include "batchstore.h"
#include "emulatorclock.h"
#include "emulatorconfig.h"
#include "faultinjector.h"
#include "filestore.h"
#include "quotas.h"
#include "requestlog.h"
#include "uploadsessions.h"

#include <QString>

namespace bb::emulator {

// Everything the API handlers share. Owned by EmulatorServer; single-threaded.
struct EmulatorContext
{
    EmulatorClock clock;
    EmulatorConfig config;
    EmulatorConfig startupConfig; // what /emulator/reset returns to
    FileStore files;
    UploadSessions uploads { files };
    BatchStore batches { files };
    Quotas quotas;
    FaultInjector faults;
    RequestLog log;
    QString apiKey; // empty: no key check

    // Brings lazily evaluated state up to `nowUs`: expired files vanish, finished batches get results.
    void refresh(qint64 nowUs)
    {
        batches.refresh(nowUs, config);
        files.purgeExpired(nowUs);
    }
};

} // namespace bb::emulator
