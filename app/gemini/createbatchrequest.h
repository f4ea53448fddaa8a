#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace bb::gemini {

// What models.batchGenerateContent needs. Exactly one input: a JSONL file (`inputFileName`) or
// inline requests (each `{"request": GenerateContentRequest, "metadata": {"key": ...}}`).
struct CreateBatchRequest
{
    QString model; // "gemini-3.6-flash" or "models/gemini-3.6-flash"
    QString displayName;
    QString inputFileName; // "files/<id>" (a bare id gets the prefix)
    QJsonArray inlineRequests;
    std::optional<qint64> priority;

    // The request body, camelCase like the JS SDK:
    // {"batch":{"displayName":..,"inputConfig":{"fileName":"files/.."}}} or
    // {"batch":{..,"inputConfig":{"requests":{"requests":[...]}}}} (double nesting).
    QJsonObject toJson() const;
    // The model id without "models/" (path segment), empty when invalid.
    QString modelId() const;
    // Empty when the request can be sent, else why not.
    QString validate() const;
};

} // namespace bb::gemini
