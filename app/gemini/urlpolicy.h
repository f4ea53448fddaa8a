#pragma once

#include <QString>
#include <QUrl>

namespace bb::gemini {

// Which URLs the client may talk to: https anywhere, plain http only to loopback
// (127.0.0.0/8, ::1, localhost) — that is the emulator. Nothing else (no file:, no ftp:).
class UrlPolicy final
{
public:
    static bool isLoopbackHost(const QString &host);
    // Empty when allowed, else a developer-English reason.
    static QString check(const QUrl &url);
    static bool isAllowed(const QUrl &url) { return check(url).isEmpty(); }
    // Whether the URL carries an API key in its query (we never send one there).
    static bool hasKeyInQuery(const QUrl &url);
    // The SDKs' rewrite of an upload-session URL: scheme, host and port (and user info) of
    // `base`, path and query of `session`.
    static QUrl rewriteToBase(const QUrl &session, const QUrl &base);
    // Same scheme, host and port: whether credentials may follow a redirect.
    static bool isSameOrigin(const QUrl &a, const QUrl &b);
    // A resource id that is safe as one path segment: [A-Za-z0-9._-], not starting with '.'.
    static bool isPlainResourceId(const QString &id);
};

} // namespace bb::gemini
