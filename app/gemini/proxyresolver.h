#pragma once

#include "proxysettings.h"

#include <QHash>
#include <QNetworkProxyFactory>
#include <QPair>
#include <QProcessEnvironment>

#include <optional>

namespace bb::gemini {

// The one place that decides which proxy a request takes. Installed as the proxy factory of the
// client's QNetworkAccessManager and asked by UploadChunkSender for its own sockets, so that
// every request of the client follows the same rule:
//
//  1. loopback (localhost, 127.0.0.0/8, ::1) goes direct — the Sandbox emulator and a local
//     emulator are on this machine, and a proxy's own loopback is not ours — unless
//     BATCHBOARD_PROXY_LOOPBACK=1 is set in the environment (tests, debugging a proxy);
//  2. an explicit proxy (Settings › Connection, CLI --proxy URL) for every other host;
//     "none" (--proxy none) means direct;
//  3. otherwise the environment as curl reads it: https_proxy/HTTPS_PROXY for https, http_proxy
//     for http, then all_proxy/ALL_PROXY, skipped for hosts in no_proxy/NO_PROXY;
//  4. when none of those variables is set, the desktop's proxy settings
//     (QNetworkProxyFactory::systemProxyForQuery);
//  5. otherwise direct.
// Credentials learned later (the desktop's prompt) are added to a proxy that came without them.
class ProxyResolver final : public QNetworkProxyFactory
{
public:
    explicit ProxyResolver(const ProxySettings &settings = {},
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    void setSettings(const ProxySettings &settings) { m_settings = settings; }
    const ProxySettings &settings() const { return m_settings; }
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    void setCredentials(const QNetworkProxy &proxy, const QString &user, const QString &password);

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query = QNetworkProxyQuery()) override;
    // The proxy a request to `url` takes (NoProxy: direct).
    QNetworkProxy proxyFor(const QUrl &url);

    static bool isLoopbackHost(const QString &host);
    // BATCHBOARD_PROXY_LOOPBACK=1: loopback targets follow the rules like any other host.
    bool loopbackForced() const;
    // Rule 3 alone: nullopt when no variable applies to `url` (then rule 4 is asked);
    // NoProxy when no_proxy excludes the host.
    static std::optional<QNetworkProxy> fromEnvironment(
        const QUrl &url, const QProcessEnvironment &environment);
    // curl's no_proxy: comma-separated host names, domain suffixes (with or without a leading
    // dot), IP addresses, or "*" for every host.
    static bool excludedByNoProxy(const QString &host, const QString &noProxy);

private:
    QNetworkProxy withCredentials(QNetworkProxy proxy) const;

    ProxySettings m_settings;
    QProcessEnvironment m_environment;
    QHash<QString, QPair<QString, QString>> m_credentials; // host:port → user, password
};

} // namespace bb::gemini
