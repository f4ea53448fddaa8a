// libFuzzer target: turning a non-2xx HTTP reply body (google.rpc.Status, or anything else) into
// an ApiError and classifying it. The body is the whole input; its size picks the HTTP status,
// the resource kind and whether a Date header was present, so seeds stay plain reply bodies.
#include "apierrorparser.h"
#include "fuzzcheck.h"

#include <QByteArray>
#include <QDateTime>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace bb::gemini;
    static constexpr int kStatuses[]
        = { 400, 401, 402, 403, 404, 408, 409, 413, 429, 500, 502, 503, 504, 302 };
    constexpr size_t kStatusCount = sizeof(kStatuses) / sizeof(kStatuses[0]);
    const int status = kStatuses[size % kStatusCount];
    const auto resource = ResourceKind((size / kStatusCount) % 4);
    const QDateTime serverTime = ((size / (kStatusCount * 4)) % 2 == 0)
        ? QDateTime(QDate(2026, 11, 28), QTime(23, 59, 30), Qt::UTC)
        : QDateTime();

    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const ApiError error = ApiErrorParser::fromHttpReply(status, body, resource, serverTime);
    BB_FUZZ_CHECK(error.isError());
    BB_FUZZ_CHECK(error.httpStatus == status);
    BB_FUZZ_CHECK(error.bodyExcerpt.size() <= body.size());
    BB_FUZZ_CHECK(!error.toString().isEmpty());
    BB_FUZZ_CHECK(!kindName(error.kind).isEmpty());
    BB_FUZZ_CHECK(!classificationName(error.classification).isEmpty());
    (void)error.hasPerDayViolation();

    ApiError parsed;
    if (ApiErrorParser::parseStatusBody(body, &parsed))
        ApiErrorParser::classify(&parsed, resource);
    return 0;
}
