#include "sha256stream.h"

#include <QString>

#include <openssl/evp.h>

namespace bb::emulator {

struct Sha256Stream::Context
{
    EVP_MD_CTX *md = nullptr;
};

Sha256Stream::Sha256Stream()
    : m_ctx(std::make_unique<Context>())
{
    m_ctx->md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(m_ctx->md, EVP_sha256(), nullptr);
}

Sha256Stream::~Sha256Stream()
{
    EVP_MD_CTX_free(m_ctx->md);
}

void Sha256Stream::add(const char *data, qint64 size)
{
    if (size > 0)
        EVP_DigestUpdate(m_ctx->md, data, size_t(size));
}

QByteArray Sha256Stream::finishHex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_ctx->md, digest, &length);
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

QString Sha256Stream::filesApiHash(const QByteArray &hexDigest)
{
    return QString::fromLatin1(hexDigest.toLower().toBase64());
}

QByteArray Sha256Stream::hexOf(const QByteArray &data)
{
    Sha256Stream s;
    s.add(data);
    return s.finishHex();
}

} // namespace bb::emulator
