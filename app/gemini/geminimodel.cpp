#include "geminimodel.h"

#include "jsonreader.h"

namespace bb::gemini {

QString GeminiModel::id() const
{
    return name.startsWith(QLatin1StringView("models/")) ? name.mid(7) : name;
}

bool GeminiModel::fromJson(const QJsonObject &object, GeminiModel *model, QString *error)
{
    JsonReader reader;
    GeminiModel parsed;
    parsed.name = reader.string(object, QLatin1StringView("name"));
    parsed.baseModelId
        = reader.string(object, QLatin1StringView("baseModelId"), QLatin1StringView("base_model_id"));
    parsed.version = reader.string(object, QLatin1StringView("version"));
    parsed.displayName
        = reader.string(object, QLatin1StringView("displayName"), QLatin1StringView("display_name"));
    parsed.inputTokenLimit
        = reader.int64(object, QLatin1StringView("inputTokenLimit"), QLatin1StringView("input_token_limit"));
    parsed.outputTokenLimit = reader.int64(
        object, QLatin1StringView("outputTokenLimit"), QLatin1StringView("output_token_limit"));
    const QJsonArray methods = reader.array(object, QLatin1StringView("supportedGenerationMethods"),
        QLatin1StringView("supported_generation_methods"));
    parsed.thinking = reader.boolean(object, QLatin1StringView("thinking"));
    for (const QJsonValue &method : methods) {
        if (!method.isString()) {
            reader.fail(QStringLiteral("supportedGenerationMethods holds a non-string"));
            break;
        }
        parsed.supportedGenerationMethods.append(method.toString());
    }
    if (!reader.hasError() && parsed.name.isEmpty())
        reader.fail(QStringLiteral("a model without a name"));
    if (reader.hasError()) {
        *error = QStringLiteral("malformed model: ") + reader.error();
        return false;
    }
    *model = parsed;
    return true;
}

bool ModelPage::fromJson(const QJsonObject &object, ModelPage *page, QString *error)
{
    JsonReader reader;
    ModelPage parsed;
    const QJsonArray models = reader.array(object, QLatin1StringView("models"));
    parsed.nextPageToken
        = reader.string(object, QLatin1StringView("nextPageToken"), QLatin1StringView("next_page_token"));
    if (reader.hasError()) {
        *error = QStringLiteral("malformed model list: ") + reader.error();
        return false;
    }
    for (const QJsonValue &value : models) {
        if (!value.isObject()) {
            *error = QStringLiteral("malformed model list: an entry is not an object");
            return false;
        }
        GeminiModel model;
        if (!GeminiModel::fromJson(value.toObject(), &model, error))
            return false;
        parsed.models.append(model);
    }
    *page = parsed;
    return true;
}

} // namespace bb::gemini
