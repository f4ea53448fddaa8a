#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace bb::gemini {

class JsonReader;

// A google.rpc.Status embedded in a resource (File.error, an Operation's error, a failed inline
// response). `code` is the gRPC code (13 = INTERNAL), not an HTTP status.
struct RpcStatus
{
    int code = 0;
    QString message;
    QString status; // canonical name when the server sent one
    QJsonArray details;

    bool isSet() const { return code != 0 || !message.isEmpty() || !status.isEmpty(); }

    static RpcStatus fromJson(const QJsonObject &object, JsonReader &reader);
};

} // namespace bb::gemini
