#pragma once

#include "googleerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace bb::emulator {

struct EmulatedModel
{
    QString id; // "gemini-3.6-flash" (the resource name without "models/")
    QJsonObject resource; // the Model as models.get answers it
    QStringList methods; // supportedGenerationMethods
    bool thinking = false; // synthesized responses report thoughtsTokenCount

    bool supports(const QString &method) const { return methods.contains(method); }
};

// A model the key may no longer use (changes-2026.md row 1): not listed, and every call answers
// 404 "This model models/<id> is no longer available to new users…".
struct RetiredModel
{
    QString id;
    QString replacement; // "models/gemini-3.6-flash" as the live message names it; empty: "a newer model"
};

// The models the emulated key can see (models.list / models.get) and the ones retired for it;
// decides whether a call of `method` on a model is served or refused like Google does.
class EmulatedModels final
{
public:
    EmulatedModels();

    const QList<EmulatedModel> &listed() const { return m_listed; }
    const EmulatedModel *find(const QString &id) const; // listed models only
    const RetiredModel *retired(const QString &id) const;

    // 404 for a retired model, an unknown one, or one without `method` (e.g. "batchGenerateContent").
    std::optional<GoogleError> refusal(
        const QString &id, const QString &method, const QString &version) const;

    // Config keys `models` (array of Model objects, replaces the list) and `retiredModels` (array of
    // ids or {"id", "replacement"} objects). False with a message when a value is malformed.
    bool setModels(const QJsonValue &value, QString *error);
    bool setRetired(const QJsonValue &value, QString *error);
    QJsonArray modelsJson() const;
    QJsonArray retiredJson() const;

    static QString bareId(const QString &name); // "models/x" → "x"

private:
    void rebuildListed();

    QList<EmulatedModel> m_all; // as configured, retired ones included
    QList<EmulatedModel> m_listed;
    QList<RetiredModel> m_retired;
};

} // namespace bb::emulator
