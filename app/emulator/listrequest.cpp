#include "listrequest.h"

#include "emulatorconfig.h"

namespace bb::emulator {

std::optional<GoogleError> ListRequest::parse(
    const HttpRequest &request, const EmulatorQuirks &quirks, ListRequest *out, int defaultSize, int maxSize)
{
    // The SDKs refuse `filter` for the Gemini API; the service has no filter grammar for these lists.
    if (!request.queryValue(QStringLiteral("filter")).trimmed().isEmpty())
        return GoogleError::invalidArgument(QStringLiteral("Filtering is not supported for this list."));
    const QString size = request.queryValue(QStringLiteral("pageSize"));
    QString problem;
    if (!paging::parsePageRequest(size, request.queryValue(QStringLiteral("pageToken")), &out->page, &problem,
            defaultSize, maxSize))
        return GoogleError::invalidArgument(problem);
    out->answerEmpty = quirks.emptyListWithoutPageSize && size.trimmed().isEmpty();
    return std::nullopt;
}

} // namespace bb::emulator
