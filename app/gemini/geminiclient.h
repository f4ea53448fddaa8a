#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

class QNetworkAccessManager;
class QNetworkProxy;
class QNetworkRequest;

namespace bb::gemini {

class AllBatchesJob;
class AllFilesJob;
class AllModelsJob;
class BatchCallJob;
class BatchPageJob;
class DownloadJob;
class EmptyResultJob;
class FileJob;
class FilePageJob;
class UploadJob;
class ProxyResolver;
struct ApiError;
struct CreateBatchRequest;
struct ProxySettings;
struct UploadOptions;

// The Gemini Files + Batch API client. Owns the one QNetworkAccessManager; every call returns a
// job (parented to the client, not yet started): connect to its finished() signal, then call
// start(). Jobs finish exactly once and delete themselves afterwards. Destroying the client
// destroys its unfinished jobs (without finished()).
//
// Security: the API key travels only in the x-goog-api-key header, never in a URL; plain http is
// refused for any host but loopback; TLS errors are never ignored.
class GeminiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeminiClient)

public:
    static constexpr int DefaultTimeoutMs = 60'000;
    static constexpr int DefaultPageSize = 100;

    explicit GeminiClient(QObject *parent = nullptr);
    ~GeminiClient() override;

    // Refused (returns false, and every later job fails with Kind::Refused) for anything but
    // https or http to loopback. The URL is stored either way so that no request silently goes
    // to a previous base.
    bool setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    QString baseUrlError() const { return m_baseUrlError; } // empty when the base URL is allowed

    void setApiVersion(const QString &version); // "v1beta" (default) or "v1"
    QString apiVersion() const { return m_apiVersion; }
    // An empty key sends no key header at all (an emulator without key check).
    void setApiKey(const QString &key);
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }
    // Default inactivity timeout of every request (jobs may override it).
    void setRequestTimeout(int milliseconds);
    int requestTimeout() const { return m_timeoutMs; }
    void setUserAgent(const QString &userAgent);
    QString userAgent() const { return m_userAgent; }

    QNetworkAccessManager *networkAccessManager() const { return m_network; }

    // Proxies (see ProxyResolver for the order of precedence): every request of this client,
    // upload chunks included, goes through the proxy chosen for its URL.
    void setProxySettings(const ProxySettings &settings);
    ProxySettings proxySettings() const;
    QNetworkProxy proxyFor(const QUrl &url) const; // NoProxy: direct
    // Credentials for a proxy that asked for them (the desktop's prompt), for every later request.
    void setProxyCredentials(const QNetworkProxy &proxy, const QString &user, const QString &password);
    // Counts changes of the proxy settings and credentials: a proxy failure of a request sent
    // before the latest change is not reported (proxyFailed) again.
    int proxyGeneration() const { return m_proxyGeneration; }

    // {base}{version}/{relativePath}, e.g. apiUrl("files/abc")
    QUrl apiUrl(const QString &relativePath, const QUrlQuery &query = {}) const;
    // {base}{prefix}/{version}/{relativePath}, e.g. prefixedUrl("upload", "files")
    QUrl prefixedUrl(const QString &prefix, const QString &relativePath, const QUrlQuery &query = {}) const;
    // A request with the key header (when `withKey` and a key is set), user agent, manual
    // redirects (jobs check each hop against the URL policy) and no TLS relaxations.
    QNetworkRequest newRequest(const QUrl &url, bool withKey = true) const;

    // Files API
    FileJob *getFile(const QString &name);
    FilePageJob *listFiles(int pageSize = DefaultPageSize, const QString &pageToken = {});
    AllFilesJob *listAllFiles(int pageSize = DefaultPageSize);
    EmptyResultJob *deleteFile(const QString &name);
    UploadJob *upload(const QString &localPath, const UploadOptions &options);
    // Downloads `files/<id>` (e.g. a batch's responsesFile) to `targetPath`, atomically.
    DownloadJob *download(const QString &fileName, const QString &targetPath);

    // Models API: what this key may use, and with which methods.
    AllModelsJob *listAllModels(int pageSize = DefaultPageSize);

    // Batch API
    BatchCallJob *createBatch(const CreateBatchRequest &request);
    BatchCallJob *getBatch(const QString &name);
    BatchPageJob *listBatches(int pageSize = DefaultPageSize, const QString &pageToken = {});
    AllBatchesJob *listAllBatches(int pageSize = DefaultPageSize);
    EmptyResultJob *cancelBatch(const QString &name);
    EmptyResultJob *deleteBatch(const QString &name);

Q_SIGNALS:
    // Every reply's Date header: the server's clock (an emulator's may run fast or be advanced).
    void serverTimeObserved(const QDateTime &serverTime);
    // A job failed because of the proxy (Classification::ProxyFailure), before its finished().
    void proxyFailed(const bb::gemini::ApiError &error);

private:
    QNetworkAccessManager *m_network = nullptr;
    ProxyResolver *m_proxyResolver = nullptr; // owned by m_network
    int m_proxyGeneration = 0;
    QUrl m_baseUrl;
    QString m_baseUrlError;
    QString m_apiVersion = QStringLiteral("v1beta");
    QString m_apiKey;
    int m_timeoutMs = DefaultTimeoutMs;
    QString m_userAgent;
};

} // namespace bb::gemini
