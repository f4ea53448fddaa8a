#include "listalljobs.h"

#include "batchcalljobs.h"
#include "filejobs.h"
#include "geminiclient.h"
#include "modeljobs.h"

namespace bb::gemini {

namespace {

constexpr int MaxPages = 100'000;

} // namespace

PageWalkJob::PageWalkJob(GeminiClient *client, const QString &operation, int pageSize)
    : GeminiJob(client, operation, ResourceKind::Other)
    , m_pageSize(pageSize)
{
}

void PageWalkJob::doStart()
{
    requestPage({});
}

void PageWalkJob::doAbort()
{
    if (JsonRequestJob *job = m_current) {
        m_current = nullptr;
        disconnect(job, nullptr, this, nullptr);
        job->abort();
    }
}

void PageWalkJob::requestPage(const QString &pageToken)
{
    JsonRequestJob *job = makePageJob(pageToken);
    job->setTimeout(timeout());
    m_current = job;
    connect(job, &GeminiJob::finished, this, &PageWalkJob::pageFinished);
    job->start();
}

void PageWalkJob::pageFinished(GeminiJob *job)
{
    if (job != m_current)
        return;
    m_current = nullptr;
    if (job->hasError()) {
        finishWithError(job->error());
        return;
    }
    ++m_pages;
    const QString next = takePage(static_cast<JsonRequestJob *>(job));
    if (next.isEmpty()) {
        finishWithSuccess();
        return;
    }
    if (m_seenTokens.contains(next) || m_pages >= MaxPages) {
        fail(ApiError::Kind::MalformedResponse, ApiError::Classification::Unknown,
            QStringLiteral("the server repeated page token '%1'").arg(next));
        return;
    }
    m_seenTokens.insert(next);
    requestPage(next);
}

AllFilesJob::AllFilesJob(GeminiClient *client, int pageSize)
    : PageWalkJob(client, QStringLiteral("files.list"), pageSize)
{
}

JsonRequestJob *AllFilesJob::makePageJob(const QString &pageToken)
{
    return new FilePageJob(client(), pageSize(), pageToken);
}

QString AllFilesJob::takePage(JsonRequestJob *job)
{
    const FilePage &page = static_cast<FilePageJob *>(job)->page();
    m_files.append(page.files);
    return page.nextPageToken;
}

AllBatchesJob::AllBatchesJob(GeminiClient *client, int pageSize)
    : PageWalkJob(client, QStringLiteral("batches.list"), pageSize)
{
}

JsonRequestJob *AllBatchesJob::makePageJob(const QString &pageToken)
{
    return new BatchPageJob(client(), pageSize(), pageToken);
}

QString AllBatchesJob::takePage(JsonRequestJob *job)
{
    const BatchPage &page = static_cast<BatchPageJob *>(job)->page();
    m_batches.append(page.batches);
    return page.nextPageToken;
}

AllModelsJob::AllModelsJob(GeminiClient *client, int pageSize)
    : PageWalkJob(client, QStringLiteral("models.list"), pageSize)
{
}

JsonRequestJob *AllModelsJob::makePageJob(const QString &pageToken)
{
    return new ModelPageJob(client(), pageSize(), pageToken);
}

QString AllModelsJob::takePage(JsonRequestJob *job)
{
    const ModelPage &page = static_cast<ModelPageJob *>(job)->page();
    m_models.append(page.models);
    return page.nextPageToken;
}

} // namespace bb::gemini
