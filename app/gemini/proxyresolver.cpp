#include "proxyresolver.h"

#include <QHostAddress>
#include <QUrl>

namespace bb::gemini {

namespace {

QString firstSet(const QProcessEnvironment &environment, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString value = environment.value(QString::fromLatin1(name)).trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

bool isUsable(const QNetworkProxy &proxy)
{
    return proxy.type() == QNetworkProxy::NoProxy || proxy.type() == QNetworkProxy::HttpProxy
        || proxy.type() == QNetworkProxy::Socks5Proxy;
}

} // namespace

ProxyResolver::ProxyResolver(const ProxySettings &settings, const QProcessEnvironment &environment)
    : m_settings(settings)
    , m_environment(environment)
{
}

void ProxyResolver::setCredentials(const QNetworkProxy &proxy, const QString &user, const QString &password)
{
    m_credentials.insert(proxyHostPort(proxy), { user, password });
    if (m_settings.isManual() && proxyHostPort(proxy) == m_settings.hostPort()) {
        m_settings.user = user;
        m_settings.password = password;
    }
}

bool ProxyResolver::isLoopbackHost(const QString &host)
{
    QString name = host.toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    if (name == QLatin1StringView("localhost") || name.endsWith(QLatin1StringView(".localhost")))
        return true;
    const QHostAddress address(name.startsWith(u'[') ? name.mid(1, name.size() - 2) : name);
    return !address.isNull() && address.isLoopback();
}

bool ProxyResolver::loopbackForced() const
{
    return m_environment.value(QStringLiteral("BATCHBOARD_PROXY_LOOPBACK")) == QLatin1StringView("1");
}

bool ProxyResolver::excludedByNoProxy(const QString &host, const QString &noProxy)
{
    const QString name = host.toLower();
    const QStringList entries = noProxy.toLower().split(u',', Qt::SkipEmptyParts);
    for (QString entry : entries) {
        entry = entry.trimmed();
        if (entry == QLatin1StringView("*"))
            return true;
        if (entry.startsWith(u'[')) // [::1]:port
            entry = entry.section(u']', 0, 0).mid(1);
        else if (entry.count(u':') == 1) // host:port — the port is not compared
            entry = entry.section(u':', 0, 0);
        while (entry.startsWith(u'.'))
            entry.remove(0, 1);
        if (entry.isEmpty())
            continue;
        if (name == entry || name.endsWith(u'.' + entry))
            return true;
    }
    return false;
}

std::optional<QNetworkProxy> ProxyResolver::fromEnvironment(
    const QUrl &url, const QProcessEnvironment &environment)
{
    const bool tls = url.scheme() == QLatin1StringView("https");
    // http_proxy only in lower case, as curl reads it (HTTP_PROXY can be set by a CGI request).
    QString value = tls ? firstSet(environment, { "https_proxy", "HTTPS_PROXY" })
                        : firstSet(environment, { "http_proxy" });
    if (value.isEmpty())
        value = firstSet(environment, { "all_proxy", "ALL_PROXY" });
    if (value.isEmpty())
        return std::nullopt;
    if (excludedByNoProxy(url.host(), firstSet(environment, { "no_proxy", "NO_PROXY" })))
        return QNetworkProxy(QNetworkProxy::NoProxy);
    const std::optional<QNetworkProxy> proxy = ProxySettings::parseProxyUrl(value);
    // A value that is no proxy URL is ignored, as curl does.
    return proxy ? proxy : std::nullopt;
}

QNetworkProxy ProxyResolver::withCredentials(QNetworkProxy proxy) const
{
    if (proxy.user().isEmpty()) {
        const auto it = m_credentials.constFind(proxyHostPort(proxy));
        if (it != m_credentials.cend()) {
            proxy.setUser(it->first);
            proxy.setPassword(it->second);
        }
    }
    return proxy;
}

QList<QNetworkProxy> ProxyResolver::queryProxy(const QNetworkProxyQuery &query)
{
    const QUrl url = query.url();
    const QString host = url.isValid() ? url.host() : query.peerHostName();
    if (isLoopbackHost(host) && !loopbackForced())
        return { QNetworkProxy(QNetworkProxy::NoProxy) };
    switch (m_settings.mode) {
    case ProxySettings::Mode::None:
        return { QNetworkProxy(QNetworkProxy::NoProxy) };
    case ProxySettings::Mode::Manual:
        if (m_settings.isManual())
            return { withCredentials(m_settings.networkProxy()) };
        return { QNetworkProxy(QNetworkProxy::NoProxy) };
    case ProxySettings::Mode::System:
        break;
    }
    // Any proxy variable set makes the environment the system's configuration (as for curl):
    // the desktop's settings, which on a plain Linux session read the same variables with other
    // rules (http_proxy also for https), are asked only when none is set.
    if (!firstSet(m_environment, { "https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY" })
             .isEmpty())
        return { withCredentials(
            fromEnvironment(url, m_environment).value_or(QNetworkProxy(QNetworkProxy::NoProxy))) };
    for (const QNetworkProxy &proxy : QNetworkProxyFactory::systemProxyForQuery(query)) {
        if (isUsable(proxy))
            return { withCredentials(proxy) };
    }
    return { QNetworkProxy(QNetworkProxy::NoProxy) };
}

QNetworkProxy ProxyResolver::proxyFor(const QUrl &url)
{
    return queryProxy(QNetworkProxyQuery(url)).value(0, QNetworkProxy(QNetworkProxy::NoProxy));
}

} // namespace bb::gemini
