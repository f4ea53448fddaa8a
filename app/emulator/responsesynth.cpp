#include "responsesynth.h"

#include "jsonfields.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace bb::emulator::synth {
namespace {

quint64 splitmix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void collectText(const QJsonValue &contentValue, QStringList *out)
{
    const QJsonObject content = contentValue.toObject();
    const QJsonArray parts = content.value(QStringLiteral("parts")).toArray();
    for (const QJsonValue &part : parts) {
        const QString text = part.toObject().value(QStringLiteral("text")).toString();
        if (!text.isEmpty())
            out->append(text);
    }
}

QString responseIdFor(const QString &seed)
{
    const quint64 h = hash64(seed.toUtf8());
    QByteArray raw(16, Qt::Uninitialized);
    quint64 a = splitmix(h), b = splitmix(h ^ 0x5bd1e995ULL);
    for (int i = 0; i < 8; ++i) {
        raw[i] = char((a >> (8 * i)) & 0xff);
        raw[8 + i] = char((b >> (8 * i)) & 0xff);
    }
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals).left(23));
}

} // namespace

quint64 hash64(QByteArrayView data)
{
    quint64 h = 0xcbf29ce484222325ULL;
    for (const char c : data) {
        h ^= quint64(quint8(c));
        h *= 0x100000001b3ULL;
    }
    return splitmix(h);
}

double unitInterval(quint64 hash)
{
    return double(hash >> 11) / double(1ULL << 53);
}

QString promptText(const QJsonObject &request)
{
    QStringList texts;
    const QJsonValue contents = request.value(QStringLiteral("contents"));
    if (contents.isArray()) {
        for (const QJsonValue &c : contents.toArray())
            collectText(c, &texts);
    } else if (contents.isObject()) {
        collectText(contents, &texts);
    }
    collectText(request.value(QStringLiteral("content")), &texts); // embedding requests
    return texts.join(QLatin1Char('\n'));
}

int estimateTokens(QStringView text)
{
    if (text.isEmpty())
        return 0;
    const qsizetype bytes = text.toUtf8().size();
    return int(std::max<qsizetype>(1, (bytes + 3) / 4));
}

QJsonObject generateContentResponse(
    const QJsonObject &request, const QString &model, const QString &seed, bool thinking)
{
    const QString prompt = promptText(request);
    QStringList systemTexts;
    collectText(json::field(request, QLatin1StringView("systemInstruction")), &systemTexts);
    const QString system = systemTexts.join(QLatin1Char('\n'));

    QString refined = prompt.simplified();
    if (refined.size() > 2000)
        refined = refined.left(2000);
    refined = QStringLiteral("Refined: ") + (refined.isEmpty() ? QStringLiteral("(empty prompt)") : refined);

    const QJsonObject generation = json::objectField(request, QLatin1StringView("generationConfig"));
    const QString mime = json::stringField(generation, QLatin1StringView("responseMimeType"));
    QString answer = refined;
    if (mime == QLatin1String("application/json"))
        answer = QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("refined"),
                refined } }).toJson(QJsonDocument::Compact));

    const int promptTokens = std::max(1, estimateTokens(prompt) + estimateTokens(system));
    const int candidateTokens = std::max(1, estimateTokens(answer));
    int thoughtTokens = 0;
    const QJsonObject thinkingConfig = json::objectField(generation, QLatin1StringView("thinkingConfig"));
    const auto budget = json::toInt64(json::field(thinkingConfig, QLatin1StringView("thinkingBudget")));
    if (thinking && !(budget && *budget == 0)) {
        thoughtTokens = 24 + int(hash64(prompt.toUtf8()) % 480) + promptTokens / 2;
        if (budget && *budget > 0)
            thoughtTokens = int(std::min<qint64>(thoughtTokens, *budget));
    }

    QJsonObject usage {
        { QStringLiteral("promptTokenCount"), promptTokens },
        { QStringLiteral("candidatesTokenCount"), candidateTokens },
        { QStringLiteral("totalTokenCount"), promptTokens + candidateTokens + thoughtTokens },
        { QStringLiteral("promptTokensDetails"),
            QJsonArray { QJsonObject { { QStringLiteral("modality"), QStringLiteral("TEXT") },
                { QStringLiteral("tokenCount"), promptTokens } } } },
    };
    if (thoughtTokens > 0)
        usage.insert(QStringLiteral("thoughtsTokenCount"), thoughtTokens);

    const QJsonObject candidate {
        { QStringLiteral("content"),
            QJsonObject { { QStringLiteral("role"), QStringLiteral("model") },
                { QStringLiteral("parts"),
                    QJsonArray { QJsonObject { { QStringLiteral("text"), answer } } } } } },
        { QStringLiteral("finishReason"), QStringLiteral("STOP") },
        { QStringLiteral("index"), 0 },
    };
    return QJsonObject {
        { QStringLiteral("candidates"), QJsonArray { candidate } },
        { QStringLiteral("usageMetadata"), usage },
        { QStringLiteral("modelVersion"), model },
        { QStringLiteral("responseId"), responseIdFor(seed) },
    };
}

QJsonObject embedContentResponse(const QJsonObject &request)
{
    const QString text = promptText(request);
    const auto dims = json::toInt64(json::field(request, QLatin1StringView("outputDimensionality")));
    const int n = int(std::clamp<qint64>(dims.value_or(3072), 1, 3072));
    quint64 state = hash64(text.toUtf8()); // same text, same vector
    QJsonArray values;
    for (int i = 0; i < n; ++i) {
        state = splitmix(state);
        const double v = (unitInterval(state) - 0.5) * 0.2;
        values.append(std::round(v * 1e6) / 1e6);
    }
    return QJsonObject {
        { QStringLiteral("embedding"), QJsonObject { { QStringLiteral("values"), values } } },
        { QStringLiteral("tokenCount"), json::int64String(std::max(1, estimateTokens(text))) },
    };
}

QJsonObject internalLineError()
{
    return QJsonObject {
        { QStringLiteral("code"), 13 },
        { QStringLiteral("message"),
            QStringLiteral("An internal error has occurred. Please retry or report in "
                           "https://developers.generativeai.google/guide/troubleshooting") },
    };
}

} // namespace bb::emulator::synth
