#include "urlpolicy.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrlQuery>

namespace bb::gemini {

bool UrlPolicy::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QString bare = host;
    if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']')))
        bare = bare.mid(1, bare.size() - 2);
    QHostAddress address;
    if (!address.setAddress(bare))
        return false;
    return address.isLoopback();
}

QString UrlPolicy::check(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("invalid URL '%1'")
            .arg(url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1StringView("https"))
        return {};
    if (scheme == QLatin1StringView("http")) {
        if (isLoopbackHost(url.host()))
            return {};
        return QStringLiteral(
            "remote servers need https; plain http is only allowed to loopback hosts, not to '%1'")
            .arg(url.host());
    }
    return QStringLiteral("unsupported URL scheme '%1'").arg(url.scheme());
}

bool UrlPolicy::hasKeyInQuery(const QUrl &url)
{
    const QUrlQuery query(url);
    return query.hasQueryItem(QStringLiteral("key"));
}

QUrl UrlPolicy::rewriteToBase(const QUrl &session, const QUrl &base)
{
    QUrl rewritten = session;
    rewritten.setScheme(base.scheme());
    rewritten.setHost(base.host());
    rewritten.setPort(base.port());
    rewritten.setUserInfo(QString());
    return rewritten;
}

bool UrlPolicy::isSameOrigin(const QUrl &a, const QUrl &b)
{
    const auto defaultPort = [](const QUrl &url) {
        return url.port(
            url.scheme().compare(QLatin1StringView("https"), Qt::CaseInsensitive) == 0 ? 443 : 80);
    };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && defaultPort(a) == defaultPort(b);
}

bool UrlPolicy::isPlainResourceId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$"));
    return pattern.match(id).hasMatch();
}

} // namespace bb::gemini
