#include "modelsapi.h"

#include "emulatorcontext.h"
#include "inputvalidation.h"
#include "jsonfields.h"
#include "listrequest.h"
#include "responsesynth.h"

#include <QJsonArray>

namespace bb::emulator {

ModelsApi::ModelsApi(EmulatorContext &context)
    : m_ctx(context)
{
}

HttpResponse ModelsApi::list(const HttpRequest &request)
{
    ListRequest query;
    if (const auto bad
        = ListRequest::parse(request, m_ctx.config.quirks, &query, kDefaultPageSize, kMaxPageSize))
        return HttpResponse::error(*bad);
    if (query.answerEmpty)
        return HttpResponse::json(QJsonObject());
    // The catalog is fixed between config changes, so a page token is simply the next index.
    const QList<EmulatedModel> &models = m_ctx.config.models.listed();
    const qsizetype from = qsizetype(std::min<quint64>(query.page.afterSeq, quint64(models.size())));
    const qsizetype to = std::min<qsizetype>(models.size(), from + query.page.pageSize);
    QJsonArray page;
    for (qsizetype i = from; i < to; ++i)
        page.append(models[i].resource);
    QJsonObject out;
    if (!page.isEmpty())
        out.insert(QStringLiteral("models"), page);
    if (to < models.size())
        out.insert(QStringLiteral("nextPageToken"), paging::encodeToken(quint64(to)));
    return HttpResponse::json(out);
}

HttpResponse ModelsApi::get(const ApiRoute &route)
{
    if (const auto refused = m_ctx.config.models.refusal(route.id, QString(), route.version))
        return HttpResponse::error(*refused);
    return HttpResponse::json(m_ctx.config.models.find(route.id)->resource);
}

HttpResponse ModelsApi::generateContent(const HttpRequest &request, const ApiRoute &route)
{
    if (const auto refused
        = m_ctx.config.models.refusal(route.id, QStringLiteral("generateContent"), route.version))
        return HttpResponse::error(*refused);
    QJsonObject body;
    QString error;
    if (!json::parseObject(request.body, &body, &error))
        return HttpResponse::error(GoogleError::invalidArgument(error));
    // The body is a GenerateContentRequest: check it as the request of a batch line.
    const QString problem = InputValidation::lineProblem(
        json::serializeCompact(QJsonObject { { QStringLiteral("request"), body } }), BatchKind::Generate);
    if (!problem.isEmpty())
        return HttpResponse::error(
            GoogleError::invalidArgument(QStringLiteral("Invalid JSON payload received. ") + problem));
    const EmulatedModel *model = m_ctx.config.models.find(route.id);
    const QString seed = model->id + QLatin1Char('/') + QString::number(synth::hash64(request.body), 16);
    return HttpResponse::json(synth::generateContentResponse(body, model->id, seed, model->thinking));
}

} // namespace bb::emulator
