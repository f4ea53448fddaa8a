// libFuzzer target: the markdown submission-report importer (tables of batches, ids, states).
#include "handovercheck.h"

#include <QByteArray>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray content = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const bb::Handover report = bb::parseMarkdownReport(content);
    BB_FUZZ_CHECK(report.format == bb::Handover::Format::Markdown);
    bb::fuzz::checkHandover(report);
    return 0;
}
