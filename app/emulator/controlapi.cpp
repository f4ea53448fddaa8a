#include "controlapi.h"

#include "emulatorcontext.h"
#include "jsonfields.h"

#include <cmath>

namespace bb::emulator {
namespace {

HttpResponse badRequest(const QString &message)
{
    return HttpResponse::error(GoogleError::invalidArgument(message));
}

} // namespace

ControlApi::ControlApi(EmulatorContext &context, std::function<void()> reset)
    : m_ctx(context)
    , m_reset(std::move(reset))
{
}

HttpResponse ControlApi::handle(const HttpRequest &request, qint64 nowUs)
{
    QString path = request.path;
    while (path.endsWith(QLatin1Char('/')) && path.size() > 1)
        path.chop(1);
    const QByteArray &method = request.method;

    if (path == QLatin1String("/emulator/state") && method == "GET")
        return HttpResponse::json(state(nowUs));
    if (path == QLatin1String("/emulator/clock"))
        return clock(request);
    if (path == QLatin1String("/emulator/config"))
        return config(request);
    if (path == QLatin1String("/emulator/faults"))
        return faults(request);
    if (path == QLatin1String("/emulator/requests"))
        return requests(request);
    if (path == QLatin1String("/emulator/reset") && method == "POST") {
        m_reset();
        return HttpResponse::json(
            QJsonObject { { QStringLiteral("now"), EmulatorClock::rfc3339(m_ctx.clock.nowUs()) } });
    }
    return HttpResponse::error(GoogleError::notFound(
        QStringLiteral("Unknown control endpoint %1 %2.").arg(QString::fromLatin1(method), request.path)));
}

HttpResponse ControlApi::clock(const HttpRequest &request)
{
    if (request.method == "POST") {
        QJsonObject body;
        QString error;
        if (!json::parseObject(request.body, &body, &error))
            return badRequest(error);
        const QJsonValue advance = json::field(body, QLatin1StringView("advanceSeconds"));
        const QJsonValue speed = json::field(body, QLatin1StringView("speed"));
        std::optional<double> seconds, newSpeed;
        if (!advance.isUndefined()) {
            seconds = json::toDouble(advance);
            if (!seconds || *seconds < 0 || *seconds > 1e10)
                return badRequest(QStringLiteral("advanceSeconds must be a number between 0 and 1e10"));
        }
        if (!speed.isUndefined()) {
            newSpeed = json::toDouble(speed);
            if (!newSpeed || *newSpeed <= 0 || *newSpeed > 1e6)
                return badRequest(QStringLiteral("speed must be a number in (0, 1e6]"));
        }
        if (seconds)
            m_ctx.clock.advance(qint64(std::llround(*seconds * 1e6)));
        if (newSpeed) {
            m_ctx.clock.setSpeed(*newSpeed);
            m_ctx.config.speed = *newSpeed;
        }
    } else if (request.method != "GET") {
        return badRequest(QStringLiteral("use GET or POST"));
    }
    const qint64 now = m_ctx.clock.nowUs();
    m_ctx.refresh(now);
    return HttpResponse::json(QJsonObject { { QStringLiteral("now"), EmulatorClock::rfc3339(now) },
        { QStringLiteral("speed"), m_ctx.clock.speed() } });
}

HttpResponse ControlApi::config(const HttpRequest &request)
{
    if (request.method == "POST") {
        QJsonObject body;
        QString error;
        if (!json::parseObject(request.body, &body, &error))
            return badRequest(error);
        if (!m_ctx.config.merge(body, &error))
            return badRequest(error);
        m_ctx.clock.setSpeed(m_ctx.config.speed);
    } else if (request.method != "GET") {
        return badRequest(QStringLiteral("use GET or POST"));
    }
    return HttpResponse::json(m_ctx.config.toJson());
}

HttpResponse ControlApi::faults(const HttpRequest &request)
{
    if (request.method == "DELETE") {
        m_ctx.faults.clear();
    } else if (request.method == "POST") {
        QJsonObject body;
        QString error;
        if (!json::parseObject(request.body, &body, &error))
            return badRequest(error);
        if (body.value(QStringLiteral("replace")).toBool())
            m_ctx.faults.clear();
        const QJsonValue seed = body.value(QStringLiteral("seed"));
        if (!seed.isUndefined()) {
            const auto n = json::toInt64(seed);
            if (!n || *n < 0)
                return badRequest(QStringLiteral("seed must be a non-negative integer"));
            m_ctx.faults.setSeed(quint64(*n));
        }
        const QJsonValue rules = body.value(QStringLiteral("rules"));
        if (!rules.isUndefined() && !rules.isArray())
            return badRequest(QStringLiteral("rules must be an array"));
        if (!m_ctx.faults.add(rules.toArray(), &error))
            return badRequest(error);
    } else if (request.method != "GET") {
        return badRequest(QStringLiteral("use GET, POST or DELETE"));
    }
    return HttpResponse::json(QJsonObject { { QStringLiteral("rules"), m_ctx.faults.toJson() } });
}

HttpResponse ControlApi::requests(const HttpRequest &request)
{
    if (request.method == "DELETE") {
        m_ctx.log.clear();
        return HttpResponse::json(QJsonObject { { QStringLiteral("requests"), QJsonArray() } });
    }
    if (request.method != "GET")
        return badRequest(QStringLiteral("use GET or DELETE"));
    const quint64 since = request.queryValue(QStringLiteral("since")).toULongLong();
    return HttpResponse::json(QJsonObject { { QStringLiteral("requests"), m_ctx.log.entries(since) } });
}

QJsonObject ControlApi::state(qint64 nowUs) const
{
    QJsonArray files;
    for (const StoredFile *f : m_ctx.files.all())
        files.append(FileStore::toJson(*f, nowUs));
    QJsonArray batches;
    for (const BatchRecord *b : m_ctx.batches.all())
        batches.append(BatchStore::operationJson(*b, nowUs, true));
    QJsonArray sessions;
    for (const UploadSession *s : m_ctx.uploads.all()) {
        QJsonObject o {
            { QStringLiteral("id"), s->id },
            { QStringLiteral("status"), UploadSession::statusName(s->status) },
            { QStringLiteral("received"), double(s->received) },
            { QStringLiteral("declaredSize"), double(s->declaredSize) },
            { QStringLiteral("displayName"), s->displayName },
        };
        if (!s->fileId.isEmpty())
            o.insert(QStringLiteral("file"), QString(QStringLiteral("files/") + s->fileId));
        sessions.append(o);
    }
    QJsonObject byDisplayName;
    const auto &creates = m_ctx.batches.createsByDisplayName();
    for (auto it = creates.cbegin(); it != creates.cend(); ++it)
        byDisplayName.insert(it.key(), it.value());

    return QJsonObject {
        { QStringLiteral("now"), EmulatorClock::rfc3339(nowUs) },
        { QStringLiteral("speed"), m_ctx.clock.speed() },
        { QStringLiteral("files"), files },
        { QStringLiteral("batches"), batches },
        { QStringLiteral("uploadSessions"), sessions },
        { QStringLiteral("requestCounts"), m_ctx.log.requestCounts() },
        { QStringLiteral("uploadCommands"), m_ctx.log.uploadCommands() },
        { QStringLiteral("batchCreatesByDisplayName"), byDisplayName },
        { QStringLiteral("responses429"), m_ctx.log.responses429() },
        { QStringLiteral("usage"),
            QJsonObject {
                { QStringLiteral("storageBytes"), double(m_ctx.files.uploadedBytes()) },
                { QStringLiteral("activeBatches"), m_ctx.batches.activeCount() },
                { QStringLiteral("enqueuedTokens"), m_ctx.batches.enqueuedTokensByModel() },
            } },
        { QStringLiteral("quotas"), m_ctx.quotas.toJson(nowUs) },
        { QStringLiteral("faults"), m_ctx.faults.toJson() },
        { QStringLiteral("faultsFired"), m_ctx.faults.firedByName() },
        { QStringLiteral("faultSeed"), double(m_ctx.faults.seed()) },
        { QStringLiteral("config"), m_ctx.config.toJson() },
    };
}

} // namespace bb::emulator
