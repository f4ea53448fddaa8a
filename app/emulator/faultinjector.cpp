#include "faultinjector.h"

#include "jsonfields.h"

#include <QJsonDocument>

namespace bb::emulator {

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

HttpResponse FaultRule::response() const
{
    HttpResponse r;
    if (body.isObject() || body.isArray()) {
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
    rule->method = o.value(QStringLiteral("method")).toString().toUpper();
    rule->pattern = o.value(QStringLiteral("path")).toString();
    rule->path = QRegularExpression(rule->pattern);
    if (!rule->path.isValid()) {
        *error = QStringLiteral("invalid path regex '%1': %2").arg(rule->pattern, rule->path.errorString());
        return false;
    }
    rule->command = o.value(QStringLiteral("command")).toString().toLower();

    const auto afterBytes = json::toInt64(json::field(o, QLatin1StringView("afterBytes")));
    rule->afterBytes = afterBytes && *afterBytes >= 0 ? *afterBytes : -1;

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
        ++rule.fired;
        return rule;
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
        if (r.afterBytes >= 0)
            o.insert(QStringLiteral("afterBytes"), double(r.afterBytes));
        if (!r.body.isUndefined() && !r.body.isNull())
            o.insert(QStringLiteral("body"), r.body);
        out.append(o);
    }
    return out;
}

} // namespace bb::emulator
