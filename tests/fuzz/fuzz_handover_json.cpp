// libFuzzer target: the JSON progress-file importer (hand-over from an earlier script).
#include "handovercheck.h"

#include <QByteArray>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray content = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const bb::Handover progress = bb::parseJsonProgress(content);
    BB_FUZZ_CHECK(progress.format == bb::Handover::Format::Json);
    bb::fuzz::checkHandover(progress);
    // The format sniffing routes a JSON object here; anything else is the markdown target's job.
    if (content.trimmed().startsWith('{'))
        bb::fuzz::checkHandover(bb::parseHandover(content));
    return 0;
}
