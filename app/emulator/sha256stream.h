#pragma once

#include <QByteArray>

#include <memory>

namespace bb::emulator {

// Incremental SHA-256 (OpenSSL, hardware accelerated where available) so multi-GB uploads are
// hashed chunk by chunk as they arrive.
class Sha256Stream final
{
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream &) = delete;
    Sha256Stream &operator=(const Sha256Stream &) = delete;

    void add(const char *data, qint64 size);
    void add(const QByteArray &data) { add(data.constData(), data.size()); }
    // Lowercase hex digest; the stream must not be used afterwards.
    QByteArray finishHex();

    // The Files API's sha256Hash: base64 of the lowercase *hex* digest (protocol.md §2.4).
    static QString filesApiHash(const QByteArray &hexDigest);
    static QByteArray hexOf(const QByteArray &data);

private:
    struct Context;
    std::unique_ptr<Context> m_ctx;
};

} // namespace bb::emulator
