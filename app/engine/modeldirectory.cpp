#include "modeldirectory.h"

#include "apierror.h"
#include "geminiclient.h"
#include "listalljobs.h"
#include "pricetable.h"
#include "projectsettings.h"

#include <QJsonArray>

namespace bb {
namespace {

constexpr int MaxListingAttempts = 5; // then a project without a model takes the built-in choice

// Offline, the models the built-in price data knows stand in for the key's list.
QString builtInDefaultModel()
{
    QStringList ids;
    for (const ModelPrice &p : PriceTable::published().prices)
        ids.append(p.model);
    return defaultBatchModel(ids);
}

ModelInfo toModelInfo(const gemini::GeminiModel &m)
{
    return { m.id(), m.baseModelId, m.version, m.displayName, m.inputTokenLimit, m.outputTokenLimit,
        m.supportedGenerationMethods, m.thinking };
}

} // namespace

ModelDirectory::ModelDirectory(EngineContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
}

void ModelDirectory::refresh()
{
    m_wanted = true;
    m_failures = 0;
    m_retryAt = {};
    pump();
}

QDateTime ModelDirectory::nextWake() const
{
    return m_wanted && !busy() ? m_retryAt : QDateTime();
}

void ModelDirectory::pump()
{
    if (!m_wanted || busy() || !m_context.running)
        return;
    if (m_retryAt.isValid() && m_retryAt > m_context.now())
        return;
    gemini::AllModelsJob *job = m_context.client->listAllModels();
    m_job = job;
    connect(job, &gemini::GeminiJob::finished, this, [this, job] { finished(job); });
    job->start();
}

void ModelDirectory::finished(gemini::AllModelsJob *job)
{
    m_job.clear();
    const auto result = job->result();
    if (result.ok()) {
        m_wanted = false;
        m_listed = true;
        m_failures = 0;
        m_retryAt = {};
        QList<ModelInfo> models;
        for (const gemini::GeminiModel &m : result.value)
            models.append(toModelInfo(m));
        m_context.models = models;
        QJsonArray offered;
        for (const ModelInfo &m : batchModels(models))
            offered.append(m.id);
        m_context.state->log(EngineState::event(0, QStringLiteral("engine"), QStringLiteral("models.listed"),
            Severity::Info, {}, { { QStringLiteral("batchModels"), offered } }));
        if (m_context.settings.model.isEmpty()) {
            const QString model = defaultBatchModel(models);
            if (!model.isEmpty())
                choose(model, QStringLiteral("models.list"));
            else
                choose(builtInDefaultModel(), QStringLiteral("built-in data (the key lists no batch model)"));
        }
        emit changed();
        return;
    }
    const gemini::ApiError &error = result.error;
    const FailureKind kind = failureKindOf(error);
    if (kind == FailureKind::BadKey) {
        m_wanted = false;
        emit fatal(describe(error));
        return;
    }
    ++m_failures;
    m_context.state->log(EngineState::event(0, QStringLiteral("engine"), QStringLiteral("models.list_failed"),
        Severity::Warning, describe(error), errorDetails(error)));
    const bool retryable = kind == FailureKind::Transient || kind == FailureKind::RateLimited
        || kind == FailureKind::BatchCapacity;
    if (!retryable || m_failures >= MaxListingAttempts) {
        m_wanted = false;
        if (m_context.settings.model.isEmpty())
            choose(builtInDefaultModel(), QStringLiteral("built-in data (the model list was not available)"));
    } else {
        m_retryAt = m_context.retry.plan(FailureKind::Transient, m_failures, m_context.now()).notBefore;
    }
    emit changed();
}

void ModelDirectory::choose(const QString &model, const QString &source)
{
    if (model.isEmpty())
        return;
    m_context.settings.model = model;
    saveProjectModel(*m_context.state->store(), model);
    m_context.state->log(EngineState::event(0, QStringLiteral("engine"), QStringLiteral("model.chosen"),
        Severity::Info, {}, { { QStringLiteral("model"), model }, { QStringLiteral("source"), source } }));
    emit modelChosen(model);
}

} // namespace bb
