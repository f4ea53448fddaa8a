// libFuzzer target: a Files API resource and a files.list page, from the raw body to GeminiFile /
// FilePage, plus the sha256Hash decoding and id extraction done on what was read.
#include "fuzzcheck.h"
#include "geminifile.h"
#include "jsonreader.h"

#include <QByteArray>

#include <cstdint>

namespace {

void checkFile(const bb::gemini::GeminiFile &file)
{
    const QString hex = file.sha256Hex();
    BB_FUZZ_CHECK(hex.isEmpty() || bb::fuzz::isLowerHex(hex, 64));
    (void)file.id();
    (void)bb::gemini::fileIdFromName(file.name);
    (void)bb::gemini::fileIdFromName(file.uri.toString());
    (void)bb::gemini::GeminiFile::stateFromString(file.stateName);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace bb::gemini;
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonObject object;
    QString problem;
    if (!parseJsonObject(body, &object, &problem)) {
        BB_FUZZ_CHECK(!problem.isEmpty());
        return 0;
    }
    GeminiFile file;
    QString error;
    if (GeminiFile::fromJson(object, &file, &error))
        checkFile(file);
    else
        BB_FUZZ_CHECK(!error.isEmpty());

    // The final upload reply wraps the resource: {"file": {...}}.
    const QJsonValue wrapped = object.value(QLatin1StringView("file"));
    if (wrapped.isObject()) {
        GeminiFile inner;
        error.clear();
        if (GeminiFile::fromJson(wrapped.toObject(), &inner, &error))
            checkFile(inner);
    }

    FilePage page;
    error.clear();
    if (FilePage::fromJson(object, &page, &error)) {
        for (const GeminiFile &f : page.files)
            checkFile(f);
    } else {
        BB_FUZZ_CHECK(!error.isEmpty());
    }
    return 0;
}
