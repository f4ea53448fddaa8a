#pragma once

#include "geminifile.h"
#include "jsonrequestjob.h"

namespace bb::gemini {

// files.get: GET {version}/files/{id}
class FileJob final : public JsonRequestJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileJob)

public:
    // `name` may be "files/abc", "abc" or the file's uri.
    FileJob(GeminiClient *client, const QString &name);

    const GeminiFile &file() const { return m_file; }
    Result<GeminiFile> result() const { return { m_file, error() }; }

protected:
    QString parseReply(const QJsonObject &object) override;

private:
    GeminiFile m_file;
};

// files.list (one page): GET {version}/files?pageSize=n[&pageToken=t]
class FilePageJob final : public JsonRequestJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilePageJob)

public:
    FilePageJob(GeminiClient *client, int pageSize, const QString &pageToken);

    const FilePage &page() const { return m_page; }
    Result<FilePage> result() const { return { m_page, error() }; }

protected:
    QString parseReply(const QJsonObject &object) override;

private:
    FilePage m_page;
};

} // namespace bb::gemini
