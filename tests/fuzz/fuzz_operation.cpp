// libFuzzer target: a batch (long-running Operation) reply and a batches.list page, from the raw
// body the client receives to the typed BatchJob / BatchPage.
#include "batchjob.h"
#include "fuzzcheck.h"
#include "jsonreader.h"

#include <QByteArray>

#include <cstdint>

namespace {

void checkBatch(const bb::gemini::BatchJob &batch)
{
    using bb::gemini::BatchJob;
    (void)batch.id();
    BB_FUZZ_CHECK(BatchJob::stateFromString(BatchJob::stateToString(batch.state)) == batch.state
        || batch.state == BatchJob::State::Unknown);
    BB_FUZZ_CHECK(batch.isTerminal() == BatchJob::isTerminalState(batch.state));
    BB_FUZZ_CHECK(batch.hasInlinedResponses || batch.inlinedResponses.isEmpty());
    for (const auto &response : batch.inlinedResponses)
        (void)response.isError();
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
    BatchJob batch;
    QString error;
    if (BatchJob::fromJson(object, &batch, &error))
        checkBatch(batch);
    else
        BB_FUZZ_CHECK(!error.isEmpty());

    BatchPage page;
    error.clear();
    if (BatchPage::fromJson(object, &page, &error)) {
        for (const BatchJob &b : page.batches)
            checkBatch(b);
        (void)page.hasNextPage();
    } else {
        BB_FUZZ_CHECK(!error.isEmpty());
    }
    (void)batchIdFromName(object.value(QLatin1StringView("name")).toString());
    return 0;
}
