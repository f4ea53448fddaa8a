#pragma once

#include "batchjob.h"
#include "geminifile.h"
#include "geminijob.h"
#include "geminimodel.h"

#include <QSet>

namespace bb::gemini {

class JsonRequestJob;

// Walks every page of a list call: feeds nextPageToken back as pageToken until it is absent or
// empty (both happen), refusing a token it has already seen (a server loop).
class PageWalkJob : public GeminiJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PageWalkJob)

public:
    int pagesFetched() const { return m_pages; }

protected:
    PageWalkJob(GeminiClient *client, const QString &operation, int pageSize);

    int pageSize() const { return m_pageSize; }
    virtual JsonRequestJob *makePageJob(const QString &pageToken) = 0;
    // Takes the items of a finished page; returns its nextPageToken.
    virtual QString takePage(JsonRequestJob *job) = 0;

    void doStart() override;
    void doAbort() override;
    void replyFinished(QNetworkReply *reply) override { Q_UNUSED(reply) }

private:
    void requestPage(const QString &pageToken);
    void pageFinished(GeminiJob *job);

    int m_pageSize;
    int m_pages = 0;
    QSet<QString> m_seenTokens;
    QPointer<JsonRequestJob> m_current;
};

// files.list over all pages.
class AllFilesJob final : public PageWalkJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllFilesJob)

public:
    AllFilesJob(GeminiClient *client, int pageSize);

    const QList<GeminiFile> &files() const { return m_files; }
    Result<QList<GeminiFile>> result() const { return { m_files, error() }; }

protected:
    JsonRequestJob *makePageJob(const QString &pageToken) override;
    QString takePage(JsonRequestJob *job) override;

private:
    QList<GeminiFile> m_files;
};

// batches.list over all pages.
class AllBatchesJob final : public PageWalkJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllBatchesJob)

public:
    AllBatchesJob(GeminiClient *client, int pageSize);

    const QList<BatchJob> &batches() const { return m_batches; }
    Result<QList<BatchJob>> result() const { return { m_batches, error() }; }

protected:
    JsonRequestJob *makePageJob(const QString &pageToken) override;
    QString takePage(JsonRequestJob *job) override;

private:
    QList<BatchJob> m_batches;
};

// models.list over all pages.
class AllModelsJob final : public PageWalkJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllModelsJob)

public:
    AllModelsJob(GeminiClient *client, int pageSize);

    const QList<GeminiModel> &models() const { return m_models; }
    Result<QList<GeminiModel>> result() const { return { m_models, error() }; }

protected:
    JsonRequestJob *makePageJob(const QString &pageToken) override;
    QString takePage(JsonRequestJob *job) override;

private:
    QList<GeminiModel> m_models;
};

} // namespace bb::gemini
