#pragma once

#include "eventrecord.h"

#include <QString>

namespace bb {

// Turns an event's machine code and details into one translated sentence for the activity log
// and the detail panel ("Job batches/abc created", "Job creation refused at 35 active jobs (429)").
// Unknown codes fall back to "kind: code" so nothing is ever hidden.
QString eventText(const EventRecord &event);
// "Info", "Warning", ... (translated)
QString severityName(Severity severity);

} // namespace bb
