#include "eventrecord.h"

namespace bb {

QString toCode(KeyOutcome outcome)
{
    switch (outcome) {
    case KeyOutcome::Pending:
        return QStringLiteral("pending");
    case KeyOutcome::Succeeded:
        return QStringLiteral("succeeded");
    case KeyOutcome::Failed:
        return QStringLiteral("failed");
    case KeyOutcome::Blocked:
        return QStringLiteral("blocked");
    case KeyOutcome::Missing:
        return QStringLiteral("missing");
    }
    return QStringLiteral("pending");
}

KeyOutcome keyOutcomeFromCode(QStringView code, bool *ok)
{
    for (KeyOutcome o : { KeyOutcome::Pending, KeyOutcome::Succeeded, KeyOutcome::Failed, KeyOutcome::Blocked,
             KeyOutcome::Missing }) {
        if (code == toCode(o)) {
            if (ok)
                *ok = true;
            return o;
        }
    }
    if (ok)
        *ok = false;
    return KeyOutcome::Pending;
}

} // namespace bb
