#pragma once

#include "geminijob.h"

#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace bb::gemini {

// One JSON call: sends an optional JSON body, reads a JSON object reply (bounded in size) and
// hands it to parseReply(). Any reply it cannot understand becomes Kind::MalformedResponse.
class JsonRequestJob : public GeminiJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonRequestJob)

public:
    static constexpr qint64 DefaultMaxReplyBytes = 256LL * 1024 * 1024;

    void setMaxReplyBytes(qint64 bytes) { m_maxReplyBytes = bytes; }
    QUrl url() const { return m_url; }

protected:
    JsonRequestJob(GeminiClient *client, const QString &operation, ResourceKind resource,
        const QByteArray &verb, const QUrl &url, const std::optional<QJsonObject> &body = std::nullopt);

    // A request that cannot be made (e.g. an empty name): the job fails with Kind::Refused.
    void setArgumentError(const QString &message) { m_argumentError = message; }

    // Reads a 2xx reply; returns a reason when it is malformed (empty when understood).
    virtual QString parseReply(const QJsonObject &object) = 0;
    // Whether an empty 2xx body is fine (parseReply then gets an empty object).
    virtual bool allowsEmptyReply() const { return false; }

    void doStart() override;
    void replyFinished(QNetworkReply *reply) override;
    void replyDownloadProgress(qint64 received, qint64 total) override;

private:
    QByteArray m_verb;
    QUrl m_url;
    std::optional<QByteArray> m_body;
    QString m_argumentError;
    qint64 m_maxReplyBytes = DefaultMaxReplyBytes;
};

// A call whose reply carries nothing we need: files.delete, batches.cancel, batches.delete.
// Accepts an empty body or any JSON object.
class EmptyResultJob final : public JsonRequestJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyResultJob)

public:
    EmptyResultJob(GeminiClient *client, const QString &operation, ResourceKind resource,
        const QByteArray &verb, const QUrl &url, const std::optional<QJsonObject> &body,
        const QString &argumentError = {});

    Result<bool> result() const { return { !hasError(), error() }; }

protected:
    QString parseReply(const QJsonObject &object) override;
    bool allowsEmptyReply() const override { return true; }
};

// pageSize (when > 0) and pageToken (when not empty) query items of a list call.
QUrlQuery pageQuery(int pageSize, const QString &pageToken);

} // namespace bb::gemini
