#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace bb::gemini {

// A models.list / models.get entry (google.ai.generativelanguage Model), the fields Batchboard reads.
struct GeminiModel
{
    QString name; // "models/gemini-3.6-flash"
    QString baseModelId;
    QString version;
    QString displayName;
    qint64 inputTokenLimit = 0;
    qint64 outputTokenLimit = 0;
    QStringList supportedGenerationMethods;
    bool thinking = false;

    QString id() const; // name without "models/"
    static bool fromJson(const QJsonObject &object, GeminiModel *model, QString *error);
};

struct ModelPage
{
    QList<GeminiModel> models;
    QString nextPageToken;

    static bool fromJson(const QJsonObject &object, ModelPage *page, QString *error);
};

} // namespace bb::gemini
