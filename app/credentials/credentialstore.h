#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace bb {

// The API key lives only in the system keychain (Secret Service, Windows Credential Manager,
// macOS Keychain) through QtKeychain — never in the project file, settings or logs. There is no
// plain-text fallback: without a keychain the key cannot be stored, and the caller says so.
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

    // Each call runs one QtKeychain job; `done` is called once, on this object's thread.
    void readKey(const QString &account, Callback done);
    void writeKey(const QString &account, const QString &key, Callback done);
    void deleteKey(const QString &account, Callback done);
};

} // namespace bb
