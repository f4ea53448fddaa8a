#pragma once

#include <QJsonObject>
#include <QString>

namespace bb::emulator::synth {

// Deterministic stand-ins for model output, derived only from the request text, so the same input
// always yields the same result line and tests can check content and token accounting.

// FNV-1a 64 followed by a splitmix64 finaliser: a stable, well-mixed 64-bit hash.
quint64 hash64(QByteArrayView data);
// A uniform number in [0, 1) from a hash.
double unitInterval(quint64 hash);

// Concatenated text parts of a GenerateContentRequest's contents (snake_case tolerated).
QString promptText(const QJsonObject &request);
int estimateTokens(QStringView text); // ≈ 4 bytes per token, at least 1 for non-empty text

// A GenerateContentResponse: one candidate whose text "refines" the prompt, realistic
// usageMetadata (prompt, candidates, thoughts when `thinking`, total), modelVersion, responseId.
QJsonObject generateContentResponse(
    const QJsonObject &request, const QString &model, const QString &seed, bool thinking);
// An EmbedContentResponse-like line body: {"embedding":{"values":[...]},"tokenCount":"n"}.
QJsonObject embedContentResponse(const QJsonObject &request);

// Per-request failure: {"code":13,"message":"An internal error has occurred..."}
QJsonObject internalLineError();

} // namespace bb::emulator::synth
