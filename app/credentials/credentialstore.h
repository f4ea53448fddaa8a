#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace bb {

// The API key lives only in the system keychain (Secret Service, Windows Credential Manager,
// macOS Keychain) through QtKeychain — never in the project file, settings or logs. There is no
// plain-text fallback: without a keychain the key cannot be stored, and the caller says so.
// Proxy passwords are kept the same way.
class CredentialStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)

public:
    enum class Status
    {
        Ok,
        NotFound, // no key stored
        NoKeychain, // no secret service available (headless session, no D-Bus)
        AccessDenied, // the user refused, or the keychain is locked
        OtherError,
    };
    struct Result
    {
        Status status = Status::Ok;
        QString secret; // the key, for a successful read
        QString detail; // QtKeychain's own error text, for logs and messages
    };
    using Callback = std::function<void(const Result &)>;

    explicit CredentialStore(QObject *parent = nullptr);

    static QString service() { return QStringLiteral("Batchboard"); }
    static QString accountFor(const QString &account) { return QStringLiteral("gemini-api-key/") + account; }
    // The password of a proxy user, e.g. "proxy/alice@proxy.example.com:3128".
    static QString proxyAccountFor(const QString &hostPort, const QString &user)
    {
        return QStringLiteral("proxy/") + user + u'@' + hostPort;
    }

    // Each call runs one QtKeychain job; `done` is called once, on this object's thread.
    void readKey(const QString &account, Callback done);
    void writeKey(const QString &account, const QString &key, Callback done);
    void deleteKey(const QString &account, Callback done);

    // The same for a proxy password (Settings › Connection, the proxy prompt; read by the CLI).
    void readProxyPassword(const QString &hostPort, const QString &user, Callback done);
    void writeProxyPassword(
        const QString &hostPort, const QString &user, const QString &password, Callback done);
    void deleteProxyPassword(const QString &hostPort, const QString &user, Callback done);

private:
    void readSecret(const QString &keychainKey, Callback done);
    void writeSecret(const QString &keychainKey, const QString &secret, Callback done);
    void deleteSecret(const QString &keychainKey, Callback done);
};

} // namespace bb
