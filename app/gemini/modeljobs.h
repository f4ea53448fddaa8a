#pragma once

#include "geminimodel.h"
#include "jsonrequestjob.h"

namespace bb::gemini {

// models.list (one page): GET {version}/models?pageSize=n[&pageToken=t]
class ModelPageJob final : public JsonRequestJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelPageJob)

public:
    ModelPageJob(GeminiClient *client, int pageSize, const QString &pageToken);

    const ModelPage &page() const { return m_page; }
    Result<ModelPage> result() const { return { m_page, error() }; }

protected:
    QString parseReply(const QJsonObject &object) override;

private:
    ModelPage m_page;
};

} // namespace bb::gemini
