#include "geminiclient.h"

#include "batchcalljobs.h"
#include "downloadjob.h"
#include "filejobs.h"
#include "geminijob.h"
#include "listalljobs.h"
#include "proxyresolver.h"
#include "uploadjob.h"
#include "urlpolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>

namespace bb::gemini {

namespace {

QString withoutSlashes(QString text)
{
    while (text.startsWith(QLatin1Char('/')))
        text.remove(0, 1);
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    return text;
}

} // namespace

GeminiClient::GeminiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_userAgent(QStringLiteral("batchboard/") + QStringLiteral(BB_VERSION))
{
    // Jobs follow redirects themselves, checking every hop against the URL policy.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_proxyResolver = new ProxyResolver();
    m_network->setProxyFactory(m_proxyResolver); // takes ownership
    setBaseUrl(QUrl(QStringLiteral("https://generativelanguage.googleapis.com/")));
}

GeminiClient::~GeminiClient()
{
    // Jobs own their replies; they must go before the network manager those replies belong to.
    // Jobs destroyed with the client do not emit finished().
    const QList<GeminiJob *> jobs = findChildren<GeminiJob *>(QString(), Qt::FindDirectChildrenOnly);
    for (GeminiJob *job : jobs)
        delete job;
}

bool GeminiClient::setBaseUrl(const QUrl &url)
{
    QUrl base = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (!base.path().endsWith(QLatin1Char('/')))
        base.setPath(base.path() + QLatin1Char('/'));
    m_baseUrl = base;
    m_baseUrlError = UrlPolicy::check(base);
    if (m_baseUrlError.isEmpty() && (!url.query().isEmpty() || !url.userInfo().isEmpty()))
        m_baseUrlError
            = QStringLiteral("the base URL must not carry a query or user info (the key goes in a header)");
    return m_baseUrlError.isEmpty();
}

void GeminiClient::setProxySettings(const ProxySettings &settings)
{
    m_proxyResolver->setSettings(settings);
    ++m_proxyGeneration;
    // Connections kept alive to the old proxy (or direct) must not carry the next request.
    m_network->clearConnectionCache();
}

ProxySettings GeminiClient::proxySettings() const
{
    return m_proxyResolver->settings();
}

QNetworkProxy GeminiClient::proxyFor(const QUrl &url) const
{
    return m_proxyResolver->proxyFor(url);
}

void GeminiClient::setProxyCredentials(
    const QNetworkProxy &proxy, const QString &user, const QString &password)
{
    m_proxyResolver->setCredentials(proxy, user, password);
    ++m_proxyGeneration;
}

void GeminiClient::setApiVersion(const QString &version)
{
    const QString trimmed = withoutSlashes(version.trimmed());
    m_apiVersion = trimmed.isEmpty() ? QStringLiteral("v1beta") : trimmed;
}

void GeminiClient::setApiKey(const QString &key)
{
    m_apiKey = key.trimmed();
}

void GeminiClient::setRequestTimeout(int milliseconds)
{
    m_timeoutMs = milliseconds > 0 ? milliseconds : DefaultTimeoutMs;
}

void GeminiClient::setUserAgent(const QString &userAgent)
{
    m_userAgent = userAgent;
}

QUrl GeminiClient::apiUrl(const QString &relativePath, const QUrlQuery &query) const
{
    return prefixedUrl(QString(), relativePath, query);
}

QUrl GeminiClient::prefixedUrl(
    const QString &prefix, const QString &relativePath, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString path = m_baseUrl.path();
    const QString cleanPrefix = withoutSlashes(prefix);
    if (!cleanPrefix.isEmpty())
        path += cleanPrefix + QLatin1Char('/');
    path += m_apiVersion + QLatin1Char('/') + withoutSlashes(relativePath);
    url.setPath(path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QNetworkRequest GeminiClient::newRequest(const QUrl &url, bool withKey) const
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_userAgent);
    if (withKey && !m_apiKey.isEmpty())
        request.setRawHeader("x-goog-api-key", m_apiKey.toUtf8());
    return request;
}

FileJob *GeminiClient::getFile(const QString &name)
{
    return new FileJob(this, name);
}

FilePageJob *GeminiClient::listFiles(int pageSize, const QString &pageToken)
{
    return new FilePageJob(this, pageSize, pageToken);
}

AllFilesJob *GeminiClient::listAllFiles(int pageSize)
{
    return new AllFilesJob(this, pageSize);
}

EmptyResultJob *GeminiClient::deleteFile(const QString &name)
{
    const QString id = fileIdFromName(name);
    return new EmptyResultJob(this, QStringLiteral("files.delete"), ResourceKind::File,
        QByteArrayLiteral("DELETE"), apiUrl(QStringLiteral("files/") + id), std::nullopt,
        !UrlPolicy::isPlainResourceId(id) ? QStringLiteral("invalid file name '%1'").arg(name)
            : isGeneratedOutputId(id)
            ? QStringLiteral("%1 is a batch's output: delete the batch to remove it").arg(name)
            : QString());
}

AllModelsJob *GeminiClient::listAllModels(int pageSize)
{
    return new AllModelsJob(this, pageSize);
}

UploadJob *GeminiClient::upload(const QString &localPath, const UploadOptions &options)
{
    return new UploadJob(this, localPath, options);
}

DownloadJob *GeminiClient::download(const QString &fileName, const QString &targetPath)
{
    return new DownloadJob(this, fileName, targetPath);
}

BatchCallJob *GeminiClient::createBatch(const CreateBatchRequest &request)
{
    return BatchCallJob::create(this, request);
}

BatchCallJob *GeminiClient::getBatch(const QString &name)
{
    return BatchCallJob::get(this, name);
}

BatchPageJob *GeminiClient::listBatches(int pageSize, const QString &pageToken)
{
    return new BatchPageJob(this, pageSize, pageToken);
}

AllBatchesJob *GeminiClient::listAllBatches(int pageSize)
{
    return new AllBatchesJob(this, pageSize);
}

EmptyResultJob *GeminiClient::cancelBatch(const QString &name)
{
    const QString id = batchIdFromName(name);
    return new EmptyResultJob(this, QStringLiteral("batches.cancel"), ResourceKind::Batch,
        QByteArrayLiteral("POST"), apiUrl(QStringLiteral("batches/") + id + QStringLiteral(":cancel")),
        QJsonObject {},
        UrlPolicy::isPlainResourceId(id) ? QString() : QStringLiteral("invalid batch name '%1'").arg(name));
}

EmptyResultJob *GeminiClient::deleteBatch(const QString &name)
{
    const QString id = batchIdFromName(name);
    return new EmptyResultJob(this, QStringLiteral("batches.delete"), ResourceKind::Batch,
        QByteArrayLiteral("DELETE"), apiUrl(QStringLiteral("batches/") + id), std::nullopt,
        UrlPolicy::isPlainResourceId(id) ? QString() : QStringLiteral("invalid batch name '%1'").arg(name));
}

} // namespace bb::gemini
