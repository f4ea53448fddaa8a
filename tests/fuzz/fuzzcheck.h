#pragma once

#include <QLatin1StringView>
#include <QString>

#include <cstdio>
#include <cstdlib>

// An invariant the parsers promise; libFuzzer records the input that breaks it as a crash.
#define BB_FUZZ_CHECK(condition)                                                                             \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition);           \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace bb::fuzz {

// "prefix" followed by an id in the API's alphabet (lowercase alphanumerics and '-', 1..63).
inline bool isResourceName(const QString &name, QLatin1StringView prefix)
{
    if (!name.startsWith(prefix))
        return false;
    const qsizetype idLength = name.size() - prefix.size();
    if (idLength < 1 || idLength > 63)
        return false;
    for (qsizetype i = prefix.size(); i < name.size(); ++i) {
        const QChar c = name.at(i);
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
        if (!ok)
            return false;
    }
    return true;
}

inline bool isLowerHex(const QString &text, qsizetype length)
{
    if (text.size() != length)
        return false;
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

} // namespace bb::fuzz
