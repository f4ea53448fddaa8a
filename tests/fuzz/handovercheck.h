#pragma once

#include "fuzzcheck.h"
#include "handoverreport.h"

namespace bb::fuzz {

// What an imported report may hand to the engine: only remote ids of the API's shape, never a
// path, and only sane batch numbers.
inline void checkHandover(const Handover &handover)
{
    for (const HandoverEntry &entry : handover.entries) {
        BB_FUZZ_CHECK(
            entry.jobName.isEmpty() || isResourceName(entry.jobName, QLatin1StringView("batches/")));
        BB_FUZZ_CHECK(
            entry.fileName.isEmpty() || isResourceName(entry.fileName, QLatin1StringView("files/")));
        BB_FUZZ_CHECK(entry.batchNumber >= -1 && entry.batchNumber <= 999999);
        BB_FUZZ_CHECK(entry.sourceLine >= 0);
        (void)entry.uploadedAt.isValid();
    }
    for (const int number : handover.pendingBatchNumbers)
        BB_FUZZ_CHECK(number >= 0 && number <= 999999);
    for (const HandoverWarning &warning : handover.warnings)
        BB_FUZZ_CHECK(warning.line >= 0 && !warning.reason.isEmpty());
}

} // namespace bb::fuzz
