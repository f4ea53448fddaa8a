#include "rpcstatus.h"

#include "jsonreader.h"

namespace bb::gemini {

RpcStatus RpcStatus::fromJson(const QJsonObject &object, JsonReader &reader)
{
    RpcStatus status;
    status.code = reader.integer(object, QLatin1StringView("code"));
    status.message = reader.string(object, QLatin1StringView("message"));
    status.status = reader.string(object, QLatin1StringView("status"));
    status.details = reader.array(object, QLatin1StringView("details"));
    return status;
}

} // namespace bb::gemini
