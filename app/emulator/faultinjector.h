#pragma once

#include "httpexchange.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace bb::emulator {

struct FaultRule
{
    enum class Action
    {
        Respond, // answer with `status` and `body` (default: Google's error body for the status)
        Reset, // abort the connection (after accepting `afterBytes` of an upload chunk, if set)
        Hang, // never answer
        Delay, // wait `delayMs`, then handle the request normally
    };

    QString method; // empty: any
    QString pattern; // regex, searched in the path and in "path?query"
    QRegularExpression path;
    QString command; // optional: substring of X-Goog-Upload-Command
    Action action = Action::Respond;
    int status = 503;
    QJsonValue body; // object/array → JSON; string → sent verbatim
    QJsonObject headers;
    int delayMs = 0; // for Delay; also a pre-delay for Respond and Reset
    int times = 0; // how often the rule may fire; 0 = unlimited
    qint64 afterBytes = -1;
    int fired = 0;

    static QString actionName(Action action);
    HttpResponse response() const;
};

// Fault rules from POST /emulator/faults, matched in order against each API request.
class FaultInjector final
{
public:
    bool add(const QJsonArray &rules, QString *error);
    void clear() { m_rules.clear(); }
    // The first live rule matching the request; counts one firing.
    std::optional<FaultRule> take(const HttpRequest &request);
    QJsonArray toJson() const;

private:
    static bool parse(const QJsonObject &o, FaultRule *rule, QString *error);

    QList<FaultRule> m_rules;
};

} // namespace bb::emulator
