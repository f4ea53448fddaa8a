// libFuzzer target: the JSONL request-file validator. Each input is written to a file and
// validated whole (block reader, hashing thread for inputs over one block, per-line rules,
// duplicate keys), and its lines also go one by one through a LineChecker that lives across
// inputs, as the validator's does across lines.
#include "fuzzcheck.h"
#include "jsonlvalidator.h"
#include "linechecker.h"
#include "sha256.h"

#include <QByteArray>
#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace {

const QString &inputPath()
{
    static const QString path = [] {
        // tmpfs when there is one: a disk file system journals every truncate.
        const QString dir
            = QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath();
        const QString p = dir + QStringLiteral("/bb-fuzz-jsonl-%1.jsonl").arg(::getpid());
        std::atexit([] { QFile::remove(inputPath()); });
        return p;
    }();
    return path;
}

void checkLines(const uint8_t *data, size_t size)
{
    static bb::LineChecker checker;
    std::vector<char> buffer;
    size_t start = 0;
    while (start <= size) {
        const void *nl = start < size ? std::memchr(data + start, '\n', size - start) : nullptr;
        const size_t end = nl ? size_t(static_cast<const uint8_t *>(nl) - data) : size;
        const size_t length = end - start;
        buffer.assign(length + bb::LineChecker::kPadding, ' ');
        if (length > 0)
            std::memcpy(buffer.data(), data + start, length);
        const bb::LineCheck check = checker.check(buffer.data(), length);
        if (check.kind == bb::LineCheck::Kind::Request) {
            // A key, when the line has one, is inside the line (an empty key means none).
            BB_FUZZ_CHECK(check.key.size() <= length);
            BB_FUZZ_CHECK(check.textBytes >= 0 && size_t(check.textBytes) <= length);
        } else if (check.kind == bb::LineCheck::Kind::Invalid) {
            BB_FUZZ_CHECK(!check.reason.isEmpty());
        }
        if (!nl)
            break;
        start = end + 1;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    checkLines(data, size);

    QFile file(inputPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        std::abort();
    if (size > 0 && file.write(reinterpret_cast<const char *>(data), qint64(size)) != qint64(size))
        std::abort();
    file.close();

    // The size picks the limits, so inputs in the seed corpus stay plain JSONL.
    bb::ValidatorOptions options;
    options.blockBytes = 4096; // the smallest block: long inputs cross block boundaries
    // No spare room: a line carried over a block boundary makes its block grow and shrink back,
    // and buffers stay small (a 1 MiB buffer per input costs more than the parsing under ASan).
    options.carryReserveBytes = 0;
    options.maxLineBytes = (size % 3 == 0) ? 100 : bb::kMaxLineBytes;
    options.maxReportedErrors = (size % 2 == 0) ? 3 : bb::kMaxReportedErrors;
    options.maxFileBytes = (size % 5 == 0) ? 64 : bb::kMaxInputFileBytes;
    const bb::ValidationResult result = bb::JsonlValidator(options).validate(inputPath());

    BB_FUZZ_CHECK(!result.cancelled);
    BB_FUZZ_CHECK(result.size == qint64(size));
    BB_FUZZ_CHECK(result.errors.size() <= options.maxReportedErrors);
    BB_FUZZ_CHECK(result.errorCount >= result.errors.size());
    BB_FUZZ_CHECK(result.requestCount >= 0 && result.requestCount <= result.lineCount);
    BB_FUZZ_CHECK(result.overSizeLimit == (qint64(size) > options.maxFileBytes));
    for (qsizetype i = 1; i < result.errors.size(); ++i)
        BB_FUZZ_CHECK(result.errors.at(i - 1).line <= result.errors.at(i).line);
    if (size == 0) {
        BB_FUZZ_CHECK(!result.ok());
    } else {
        // The hashing thread must see exactly the bytes that were parsed, once.
        bb::Sha256 sha;
        sha.addData(reinterpret_cast<const char *>(data), size);
        BB_FUZZ_CHECK(result.sha256 == sha.finalHex());
    }
    if (result.ok()) {
        // Every request is in the list, key-less ones as empty entries.
        BB_FUZZ_CHECK(result.requestCount > 0 && result.keys && result.keys->size() == result.requestCount);
        BB_FUZZ_CHECK(result.keylessCount() <= result.requestCount);
    }
    for (const QString &message : result.messages())
        BB_FUZZ_CHECK(!message.isEmpty());
    return 0;
}
