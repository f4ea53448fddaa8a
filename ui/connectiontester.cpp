#include "connectiontester.h"

#include "filejobs.h"
#include "geminiclient.h"
#include "proxysettings.h"

namespace bb {

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
    , m_client(new gemini::GeminiClient(this))
{
    m_client->setRequestTimeout(15'000);
}

void ConnectionTester::test(const QUrl &baseUrl, const QString &apiKey, const gemini::ProxySettings &proxy)
{
    if (m_job)
        m_job->abort();
    if (!m_client->setBaseUrl(baseUrl)) {
        emit finished(false, tr("This base URL is not allowed: %1").arg(m_client->baseUrlError()));
        return;
    }
    m_client->setApiKey(apiKey);
    m_client->setProxySettings(proxy);
    gemini::FilePageJob *job = m_client->listFiles(1);
    m_job = job;
    connect(job, &gemini::GeminiJob::finished, this, [this, job] {
        using C = gemini::ApiError::Classification;
        const gemini::ApiError &error = job->error();
        if (!error.isError()) {
            emit finished(true, tr("Connected: the server accepted the key."));
            return;
        }
        switch (error.classification) {
        case C::BadApiKey:
            emit finished(
                false, tr("The server refused the key: %1").arg(error.message.section(u'\n', 0, 0)));
            return;
        case C::ProxyFailure:
            emit finished(false, tr("The proxy stopped the request: %1").arg(error.message));
            return;
        case C::RateLimited:
        case C::DailyQuotaExhausted:
            emit finished(true, tr("Connected, but the server is rate-limiting this key right now (429)."));
            return;
        default:
            emit finished(false, tr("Could not connect: %1").arg(error.toString()));
            return;
        }
    });
    job->start();
}

} // namespace bb
