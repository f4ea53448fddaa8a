#pragma once

#include <QtGlobal>

namespace bb {

// The Gemini Batch API documents "2 GB per file" without saying whether it means 10^9 or 2^30. We
// take the smaller reading, 2,000,000,000 bytes, so a file we accept is never refused for size.
inline constexpr qint64 kMaxInputFileBytes = 2'000'000'000;

// A request line longer than this is reported and skipped without being buffered or parsed; it
// bounds the memory one line may take (the parser needs several bytes per input byte).
inline constexpr qint64 kMaxLineBytes = 64 * 1024 * 1024;

// Errors kept per file; errorCount still counts all of them.
inline constexpr int kMaxReportedErrors = 1000;

// Size of one read. Measured on 256 MiB: 0.25–8 MiB blocks all run within noise of each other
// (syscalls and hand-overs to the hashing thread are rare either way); 2 MiB keeps the pool of
// four buffers near 12 MiB and the hashed bytes still warm in cache.
inline constexpr qint64 kReadBlockBytes = 2 * 1024 * 1024;

} // namespace bb
