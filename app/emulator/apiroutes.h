#pragma once

#include "httpexchange.h"

#include <QString>

namespace bb::emulator {

// One API request, classified by method and path (protocol.md §6.1). `route` is the template
// used for /emulator/state requestCounts, e.g. "GET /v1beta/files/{id}".
struct ApiRoute
{
    enum class Kind
    {
        Unknown,
        UploadStart, // POST /upload/{v}/files (also /{v}/upload/{v}/files, old SDKs: js-genai#1206)
        UploadSession, // POST /upload/{v}/files?upload_id=…
        FileList,
        FileGet,
        FileDelete,
        FileDownload, // /{v}/files/{id}:download and /download/{v}/files/{id}:download
        BatchGenerate, // POST /{v}/models/{m}:batchGenerateContent
        BatchEmbed, // POST /{v}/models/{m}:asyncBatchEmbedContent
        BatchList,
        BatchGet,
        BatchDelete,
        BatchCancel,
        BatchUpdateGenerate, // PATCH /{v}/batches/{id}:updateGenerateContentBatch
        BatchUpdateEmbed, // PATCH /{v}/batches/{id}:updateEmbedContentBatch
        ModelList,
        ModelGet,
        GenerateContent, // POST /{v}/models/{m}:generateContent
        WrongMethod, // known path, unsupported method
    };

    Kind kind = Kind::Unknown;
    QString version; // "v1beta" or "v1"
    QString id; // file id, batch id or model id
    QString route;

    bool isFilesApi() const;

    static ApiRoute match(const HttpRequest &request);
};

} // namespace bb::emulator
