#pragma once

#include "geminijob.h"

#include <QSaveFile>

#include <memory>

namespace bb::gemini {

// Streams files/<id> (e.g. a batch's responsesFile) to disk as bytes arrive, into a temporary
// file next to the target that replaces the target only when the download completed (QSaveFile).
// Aborts and failures leave no partial file behind and an existing target untouched.
class DownloadJob final : public GeminiJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadJob)

public:
    enum class UrlForm
    {
        Api, // {base}{version}/files/{id}:download?alt=media (what the SDKs call)
        DownloadPrefix, // {base}download/{version}/files/{id}:download?alt=media (REST guide)
    };
    Q_ENUM(UrlForm)

    DownloadJob(GeminiClient *client, const QString &fileName, const QString &targetPath);
    ~DownloadJob() override;

    void setUrlForm(UrlForm form) { m_form = form; } // before start()
    QString targetPath() const { return m_targetPath; }
    qint64 bytesWritten() const { return m_written; }
    Result<QString> result() const { return { m_targetPath, error() }; }

Q_SIGNALS:
    // `total` is -1 when the server sent no Content-Length.
    void progress(qint64 received, qint64 total);

protected:
    void doStart() override;
    void doAbort() override;
    void replyReadyRead(QNetworkReply *reply) override;
    void replyDownloadProgress(qint64 received, qint64 total) override;
    void replyFinished(QNetworkReply *reply) override;

private:
    bool consume(QNetworkReply *reply);
    void discardTarget();
    QString failureReason() const;

    QString m_fileId;
    QString m_targetPath;
    UrlForm m_form = UrlForm::Api;
    std::unique_ptr<QSaveFile> m_target;
    QByteArray m_errorBody;
    qint64 m_written = 0;
};

} // namespace bb::gemini
