#include "emulatedmodels.h"

#include "jsonfields.h"

namespace bb::emulator {
namespace {

const QString kGenerate = QStringLiteral("generateContent");
const QString kCount = QStringLiteral("countTokens");
const QString kCache = QStringLiteral("createCachedContent");
const QString kBatch = QStringLiteral("batchGenerateContent");

struct Spec
{
    const char *id;
    const char *version;
    const char *displayName;
    const char *description;
    int inputTokenLimit;
    int outputTokenLimit;
    QStringList methods;
    bool sampling; // temperature, maxTemperature, topP, topK
    double temperature;
    double topP;
    int topK;
    bool thinking;
};

QJsonObject resourceOf(const Spec &s)
{
    QJsonObject o {
        { QStringLiteral("name"), QString(QStringLiteral("models/") + QLatin1String(s.id)) },
        { QStringLiteral("version"), QLatin1String(s.version) },
        { QStringLiteral("displayName"), QLatin1String(s.displayName) },
        { QStringLiteral("description"), QLatin1String(s.description) },
        { QStringLiteral("inputTokenLimit"), s.inputTokenLimit },
        { QStringLiteral("outputTokenLimit"), s.outputTokenLimit },
        { QStringLiteral("supportedGenerationMethods"), QJsonArray::fromStringList(s.methods) },
    };
    // Only the dated models carry a baseModelId; aliases and special models do not.
    if (QLatin1String(s.id).startsWith(QLatin1String("gemini-"))
        && QLatin1String(s.id) != QLatin1String("gemini-flash-latest"))
        o.insert(QStringLiteral("baseModelId"), QLatin1String(s.id));
    if (s.sampling) {
        o.insert(QStringLiteral("temperature"), s.temperature);
        o.insert(QStringLiteral("maxTemperature"), 2);
        o.insert(QStringLiteral("topP"), s.topP);
        o.insert(QStringLiteral("topK"), s.topK);
    }
    if (s.thinking)
        o.insert(QStringLiteral("thinking"), true);
    return o;
}

QList<EmulatedModel> defaultModels()
{
    const QStringList chat { kGenerate, kCount, kCache, kBatch };
    // changes-2026.md row 1: the current batch models, plus entries a client must filter out by
    // method (an alias, AQA, Imagen) and the embedding model.
    const Spec specs[] = {
        { "gemini-3.6-flash", "3.6", "Gemini 3.6 Flash",
            "Gemini 3.6 Flash: frontier intelligence at Flash speed and price.", 1048576, 65536, chat, true,
            1.0, 0.95, 64, true },
        { "gemini-3.5-flash", "3.5", "Gemini 3.5 Flash", "Gemini 3.5 Flash: fast, balanced multimodal model.",
            1048576, 65536, chat, true, 1.0, 0.95, 64, true },
        { "gemini-3.5-flash-lite", "3.5", "Gemini 3.5 Flash-Lite",
            "Gemini 3.5 Flash-Lite: the most cost-efficient model for high-volume tasks.", 1048576, 65536,
            chat, true, 1.0, 0.95, 64, false },
        { "gemini-3.1-flash-lite", "3.1", "Gemini 3.1 Flash Lite",
            "Gemini 3.1 Flash Lite: low-latency, low-cost.", 1048576, 65536, chat, true, 1.0, 0.95, 64,
            false },
        { "gemini-3.1-pro-preview", "3.1", "Gemini 3.1 Pro Preview",
            "Gemini 3.1 Pro Preview: the most capable model for complex reasoning.", 1048576, 65536, chat,
            true, 1.0, 0.95, 64, true },
        { "gemini-flash-latest", "Gemini Flash Latest", "Gemini Flash Latest",
            "Latest release of Gemini Flash", 1048576, 65536, { kGenerate, kCount, kCache }, true, 1.0, 0.95,
            64, true },
        { "gemini-embedding-001", "001", "Gemini Embedding 001",
            "Obtain a distributed representation of a text.", 2048, 1,
            { QStringLiteral("embedContent"), QStringLiteral("countTextTokens"), kCount,
                QStringLiteral("asyncBatchEmbedContent") },
            false, 0, 0, 0, false },
        { "aqa", "001", "Model that performs Attributed Question Answering.",
            "Model trained to return answers to questions that are grounded in provided sources, along with "
            "estimating answerable probability.",
            7168, 1024, { QStringLiteral("generateAnswer") }, true, 0.2, 1.0, 40, false },
        { "imagen-4.0-generate-001", "001", "Imagen 4", "Vertex served Imagen 4.0 model", 480, 8192,
            { QStringLiteral("predict") }, false, 0, 0, 0, false },
    };
    QList<EmulatedModel> out;
    for (const Spec &s : specs)
        out.append(EmulatedModel { QLatin1String(s.id), resourceOf(s), s.methods, s.thinking });
    return out;
}

QList<RetiredModel> defaultRetired()
{
    // The live 404 names a successor for the 2.5 family (2026-07/08 captures); 2.0 got the generic
    // "a newer model" wording (2026-02).
    return {
        { QStringLiteral("gemini-2.0-flash"), QString() },
        { QStringLiteral("gemini-2.0-flash-lite"), QString() },
        { QStringLiteral("gemini-2.5-flash"), QStringLiteral("models/gemini-3.6-flash") },
        { QStringLiteral("gemini-2.5-flash-lite"), QStringLiteral("models/gemini-3.5-flash-lite") },
        { QStringLiteral("gemini-2.5-pro"), QStringLiteral("models/gemini-3.1-pro-preview") },
    };
}

} // namespace

EmulatedModels::EmulatedModels()
    : m_all(defaultModels())
    , m_retired(defaultRetired())
{
    rebuildListed();
}

QString EmulatedModels::bareId(const QString &name)
{
    return name.startsWith(QLatin1String("models/")) ? name.mid(7) : name;
}

void EmulatedModels::rebuildListed()
{
    m_listed.clear();
    for (const EmulatedModel &m : std::as_const(m_all)) {
        if (!retired(m.id))
            m_listed.append(m);
    }
}

const EmulatedModel *EmulatedModels::find(const QString &id) const
{
    const QString bare = bareId(id);
    for (const EmulatedModel &m : m_listed) {
        if (m.id == bare)
            return &m;
    }
    return nullptr;
}

const RetiredModel *EmulatedModels::retired(const QString &id) const
{
    const QString bare = bareId(id);
    for (const RetiredModel &r : m_retired) {
        if (r.id == bare)
            return &r;
    }
    return nullptr;
}

std::optional<GoogleError> EmulatedModels::refusal(
    const QString &id, const QString &method, const QString &version) const
{
    const QString bare = bareId(id);
    if (const RetiredModel *r = retired(bare))
        return GoogleError::modelRetired(bare, r->replacement);
    const EmulatedModel *model = find(bare);
    if (!model || (!method.isEmpty() && !model->supports(method)))
        return GoogleError::modelNotFound(bare, version, method);
    return std::nullopt;
}

bool EmulatedModels::setModels(const QJsonValue &value, QString *error)
{
    if (!value.isArray()) {
        *error = QStringLiteral("config key 'models' must be an array of Model objects");
        return false;
    }
    QList<EmulatedModel> next;
    for (const QJsonValue &v : value.toArray()) {
        const QJsonObject o = v.toObject();
        const QString id = bareId(o.value(QStringLiteral("name")).toString());
        const QJsonValue methods = json::field(o, QLatin1StringView("supportedGenerationMethods"));
        if (!v.isObject() || id.isEmpty() || id.contains(QLatin1Char('/')) || id.contains(QLatin1Char(':'))) {
            *error
                = QStringLiteral("every entry of 'models' needs a \"name\" like \"models/gemini-3.6-flash\"");
            return false;
        }
        if (!methods.isUndefined() && !methods.isArray()) {
            *error = QStringLiteral("models[%1].supportedGenerationMethods must be an array").arg(id);
            return false;
        }
        EmulatedModel m;
        m.id = id;
        m.resource = o;
        m.resource.remove(QStringLiteral("supported_generation_methods"));
        m.resource.insert(QStringLiteral("name"), QString(QStringLiteral("models/") + id));
        for (const QJsonValue &method : methods.toArray())
            m.methods.append(method.toString());
        m.resource.insert(
            QStringLiteral("supportedGenerationMethods"), QJsonArray::fromStringList(m.methods));
        m.thinking = o.value(QStringLiteral("thinking")).toBool();
        next.append(m);
    }
    m_all = next;
    rebuildListed();
    return true;
}

bool EmulatedModels::setRetired(const QJsonValue &value, QString *error)
{
    if (!value.isArray()) {
        *error = QStringLiteral("config key 'retiredModels' must be an array of model ids");
        return false;
    }
    QList<RetiredModel> next;
    for (const QJsonValue &v : value.toArray()) {
        RetiredModel r;
        if (v.isString()) {
            r.id = bareId(v.toString());
        } else if (v.isObject()) {
            r.id = bareId(v.toObject().value(QStringLiteral("id")).toString());
            r.replacement = v.toObject().value(QStringLiteral("replacement")).toString();
            if (!r.replacement.isEmpty() && !r.replacement.startsWith(QLatin1String("models/")))
                r.replacement.prepend(QStringLiteral("models/"));
        }
        if (r.id.isEmpty()) {
            *error = QStringLiteral(
                "every entry of 'retiredModels' must be a model id or {\"id\", \"replacement\"}");
            return false;
        }
        next.append(r);
    }
    m_retired = next;
    rebuildListed();
    return true;
}

QJsonArray EmulatedModels::modelsJson() const
{
    QJsonArray out;
    for (const EmulatedModel &m : m_all)
        out.append(m.resource);
    return out;
}

QJsonArray EmulatedModels::retiredJson() const
{
    QJsonArray out;
    for (const RetiredModel &r : m_retired) {
        if (r.replacement.isEmpty())
            out.append(r.id);
        else
            out.append(QJsonObject {
                { QStringLiteral("id"), r.id }, { QStringLiteral("replacement"), r.replacement } });
    }
    return out;
}

} // namespace bb::emulator
