#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace bb {

enum class Severity
{
    Debug = 0,
    Info = 1,
    Warning = 2,
    Error = 3
};

// One line of a project's append-only history: an API attempt and its outcome, a 429 and how it
// was classified, a state change, an import. Lower layers fill codes and values; the activity log
// model turns them into translated text.
struct EventRecord
{
    qint64 id = 0;
    QDateTime at;
    qint64 batchId = 0; // 0 = project-wide
    QString kind; // "state", "api", "quota", "import", "engine", ...
    Severity severity = Severity::Info;
    QString code; // machine-readable detail of the kind, e.g. "create.429.capacity"
    QString message; // server or system text, verbatim (not translated)
    QJsonObject details;

    friend bool operator==(const EventRecord &, const EventRecord &) = default;
};

// What came back for one request key of the input.
enum class KeyOutcome
{
    Pending,
    Succeeded,
    Failed,
    Blocked,
    Missing
};

QString toCode(KeyOutcome outcome);
KeyOutcome keyOutcomeFromCode(QStringView code, bool *ok = nullptr);

struct KeyResult
{
    QString key;
    KeyOutcome outcome = KeyOutcome::Pending;
    qint64 resultBatchId = 0; // the batch (original or resubmission) whose results hold this key
    int errorCode = 0; // gRPC code of a failed line
    QString errorMessage;
    qint64 resultOffset = -1; // byte offset of the key's line in that batch's results file
    qint64 resultLength = 0;
    bool keyless = false; // the input line has no "key"; `key` is its implicit name
    // How the result line was found: by its key; or, having none, as the one answer of the one
    // request without a key; or by its position among several (the service promises no order).
    enum class Match
    {
        ByKey,
        OnlyRequest,
        ByPosition
    };
    Match match = Match::ByKey;
};

} // namespace bb

Q_DECLARE_METATYPE(bb::EventRecord)
