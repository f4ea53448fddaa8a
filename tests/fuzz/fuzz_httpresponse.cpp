// libFuzzer target: the upload chunk sender's HTTP/1.x response parser. The first byte picks a
// split point; the rest is fed whole, in two pieces at that point, and byte by byte. The parser
// must reach the same outcome (state, status, headers, body) however the bytes arrive, and never
// hold a body above its cap.
#include "fuzzcheck.h"
#include "httpresponseparser.h"

#include <QByteArray>

#include <cstdint>

namespace {

using bb::gemini::HttpResponseParser;

HttpResponseParser run(const QByteArray &wire, qsizetype split, bool bytewise, bool close)
{
    HttpResponseParser parser;
    if (bytewise) {
        for (qsizetype i = 0; i < wire.size(); ++i)
            parser.feed(QByteArrayView(wire).sliced(i, 1));
    } else {
        parser.feed(QByteArrayView(wire).first(split));
        parser.feed(QByteArrayView(wire).sliced(split));
    }
    if (close)
        parser.endOfStream();
    return parser;
}

void checkSame(const HttpResponseParser &a, const HttpResponseParser &b)
{
    BB_FUZZ_CHECK(a.state() == b.state());
    if (a.state() != HttpResponseParser::State::Complete)
        return;
    BB_FUZZ_CHECK(a.reply().status == b.reply().status);
    BB_FUZZ_CHECK(a.reply().headers == b.reply().headers);
    BB_FUZZ_CHECK(a.reply().body == b.reply().body);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const bool close = data[0] & 0x80;
    const QByteArray wire(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype split = qsizetype(data[0] & 0x7f) % (wire.size() + 1);

    const HttpResponseParser whole = run(wire, wire.size(), false, close);
    checkSame(whole, run(wire, split, false, close));
    checkSame(whole, run(wire, 0, true, close));

    BB_FUZZ_CHECK(whole.reply().body.size() <= HttpResponseParser::MaxBodyBytes);
    if (whole.state() == HttpResponseParser::State::Complete) {
        BB_FUZZ_CHECK(whole.reply().status >= 200 && whole.reply().status <= 999);
        BB_FUZZ_CHECK(whole.problem().isEmpty());
    }
    if (whole.state() == HttpResponseParser::State::Failed)
        BB_FUZZ_CHECK(!whole.problem().isEmpty());
    if (close)
        BB_FUZZ_CHECK(whole.state() != HttpResponseParser::State::Incomplete);
    return 0;
}
