#include "jsonlvalidator.h"

#include "batchnaming.h"
#include "blockpipeline.h"
#include "linechecker.h"
#include "naturalorder.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cstring>

namespace bb {
namespace {

constexpr int kPoolBlocks = 4;
constexpr size_t kPadding = LineChecker::kPadding;

qint64 readFully(QFile &file, char *to, qint64 max)
{
    qint64 total = 0;
    while (total < max) {
        const qint64 n = file.read(to + total, max - total);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        total += n;
    }
    return total;
}

// Applies the per-line rules in line order and keeps the counters of one file.
class LineSink
{
public:
    LineSink(ValidationResult &result, const ValidatorOptions &options, KeyList &keys)
        : m_result(result)
        , m_options(options)
        , m_keys(keys)
    {
    }

    // Editors on Windows write one; the service reads the file regardless, so it is skipped and
    // noted (the import summary says so).
    void byteOrderMarkSeen()
    {
        m_skipBom = true;
        m_result.byteOrderMark = true;
    }

    // A complete line without its '\n'; readable kPadding bytes past the end.
    void line(const char *data, size_t size)
    {
        ++m_line;
        if (m_line == 1 && m_skipBom) {
            data += 3;
            size -= 3;
        }
        if (size > 0 && data[size - 1] == '\r')
            m_result.crlfLineEnds = true;
        if (qint64(size) > m_options.maxLineBytes)
            return longLineSeen(qint64(size));
        const LineCheck check = m_checker.check(data, size);
        if (check.kind == LineCheck::Kind::Blank) {
            if (m_blankCount++ == 0)
                m_blankStart = m_line;
            return;
        }
        flushBlankRun();
        if (check.kind == LineCheck::Kind::Invalid)
            return error(m_line, [&] { return check.reason; });
        if (check.key.empty()) {
            m_keys.addImplicit(m_line);
            ++m_result.requestCount;
            m_textBytes += check.textBytes;
            return;
        }
        const qsizetype earlier = m_keys.add(check.key, m_line);
        if (earlier >= 0) {
            return error(m_line, [&] {
                return QCoreApplication::translate("bb::Importer", "duplicate key %1 (first seen at line %2)")
                    .arg(displayKey(check.key), QString::number(m_keys.line(earlier)));
            });
        }
        ++m_result.requestCount;
        m_textBytes += check.textBytes;
    }

    void finalNewlineMissing() { m_result.finalNewlineMissing = true; }

    // A line that was not buffered because it is longer than maxLineBytes.
    void longLine(qint64 size)
    {
        ++m_line;
        longLineSeen(size);
    }

    void finish()
    {
        // A run of blank lines still open here is trailing and tolerated.
        m_result.lineCount = m_line;
        m_result.textBytes = m_textBytes;
        m_result.tokenEstimate = (m_textBytes + 3) / 4;
        if (m_result.requestCount == 0 && !m_lineErrors)
            fileError(QCoreApplication::translate("bb::Importer", "no requests (only blank lines)"));
    }

    void fileError(const QString &reason) { m_result.addError(0, reason, m_options.maxReportedErrors); }

private:
    template<typename MakeReason> void error(qint64 line, MakeReason &&reason)
    {
        m_lineErrors = true;
        m_result.addError(line, m_options.maxReportedErrors, reason);
    }

    void longLineSeen(qint64 size)
    {
        flushBlankRun();
        error(m_line, [&] {
            return QCoreApplication::translate("bb::Importer", "line too long (%1 bytes, limit %2)")
                .arg(size)
                .arg(m_options.maxLineBytes);
        });
    }

    void flushBlankRun()
    {
        if (m_blankCount == 0)
            return;
        const qint64 start = m_blankStart;
        const qint64 count = std::exchange(m_blankCount, 0);
        error(start, [&] {
            return count == 1 ? QCoreApplication::translate("bb::Importer", "blank line")
                              : QCoreApplication::translate("bb::Importer", "%1 blank lines (%2-%3)")
                                    .arg(count)
                                    .arg(start)
                                    .arg(start + count - 1);
        });
    }

    ValidationResult &m_result;
    const ValidatorOptions &m_options;
    KeyList &m_keys;
    LineChecker m_checker;
    qint64 m_line = 0;
    qint64 m_blankStart = 0;
    qint64 m_blankCount = 0;
    qint64 m_textBytes = 0;
    bool m_skipBom = false;
    bool m_lineErrors = false;
};

// Reads the file block by block, hands each block to the hasher, and cuts it into lines (carrying
// an unfinished line into the next block), so the hasher sees exactly the bytes read, once.
class BlockReader
{
public:
    BlockReader(QFile &file, const ValidatorOptions &options, qint64 fileSize)
        : m_file(file)
        , m_options(options)
        , m_block(size_t(std::max<qint64>(options.blockBytes, 4096)))
        , m_pool(kPoolBlocks, size_t(std::max<qint64>(options.carryReserveBytes, 0)) + m_block + kPadding)
        , m_hasher(m_pool, fileSize > qint64(m_block))
    {
    }

    enum class Outcome
    {
        Complete,
        Cancelled,
        ReadError
    };

    Outcome run(LineSink &sink, const std::atomic_bool *cancel, const ProgressFunction &progress)
    {
        ReadBlock *current = nullptr;
        size_t carryFrom = 0;
        size_t carry = 0;
        bool skipping = false; // inside a line longer than maxLineBytes
        qint64 skipped = 0;
        Outcome outcome = Outcome::Complete;
        for (bool first = true;; first = false) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                outcome = Outcome::Cancelled;
                break;
            }
            ReadBlock *block = m_pool.acquire(carry + m_block + kPadding);
            char *data = block->data.get();
            if (carry > 0)
                std::memcpy(data, current->data.get() + carryFrom, carry);
            if (current)
                m_pool.release(current);
            current = block;
            const qint64 n = readFully(m_file, data + carry, qint64(m_block));
            if (n < 0) {
                outcome = Outcome::ReadError;
                break;
            }
            block->hashOffset = carry;
            block->hashSize = size_t(n);
            m_hasher.submit(block); // hashes while this thread parses the same bytes
            const size_t end = carry + size_t(n);
            std::memset(data + end, ' ', kPadding); // defined bytes for the parser's read-ahead
            if (first && n >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                sink.byteOrderMarkSeen();
            }
            m_bytesRead += n;
            const bool atEnd = size_t(n) < m_block;

            size_t pos = 0;
            while (const void *found = std::memchr(data + pos, '\n', end - pos)) {
                const size_t lineEnd = size_t(static_cast<const char *>(found) - data);
                if (skipping)
                    sink.longLine(skipped + qint64(lineEnd - pos));
                else
                    sink.line(data + pos, lineEnd - pos);
                skipping = false;
                pos = lineEnd + 1;
            }
            const size_t rest = end - pos;
            carry = 0;
            if (atEnd) {
                if (skipping)
                    sink.longLine(skipped + qint64(rest));
                else if (rest > 0) {
                    sink.line(data + pos, rest);
                    sink.finalNewlineMissing();
                }
            } else if (skipping) {
                skipped += qint64(rest);
            } else if (qint64(rest) > m_options.maxLineBytes) {
                skipping = true;
                skipped = qint64(rest);
            } else {
                carry = rest;
                carryFrom = pos;
            }
            if (progress)
                progress(m_bytesRead);
            if (atEnd)
                break;
        }
        if (current)
            m_pool.release(current);
        m_sha256 = m_hasher.finish();
        return outcome;
    }

    qint64 bytesRead() const { return m_bytesRead; }
    const QString &sha256() const { return m_sha256; }

private:
    QFile &m_file;
    const ValidatorOptions &m_options;
    size_t m_block;
    BlockPool m_pool;
    BlockHasher m_hasher;
    qint64 m_bytesRead = 0;
    QString m_sha256;
};

} // namespace

JsonlValidator::JsonlValidator(const ValidatorOptions &options)
    : m_options(options)
{
}

ValidationResult JsonlValidator::validate(
    const QString &path, const std::atomic_bool *cancel, const ProgressFunction &progress) const
{
    ValidationResult result;
    result.path = path;
    result.batchNumber = batchNumberInName(QFileInfo(path).fileName());
    const int cap = m_options.maxReportedErrors;

    QFile file(path);
    const QFileInfo info(path);
    if (info.isDir() || !file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        result.addError(0,
            QLatin1StringView("cannot read: ")
                + (info.isDir() ? QCoreApplication::translate("bb::Importer", "is a folder")
                                : file.errorString()),
            cap);
        return result;
    }
    result.size = file.size();
    result.lastModified = info.lastModified().toUTC();
    auto keys = std::make_shared<KeyList>();
    result.keys = keys;
    if (result.size > m_options.maxFileBytes) {
        result.overSizeLimit = true;
        result.addError(0,
            QCoreApplication::translate("bb::Importer", "file is %1 bytes, over the limit of %2 bytes")
                .arg(result.size)
                .arg(m_options.maxFileBytes),
            cap);
    }

    LineSink sink(result, m_options, *keys);
    BlockReader reader(file, m_options, result.size);
    const auto outcome = reader.run(sink, cancel, progress);
    keys->freeze();
    if (outcome == BlockReader::Outcome::Cancelled) {
        result.cancelled = true;
        return result;
    }
    if (outcome == BlockReader::Outcome::ReadError) {
        result.addError(0, QLatin1StringView("read error: ") + file.errorString(), cap);
        return result;
    }
    if (reader.bytesRead() == 0) {
        result.addError(0, QCoreApplication::translate("bb::Importer", "empty file"), cap);
        result.sha256 = reader.sha256();
        return result;
    }
    sink.finish();
    if (reader.bytesRead() != result.size) {
        result.addError(0,
            QCoreApplication::translate(
                "bb::Importer", "file changed while being read (%1 bytes when opened, %2 read)")
                .arg(result.size)
                .arg(reader.bytesRead()),
            cap);
        return result;
    }
    result.sha256 = reader.sha256();
    return result;
}

} // namespace bb
