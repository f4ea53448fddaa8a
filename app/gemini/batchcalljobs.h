#pragma once

#include "batchjob.h"
#include "createbatchrequest.h"
#include "jsonrequestjob.h"

namespace bb::gemini {

// batches.get (GET {version}/batches/{id}) and models.batchGenerateContent
// (POST {version}/models/{model}:batchGenerateContent): both answer with the batch Operation.
class BatchCallJob final : public JsonRequestJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchCallJob)

public:
    static BatchCallJob *get(GeminiClient *client, const QString &name);
    static BatchCallJob *create(GeminiClient *client, const CreateBatchRequest &request);

    const BatchJob &batch() const { return m_batch; }
    Result<BatchJob> result() const { return { m_batch, error() }; }

protected:
    QString parseReply(const QJsonObject &object) override;

private:
    BatchCallJob(GeminiClient *client, const QString &operation, const QByteArray &verb, const QUrl &url,
        const std::optional<QJsonObject> &body, ResourceKind resource = ResourceKind::Batch);

    BatchJob m_batch;
};

// batches.list (one page): GET {version}/batches?pageSize=n[&pageToken=t]; reply key `operations`.
class BatchPageJob final : public JsonRequestJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchPageJob)

public:
    BatchPageJob(GeminiClient *client, int pageSize, const QString &pageToken);

    const BatchPage &page() const { return m_page; }
    Result<BatchPage> result() const { return { m_page, error() }; }

protected:
    QString parseReply(const QJsonObject &object) override;

private:
    BatchPage m_page;
};

} // namespace bb::gemini
