#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QDateTime>

namespace bb::gemini {

// What a request was about; decides whether a 404 means "the file is gone".
enum class ResourceKind
{
    Other,
    File,
    Batch,
    Upload,
    Model, // a call on models/{model}: a 404 means the model, not a batch or file
};

// Turns a non-2xx reply into an ApiError: parses the google.rpc.Status body (any body, including
// non-JSON, is tolerated) and classifies the result.
class ApiErrorParser final
{
public:
    // `serverTime` is the reply's Date header (invalid when absent); the daily-quota retryAt is
    // computed from it so that an emulated clock is honoured, else from the local clock.
    static ApiError fromHttpReply(
        int httpStatus, const QByteArray &body, ResourceKind resource, const QDateTime &serverTime = {});
    // Reads code/status/message/details from a body into `error`; returns false when the body is
    // not a google.rpc.Status (the error then keeps what it had and carries a body excerpt).
    static bool parseStatusBody(const QByteArray &body, ApiError *error);
    // Sets `classification` (and retryAt) from the fields already in `error`.
    static void classify(ApiError *error, ResourceKind resource);
    // Classification for a transport failure without HTTP status.
    static ApiError::Classification classifyNetworkError(QNetworkReply::NetworkError error);
};

} // namespace bb::gemini
