#include "enginecontext.h"

#include "apierror.h"

#include <QJsonArray>
#include <QMetaEnum>

namespace bb {

FailureKind failureKindOf(const gemini::ApiError &error)
{
    using C = gemini::ApiError::Classification;
    switch (error.classification) {
    case C::RateLimited:
        return FailureKind::RateLimited;
    case C::DailyQuotaExhausted:
        return FailureKind::DailyQuota;
    case C::BatchCapacityExhausted:
        return FailureKind::BatchCapacity;
    case C::BadApiKey:
        return FailureKind::BadKey;
    case C::FileGone:
        return FailureKind::FileGone;
    case C::ModelUnavailable:
        return FailureKind::ModelUnavailable;
    case C::BillingStopped:
        return FailureKind::Billing;
    case C::InvalidRequest:
    case C::LocalError:
        return FailureKind::Invalid;
    case C::Transient:
    case C::ProxyFailure: // not the batch's fault: it waits; the run stops at the reconcile (below)
    case C::Aborted:
    case C::Unknown:
    case C::None:
        return FailureKind::Transient;
    }
    return FailureKind::Transient;
}

QString describe(const gemini::ApiError &error)
{
    QString text = error.httpStatus > 0 ? QStringLiteral("HTTP %1").arg(error.httpStatus) : QString();
    if (!error.status.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + error.status;
    if (!error.message.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + error.message.section(u'\n', 0, 0);
    return text.isEmpty() ? error.toString() : text;
}

QJsonObject errorDetails(const gemini::ApiError &error)
{
    const char *classification
        = QMetaEnum::fromType<gemini::ApiError::Classification>().valueToKey(int(error.classification));
    QJsonObject details { { QStringLiteral("classification"),
                              QString::fromLatin1(classification ? classification : "") },
        { QStringLiteral("operation"), error.operation } };
    if (error.httpStatus > 0)
        details.insert(QStringLiteral("http"), error.httpStatus);
    if (!error.status.isEmpty())
        details.insert(QStringLiteral("status"), error.status);
    if (error.retryDelaySeconds >= 0)
        details.insert(QStringLiteral("retryDelaySeconds"), error.retryDelaySeconds);
    QJsonArray quotaIds;
    for (const gemini::QuotaViolation &v : error.quotaViolations)
        quotaIds.append(v.quotaId);
    if (!quotaIds.isEmpty())
        details.insert(QStringLiteral("quotaIds"), quotaIds);
    if (error.retryAt.isValid())
        details.insert(QStringLiteral("retryAt"), error.retryAt.toString(Qt::ISODate));
    return details;
}

WaitReason CreateStop::waitReason() const
{
    switch (cause) {
    case Cause::Model:
        return WaitReason::ModelUnavailable;
    case Cause::Billing:
        return WaitReason::Billing;
    case Cause::None:
        break;
    }
    return WaitReason::None;
}

QJsonObject FailureAlarm::toJson() const
{
    return { { QStringLiteral("batch"), batchId }, { QStringLiteral("name"), batchName },
        { QStringLiteral("failed"), failed }, { QStringLiteral("total"), total },
        { QStringLiteral("errors"), QJsonArray::fromStringList(errors) } };
}

FailureAlarm FailureAlarm::fromJson(const QJsonObject &o)
{
    FailureAlarm a;
    a.batchId = o.value(QStringLiteral("batch")).toInteger();
    a.batchName = o.value(QStringLiteral("name")).toString();
    a.failed = o.value(QStringLiteral("failed")).toInteger();
    a.total = o.value(QStringLiteral("total")).toInteger();
    for (const QJsonValue &e : o.value(QStringLiteral("errors")).toArray())
        a.errors.append(e.toString());
    return a;
}

} // namespace bb
