#include "proxysettings.h"

#include <QSettings>
#include <QUrl>

namespace bb::gemini {

namespace {

namespace Key {
const QString mode = QStringLiteral("Connection/ProxyMode");
const QString type = QStringLiteral("Connection/ProxyType");
const QString host = QStringLiteral("Connection/ProxyHost");
const QString port = QStringLiteral("Connection/ProxyPort");
const QString user = QStringLiteral("Connection/ProxyUser");
} // namespace Key

constexpr quint16 DefaultProxyPort = 1080; // what curl assumes

QString modeName(ProxySettings::Mode mode)
{
    switch (mode) {
    case ProxySettings::Mode::None:
        return QStringLiteral("none");
    case ProxySettings::Mode::Manual:
        return QStringLiteral("manual");
    case ProxySettings::Mode::System:
        break;
    }
    return QStringLiteral("system");
}

} // namespace

QString proxyHostPort(const QNetworkProxy &proxy)
{
    if (proxy.type() == QNetworkProxy::NoProxy || proxy.type() == QNetworkProxy::DefaultProxy)
        return {};
    const QString host = proxy.hostName().contains(u':') ? u'[' + proxy.hostName() + u']' : proxy.hostName();
    return host + u':' + QString::number(proxy.port());
}

QString ProxySettings::hostPort() const
{
    return proxyHostPort(QNetworkProxy(type, host, port));
}

QNetworkProxy ProxySettings::networkProxy() const
{
    if (!isManual())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    return QNetworkProxy(type, host, port, user, password);
}

std::optional<QNetworkProxy> ProxySettings::parseProxyUrl(const QString &text, QString *error)
{
    auto refuse = [error](const QString &why) -> std::optional<QNetworkProxy> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QString spec = text.trimmed();
    if (spec.isEmpty())
        return refuse(QStringLiteral("empty proxy URL"));
    if (!spec.contains(QLatin1StringView("://")))
        spec.prepend(QLatin1StringView("http://"));
    const QUrl url(spec, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return refuse(QStringLiteral("'%1' is not a proxy URL (http://[user:password@]host:port)").arg(text));
    const QString scheme = url.scheme().toLower();
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (scheme == QLatin1StringView("socks5") || scheme == QLatin1StringView("socks5h"))
        type = QNetworkProxy::Socks5Proxy;
    else if (scheme != QLatin1StringView("http"))
        return refuse(
            QStringLiteral("proxy scheme '%1' is not supported (use http:// or socks5://)").arg(scheme));
    if (!url.path().isEmpty() && url.path() != QLatin1StringView("/"))
        return refuse(QStringLiteral("a proxy URL has no path: '%1'").arg(text));
    const int port = url.port(DefaultProxyPort);
    if (port <= 0 || port > 65535)
        return refuse(QStringLiteral("bad proxy port in '%1'").arg(text));
    return QNetworkProxy(
        type, url.host(), quint16(port), url.userName(QUrl::FullyDecoded), url.password(QUrl::FullyDecoded));
}

std::optional<ProxySettings> ProxySettings::parse(const QString &text, QString *error)
{
    const QString word = text.trimmed().toLower();
    ProxySettings settings;
    if (word == QLatin1StringView("none") || word == QLatin1StringView("direct")) {
        settings.mode = Mode::None;
        return settings;
    }
    if (word == QLatin1StringView("system"))
        return settings;
    const std::optional<QNetworkProxy> proxy = parseProxyUrl(text, error);
    if (!proxy)
        return std::nullopt;
    settings.mode = Mode::Manual;
    settings.type = proxy->type();
    settings.host = proxy->hostName();
    settings.port = proxy->port();
    settings.user = proxy->user();
    settings.password = proxy->password();
    return settings;
}

ProxySettings ProxySettings::load(const QSettings &settings)
{
    ProxySettings p;
    const QString mode = settings.value(Key::mode).toString();
    if (mode == QLatin1StringView("none"))
        p.mode = Mode::None;
    else if (mode == QLatin1StringView("manual"))
        p.mode = Mode::Manual;
    p.type = settings.value(Key::type).toString() == QLatin1StringView("socks5") ? QNetworkProxy::Socks5Proxy
                                                                                 : QNetworkProxy::HttpProxy;
    p.host = settings.value(Key::host).toString().trimmed();
    const int port = settings.value(Key::port).toInt();
    p.port = port > 0 && port <= 65535 ? quint16(port) : 0;
    p.user = settings.value(Key::user).toString();
    return p;
}

void ProxySettings::save(QSettings &settings) const
{
    if (mode == Mode::System)
        settings.remove(Key::mode);
    else
        settings.setValue(Key::mode, modeName(mode));
    auto put = [&settings](const QString &key, const QVariant &value, bool keep) {
        if (keep)
            settings.setValue(key, value);
        else
            settings.remove(key);
    };
    put(Key::type, QStringLiteral("socks5"), type == QNetworkProxy::Socks5Proxy);
    put(Key::host, host, !host.isEmpty());
    put(Key::port, int(port), port != 0);
    put(Key::user, user, !user.isEmpty());
}

} // namespace bb::gemini
