#include "filesplitter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstring>
#include <memory>

namespace bb {
namespace {

class CopyBuffer
{
public:
    CopyBuffer()
        : m_data(std::make_unique_for_overwrite<char[]>(size_t(kReadBlockBytes)))
    {
    }
    char *data() { return m_data.get(); }
    static qint64 size() { return kReadBlockBytes; }

private:
    std::unique_ptr<char[]> m_data;
};

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// Copies [from, from + length) of `in` to `out`.
QString copyRange(QFile &in, QSaveFile &out, qint64 from, qint64 length, CopyBuffer &buffer,
    const std::atomic_bool *cancel, const std::function<void(qint64)> &copied)
{
    if (!in.seek(from))
        return QLatin1StringView("cannot seek in ") + in.fileName() + QLatin1StringView(": ")
            + in.errorString();
    while (length > 0) {
        if (cancelled(cancel))
            return QStringLiteral("cancelled");
        const qint64 n = in.read(buffer.data(), std::min(length, CopyBuffer::size()));
        if (n <= 0)
            return QLatin1StringView("cannot read ") + in.fileName() + QLatin1StringView(": ")
                + (n == 0 ? QStringLiteral("file is shorter than when it was scanned") : in.errorString());
        if (out.write(buffer.data(), n) != n)
            return QLatin1StringView("cannot write ") + out.fileName() + QLatin1StringView(": ")
                + out.errorString();
        length -= n;
        copied(n);
    }
    return {};
}

} // namespace

FileSplitter::FileSplitter(qint64 maxPartBytes)
    : m_maxPartBytes(std::max<qint64>(maxPartBytes, 1))
{
}

QString FileSplitter::partPath(const QString &sourcePath, int partNumber, const QString &outputDir)
{
    const QFileInfo info(sourcePath);
    QString stem = info.fileName();
    if (stem.endsWith(QLatin1StringView(".jsonl"), Qt::CaseInsensitive))
        stem.chop(6);
    const QString name
        = stem + QLatin1StringView(".part") + QString::number(partNumber) + QLatin1StringView(".jsonl");
    return QDir(outputDir.isEmpty() ? info.path() : outputDir).filePath(name);
}

SplitPlan FileSplitter::plan(const QString &path, const std::atomic_bool *cancel) const
{
    SplitPlan plan;
    plan.path = path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        plan.error = QLatin1StringView("cannot read ") + path + QLatin1StringView(": ") + file.errorString();
        return plan;
    }
    plan.size = file.size();
    plan.partStarts.append(0);
    if (plan.size <= m_maxPartBytes)
        return plan;
    const qint64 parts = (plan.size + m_maxPartBytes - 1) / m_maxPartBytes;
    const qint64 target = (plan.size + parts - 1) / parts;

    CopyBuffer buffer;
    qint64 offset = 0; // file offset of buffer.data()[0]
    qint64 partStart = 0;
    qint64 lineStart = 0;
    qint64 lineNumber = 0;
    // Each part takes lines until it reaches the target, so every part but the last holds at least
    // `target` bytes and there are never more parts than needed; a line that would push a part past
    // the hard limit starts the next part instead.
    const auto lineEnds = [&](qint64 lineEnd) {
        ++lineNumber;
        if (lineEnd - partStart > m_maxPartBytes && lineStart > partStart) {
            plan.partStarts.append(lineStart);
            partStart = lineStart;
        }
        if (lineEnd - partStart > m_maxPartBytes) {
            plan.error = QStringLiteral("line %1 is %2 bytes, more than a part may hold (%3 bytes)")
                             .arg(lineNumber)
                             .arg(lineEnd - lineStart)
                             .arg(m_maxPartBytes);
        }
        lineStart = lineEnd;
        if (lineEnd - partStart >= target && lineEnd < plan.size) {
            plan.partStarts.append(lineEnd);
            partStart = lineEnd;
        }
    };
    for (;;) {
        if (cancelled(cancel)) {
            plan.error = QStringLiteral("cancelled");
            return plan;
        }
        const qint64 n = file.read(buffer.data(), CopyBuffer::size());
        if (n < 0) {
            plan.error
                = QLatin1StringView("cannot read ") + path + QLatin1StringView(": ") + file.errorString();
            return plan;
        }
        if (n == 0)
            break;
        const char *data = buffer.data();
        for (qint64 pos = 0; pos < n && plan.error.isEmpty();) {
            const void *found = std::memchr(data + pos, '\n', size_t(n - pos));
            if (!found)
                break;
            pos = static_cast<const char *>(found) - data + 1;
            lineEnds(offset + pos);
        }
        if (!plan.error.isEmpty())
            return plan;
        offset += n;
    }
    if (offset != plan.size) {
        plan.error = path + QStringLiteral(" changed while being read");
        return plan;
    }
    if (lineStart < plan.size)
        lineEnds(plan.size); // last line without '\n'
    return plan;
}

SplitResult FileSplitter::split(const QString &path, const QString &outputDir, const std::atomic_bool *cancel,
    const ProgressFunction &progress) const
{
    SplitResult result;
    const SplitPlan plan = this->plan(path, cancel);
    if (!plan.error.isEmpty()) {
        result.error = plan.error;
        return result;
    }
    if (plan.partCount() < 2) {
        result.error = QStringLiteral("%1 fits in one part (%2 bytes, limit %3)")
                           .arg(path)
                           .arg(plan.size)
                           .arg(m_maxPartBytes);
        return result;
    }
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        result.error = QLatin1StringView("cannot read ") + path + QLatin1StringView(": ") + in.errorString();
        return result;
    }
    CopyBuffer buffer;
    qint64 done = 0;
    const auto copied = [&](qint64 n) {
        done += n;
        if (progress)
            progress(done);
    };
    for (qsizetype i = 0; i < plan.partCount() && result.error.isEmpty(); ++i) {
        const QString target = partPath(path, int(i + 1), outputDir);
        QSaveFile out(target);
        if (!out.open(QIODevice::WriteOnly)) {
            result.error
                = QLatin1StringView("cannot write ") + target + QLatin1StringView(": ") + out.errorString();
            break;
        }
        result.error = copyRange(in, out, plan.partStarts[i], plan.partSize(i), buffer, cancel, copied);
        if (result.error.isEmpty() && !out.commit())
            result.error
                = QLatin1StringView("cannot write ") + target + QLatin1StringView(": ") + out.errorString();
        if (result.error.isEmpty())
            result.parts.append(target);
    }
    if (!result.error.isEmpty()) {
        for (const QString &part : std::as_const(result.parts))
            QFile::remove(part);
        result.parts.clear();
    }
    return result;
}

} // namespace bb
