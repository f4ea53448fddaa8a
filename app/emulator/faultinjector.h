#pragma once

#include "httpexchange.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QRandomGenerator>
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

    // A real 429 body instead of `body` (limits-and-errors.md §3): RetryInfo per-minute quota,
    // PerDay quota (short retryDelay all the same) or batch capacity without details.
    enum class Quota
    {
        None,
        PerMinute,
        PerDay,
        Capacity,
    };

    QString name; // tally key in /emulator/state "faultsFired"; default from action and status
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
    bool afterBytesRandom = false; // "afterBytes":"random": uniform within the chunk's body
    double probability = 1.0; // fires on this fraction of matching requests (seeded, see seed)
    int burst = 1; // once fired, also fires on the next burst-1 matching requests
    Quota quota = Quota::None;
    QString preset; // a FaultPresets name: status and body come from there
    QByteArray presetBody; // filled when the rule fires (the body may name the request's model)
    int fired = 0;
    int burstLeft = 0;

    static QString actionName(Action action);
    static QString quotaName(Quota quota);
    QString tallyName() const;
    HttpResponse response() const;
};

// Fault rules from POST /emulator/faults, matched in order against each API request. Rules with
// a probability draw from one generator seeded by `seed` (POST /emulator/faults {"seed": n}), so
// the same seed and the same request sequence fire the same faults.
class FaultInjector final
{
public:
    bool add(const QJsonArray &rules, QString *error);
    void clear() { m_rules.clear(); }
    void setSeed(quint64 seed);
    quint64 seed() const { return m_seed; }
    // Forgets rules, tally and seed (POST /emulator/reset).
    void resetAll();
    // The first live rule matching the request; counts one firing.
    std::optional<FaultRule> take(const HttpRequest &request);
    QJsonArray toJson() const;
    // Firings per tally name since the last reset (kept across rule replacement).
    QJsonObject firedByName() const;

private:
    static bool parse(const QJsonObject &o, FaultRule *rule, QString *error);
    bool draws(FaultRule &rule);

    QList<FaultRule> m_rules;
    QMap<QString, int> m_fired;
    quint64 m_seed = 1;
    QRandomGenerator m_random { 1 };
};

} // namespace bb::emulator
