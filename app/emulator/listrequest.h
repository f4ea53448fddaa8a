#pragma once

#include "googleerror.h"
#include "httpexchange.h"
#include "jsonfields.h"

#include <optional>

namespace bb::emulator {

struct EmulatorQuirks;

// The query every list call shares (files, batches, models): pageSize, pageToken and filter, and
// the quirk that answers {} when pageSize is missing (python-genai#1250).
struct ListRequest
{
    paging::PageRequest page;
    bool answerEmpty = false; // the quirk applies: reply {} without looking at the store

    // Nothing, or the 400 for a bad pageSize, a bad pageToken or a non-empty filter.
    static std::optional<GoogleError> parse(const HttpRequest &request, const EmulatorQuirks &quirks,
        ListRequest *out, int defaultSize = 10, int maxSize = 100);
};

} // namespace bb::emulator
