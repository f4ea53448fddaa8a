#pragma once

#include "batchrecord.h"

namespace bb {

namespace gemini {
struct BatchJob;
}

// Folds what the server says about a job into its batch: state, counts, output file, times.
// Never moves a batch backwards past what Batchboard already did with the results (a
// downloaded batch stays downloaded). Returns whether the state changed.
bool applyRemoteJob(BatchRecord &record, const gemini::BatchJob &job);

} // namespace bb
