#pragma once

#include <QNetworkProxy>
#include <QString>

#include <optional>

class QSettings;

namespace bb::gemini {

// How Batchboard reaches the network: the system's proxy configuration (the https_proxy,
// http_proxy, all_proxy and no_proxy environment variables, then the desktop's settings), no
// proxy at all, or one explicit proxy chosen in Settings › Connection or with the CLI's --proxy.
// A plain value; ProxyResolver is the one place that applies it.
struct ProxySettings
{
    enum class Mode
    {
        System, // environment variables, then the desktop's proxy settings
        None, // always connect directly
        Manual, // this proxy for every host but loopback
    };

    Mode mode = Mode::System;
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy; // HttpProxy or Socks5Proxy
    QString host;
    quint16 port = 0;
    QString user;
    QString password; // never saved with the rest: it lives in the keychain

    bool isManual() const { return mode == Mode::Manual && !host.isEmpty() && port != 0; }
    QString hostPort() const; // "host:port", for messages and keychain accounts
    QNetworkProxy networkProxy() const; // the manual proxy (NoProxy unless isManual())

    // "http://[user[:password]@]host[:port]" (also socks5://; no scheme means http; the port
    // defaults to 1080 as in curl), or "none"/"direct", or "system". nullopt with `error` set
    // for anything else.
    static std::optional<ProxySettings> parse(const QString &text, QString *error = nullptr);
    // The same for one proxy URL (an environment variable's value, a --proxy argument).
    static std::optional<QNetworkProxy> parseProxyUrl(const QString &text, QString *error = nullptr);

    // The desktop app's choice, which the CLI reads too (QSettings keys Connection/Proxy*); the
    // password is neither read nor written here.
    static ProxySettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    friend bool operator==(const ProxySettings &, const ProxySettings &) = default;
};

// "host:port" of a proxy, "" for NoProxy/DefaultProxy.
QString proxyHostPort(const QNetworkProxy &proxy);

} // namespace bb::gemini
