#include "faultinjector.h"

#include "faultpresets.h"
#include "googleerror.h"
#include "jsonfields.h"

#include <QJsonDocument>

namespace bb::emulator {
namespace {

const QString kCreateMetric = QStringLiteral("generativelanguage.googleapis.com/batch_create_requests");

// The model of ".../models/<model>:batchGenerateContent", for the QuotaFailure dimension.
QString modelOf(const QString &path)
{
    const qsizetype at = path.indexOf(QLatin1String("/models/"));
    if (at < 0)
        return QStringLiteral("gemini-3.5-flash");
    const QString rest = path.mid(at + 8);
    return rest.left(rest.indexOf(QLatin1Char(':')));
}

QJsonObject quotaBody(FaultRule::Quota kind, const HttpRequest &request, qint64 retryDelayUs)
{
    if (kind == FaultRule::Quota::Capacity)
        return GoogleError::capacityExhausted(false).toJson();
    GoogleError::Quota q;
    q.metric = kCreateMetric;
    q.model = modelOf(request.path);
    q.retryDelayUs = retryDelayUs;
    if (kind == FaultRule::Quota::PerDay) {
        q.quotaId = QStringLiteral("BatchCreateRequestsPerDayPerProjectPerModel");
        q.limit = 500;
        q.withHelpLink = false;
    } else {
        q.quotaId = QStringLiteral("BatchCreateRequestsPerMinutePerProjectPerModel");
        q.limit = 100;
    }
    return GoogleError::quotaExceeded(q).toJson();
}

} // namespace

QString FaultRule::actionName(Action action)
{
    switch (action) {
    case Action::Respond:
        return QStringLiteral("respond");
    case Action::Reset:
        return QStringLiteral("reset");
    case Action::Hang:
        return QStringLiteral("hang");
    case Action::Delay:
        return QStringLiteral("delay");
    }
    return QStringLiteral("respond");
}

QString FaultRule::quotaName(Quota quota)
{
    switch (quota) {
    case Quota::None:
        return QString();
    case Quota::PerMinute:
        return QStringLiteral("perMinute");
    case Quota::PerDay:
        return QStringLiteral("perDay");
    case Quota::Capacity:
        return QStringLiteral("capacity");
    }
    return QString();
}

QString FaultRule::tallyName() const
{
    if (!name.isEmpty())
        return name;
    if (!preset.isEmpty())
        return QStringLiteral("preset-") + preset;
    if (quota != Quota::None)
        return QStringLiteral("429-") + quotaName(quota);
    if (action == Action::Respond)
        return QStringLiteral("respond-%1").arg(status);
    return actionName(action);
}

HttpResponse FaultRule::response() const
{
    HttpResponse r;
    if (!preset.isEmpty()) {
        r = HttpResponse::json(QJsonObject(), status);
        r.body = presetBody;
    } else if (body.isObject() || body.isArray()) {
        r = HttpResponse::json(QJsonObject(), status);
        r.body = body.isObject() ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Indented)
                                 : QJsonDocument(body.toArray()).toJson(QJsonDocument::Indented);
    } else if (body.isString()) {
        r.status = status;
        const QByteArray text = body.toString().toUtf8();
        r.headers.append({ QByteArrayLiteral("Content-Type"),
            text.trimmed().startsWith('<') ? QByteArrayLiteral("text/html; charset=UTF-8")
                                           : QByteArrayLiteral("text/plain; charset=UTF-8") });
        r.body = text;
    } else if (status >= 400) {
        r = HttpResponse::error(GoogleError::make(status, QString()));
    } else {
        r = HttpResponse::json(QJsonObject(), status);
    }
    for (auto it = headers.begin(); it != headers.end(); ++it)
        r.setHeader(it.key().toLatin1(), it.value().toVariant().toString().toLatin1());
    return r;
}

bool FaultInjector::parse(const QJsonObject &o, FaultRule *rule, QString *error)
{
    rule->name = o.value(QStringLiteral("name")).toString();
    rule->method = o.value(QStringLiteral("method")).toString().toUpper();
    rule->pattern = o.value(QStringLiteral("path")).toString();
    rule->path = QRegularExpression(rule->pattern);
    if (!rule->path.isValid()) {
        *error = QStringLiteral("invalid path regex '%1': %2").arg(rule->pattern, rule->path.errorString());
        return false;
    }
    rule->command = o.value(QStringLiteral("command")).toString().toLower();

    const QJsonValue afterBytesValue = json::field(o, QLatin1StringView("afterBytes"));
    rule->afterBytesRandom = afterBytesValue.toString() == QLatin1String("random");
    const auto afterBytes = json::toInt64(afterBytesValue);
    rule->afterBytes = rule->afterBytesRandom ? 0 : afterBytes && *afterBytes >= 0 ? *afterBytes : -1;

    const QJsonValue probability = o.value(QStringLiteral("probability"));
    if (!probability.isUndefined()) {
        rule->probability = probability.toDouble(-1);
        if (!probability.isDouble() || rule->probability < 0 || rule->probability > 1) {
            *error = QStringLiteral("fault probability must be a number between 0 and 1");
            return false;
        }
    }
    rule->burst
        = int(std::clamp<qint64>(json::toInt64(o.value(QStringLiteral("burst"))).value_or(1), 1, 1000000));
    const QString quota = o.value(QStringLiteral("quota")).toString();
    if (quota == QLatin1String("perMinute"))
        rule->quota = FaultRule::Quota::PerMinute;
    else if (quota == QLatin1String("perDay"))
        rule->quota = FaultRule::Quota::PerDay;
    else if (quota == QLatin1String("capacity"))
        rule->quota = FaultRule::Quota::Capacity;
    else if (!quota.isEmpty()) {
        *error = QStringLiteral("unknown fault quota '%1' (perMinute|perDay|capacity)").arg(quota);
        return false;
    }

    const QString action = o.value(QStringLiteral("action")).toString().toLower();
    if (action == QLatin1String("respond"))
        rule->action = FaultRule::Action::Respond;
    else if (action == QLatin1String("reset"))
        rule->action = FaultRule::Action::Reset;
    else if (action == QLatin1String("hang"))
        rule->action = FaultRule::Action::Hang;
    else if (action == QLatin1String("delay"))
        rule->action = FaultRule::Action::Delay;
    else if (action.isEmpty())
        rule->action = rule->afterBytes >= 0 ? FaultRule::Action::Reset : FaultRule::Action::Respond;
    else {
        *error = QStringLiteral("unknown fault action '%1' (respond|reset|hang|delay)").arg(action);
        return false;
    }

    if (const auto status = json::toInt64(o.value(QStringLiteral("status")))) {
        if (*status < 100 || *status > 599) {
            *error = QStringLiteral("fault status %1 is not an HTTP status").arg(*status);
            return false;
        }
        rule->status = int(*status);
    }
    if (rule->quota != FaultRule::Quota::None)
        rule->status = 429;
    rule->preset = o.value(QStringLiteral("preset")).toString();
    if (!rule->preset.isEmpty()) {
        if (!FaultPresets::isKnown(rule->preset)) {
            *error = QStringLiteral("unknown fault preset '%1' (%2)")
                         .arg(rule->preset, FaultPresets::names().join(QLatin1Char('|')));
            return false;
        }
        if (rule->quota != FaultRule::Quota::None || o.contains(QStringLiteral("body"))) {
            *error = QStringLiteral("a fault rule takes a preset or a body/quota, not both");
            return false;
        }
        rule->status = FaultPresets::status(rule->preset);
    }
    rule->body = o.value(QStringLiteral("body"));
    rule->headers = o.value(QStringLiteral("headers")).toObject();
    rule->delayMs = int(std::clamp<qint64>(
        json::toInt64(json::field(o, QLatin1StringView("delayMs"))).value_or(0), 0, 3600 * 1000));
    rule->times = int(std::max<qint64>(0, json::toInt64(o.value(QStringLiteral("times"))).value_or(0)));
    return true;
}

bool FaultInjector::add(const QJsonArray &rules, QString *error)
{
    QList<FaultRule> parsed;
    for (const QJsonValue &v : rules) {
        if (!v.isObject()) {
            *error = QStringLiteral("every fault rule must be an object");
            return false;
        }
        FaultRule rule;
        if (!parse(v.toObject(), &rule, error))
            return false;
        parsed.append(rule);
    }
    m_rules.append(parsed);
    return true;
}

void FaultInjector::setSeed(quint64 seed)
{
    m_seed = seed;
    m_random.seed(quint32(seed ^ (seed >> 32)));
}

void FaultInjector::resetAll()
{
    m_rules.clear();
    m_fired.clear();
    setSeed(1);
}

bool FaultInjector::draws(FaultRule &rule)
{
    if (rule.burstLeft > 0) {
        --rule.burstLeft;
        return true;
    }
    if (rule.probability < 1.0 && m_random.generateDouble() >= rule.probability)
        return false;
    rule.burstLeft = rule.burst - 1;
    return true;
}

QJsonObject FaultInjector::firedByName() const
{
    QJsonObject out;
    for (auto it = m_fired.cbegin(); it != m_fired.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

std::optional<FaultRule> FaultInjector::take(const HttpRequest &request)
{
    const QString pathAndQuery
        = request.rawQuery.isEmpty() ? request.path : request.path + QLatin1Char('?') + request.rawQuery;
    const QString command = QString::fromLatin1(request.header("x-goog-upload-command")).toLower();
    for (FaultRule &rule : m_rules) {
        if (rule.times > 0 && rule.fired >= rule.times)
            continue;
        if (!rule.method.isEmpty() && rule.method != QString::fromLatin1(request.method))
            continue;
        if (!rule.command.isEmpty() && !command.contains(rule.command))
            continue;
        if (!rule.pattern.isEmpty() && !rule.path.match(request.path).hasMatch()
            && !rule.path.match(pathAndQuery).hasMatch())
            continue;
        if (!draws(rule))
            continue;
        ++rule.fired;
        m_fired[rule.tallyName()] += 1;
        FaultRule fired = rule;
        if (rule.afterBytesRandom)
            fired.afterBytes = request.body.isEmpty() ? 0 : m_random.bounded(qint64(request.body.size()));
        if (rule.quota != FaultRule::Quota::None)
            fired.body = quotaBody(rule.quota, request, qint64(m_random.bounded(1, 60)) * 1000000);
        if (!rule.preset.isEmpty())
            fired.presetBody = FaultPresets::body(rule.preset, modelOf(request.path));
        return fired;
    }
    return std::nullopt;
}

QJsonArray FaultInjector::toJson() const
{
    QJsonArray out;
    for (const FaultRule &r : m_rules) {
        QJsonObject o {
            { QStringLiteral("method"), r.method },
            { QStringLiteral("path"), r.pattern },
            { QStringLiteral("action"), FaultRule::actionName(r.action) },
            { QStringLiteral("status"), r.status },
            { QStringLiteral("delayMs"), r.delayMs },
            { QStringLiteral("times"), r.times },
            { QStringLiteral("fired"), r.fired },
        };
        if (!r.command.isEmpty())
            o.insert(QStringLiteral("command"), r.command);
        if (r.afterBytesRandom)
            o.insert(QStringLiteral("afterBytes"), QStringLiteral("random"));
        else if (r.afterBytes >= 0)
            o.insert(QStringLiteral("afterBytes"), double(r.afterBytes));
        if (!r.name.isEmpty())
            o.insert(QStringLiteral("name"), r.name);
        if (r.probability < 1.0)
            o.insert(QStringLiteral("probability"), r.probability);
        if (r.burst > 1)
            o.insert(QStringLiteral("burst"), r.burst);
        if (r.quota != FaultRule::Quota::None)
            o.insert(QStringLiteral("quota"), FaultRule::quotaName(r.quota));
        if (!r.preset.isEmpty())
            o.insert(QStringLiteral("preset"), r.preset);
        if (!r.body.isUndefined() && !r.body.isNull())
            o.insert(QStringLiteral("body"), r.body);
        out.append(o);
    }
    return out;
}

} // namespace bb::emulator
