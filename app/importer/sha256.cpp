#include "sha256.h"

#include <QByteArray>

#include <openssl/evp.h>

namespace bb {

Sha256::Sha256()
    : m_ctx(EVP_MD_CTX_new())
{
    if (m_ctx && EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
}

void Sha256::prepareLibrary()
{
    Sha256 warmUp;
    warmUp.finalHex();
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

void Sha256::addData(const char *data, size_t size)
{
    if (m_ctx && size > 0 && EVP_DigestUpdate(m_ctx, data, size) != 1) {
        EVP_MD_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
}

QString Sha256::finalHex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!m_ctx || EVP_DigestFinal_ex(m_ctx, digest, &length) != 1)
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}

} // namespace bb
