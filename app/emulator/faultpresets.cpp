#include "faultpresets.h"

#include "googleerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bb::emulator {
namespace {

const QString kPrepay = QStringLiteral("Your prepayment credits are depleted. Please go to AI Studio at "
                                       "https://ai.studio/projects to manage your project and billing.");

// Composed: no capture of the billing-cap or tier-drop bodies was found (see README).
const QString kBillingCap = QStringLiteral(
    "Your project has reached the monthly spend cap of its billing tier. Requests are paused until the "
    "cap resets or the project moves to a higher tier. Please go to AI Studio at https://ai.studio/projects "
    "to manage your project and billing.");
const QString kTierDrop = QStringLiteral(
    "Your project's usage tier was lowered, so the requested capacity is no longer available to it. Please "
    "go to AI Studio at https://ai.studio/projects to manage your project and billing.");

QByteArray errorBody(int status, const QString &message)
{
    return GoogleError::make(status, message).body();
}

// Like the live bodies of a Tier-1 key whose billing is not linked yet (forum t/114413): free-tier
// metrics at limit 0. quotaValue is an int64, so a zero limit leaves it out; the message gives the
// fractional delay, RetryInfo the whole seconds.
QByteArray freeTierLimitZero(const QString &model)
{
    struct Violation
    {
        const char *metric;
        const char *quotaId;
    };
    const Violation violations[] = {
        { "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            "GenerateRequestsPerDayPerProjectPerModel-FreeTier" },
        { "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" },
        { "generativelanguage.googleapis.com/generate_content_free_tier_input_token_count",
            "GenerateContentInputTokensPerModelPerMinute-FreeTier" },
    };
    QString message
        = QStringLiteral("You exceeded your current quota, please check your plan and billing details. For "
                         "more information on "
                         "this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor "
                         "your current usage, "
                         "head to: https://ai.dev/rate-limit. ");
    QJsonArray list;
    for (const Violation &v : violations) {
        message += QStringLiteral("\n* Quota exceeded for metric: %1, limit: 0, model: %2")
                       .arg(QLatin1String(v.metric), model);
        list.append(QJsonObject {
            { QStringLiteral("quotaMetric"), QLatin1String(v.metric) },
            { QStringLiteral("quotaId"), QLatin1String(v.quotaId) },
            { QStringLiteral("quotaDimensions"),
                QJsonObject { { QStringLiteral("location"), QStringLiteral("global") },
                    { QStringLiteral("model"), model } } },
        });
    }
    message += QStringLiteral("\nPlease retry in 10.689924287s.");
    GoogleError e = GoogleError::make(429, message);
    e.details = QJsonArray {
        QJsonObject {
            { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.Help") },
            { QStringLiteral("links"),
                QJsonArray { QJsonObject {
                    { QStringLiteral("description"), QStringLiteral("Learn more about Gemini API quotas") },
                    { QStringLiteral("url"),
                        QStringLiteral("https://ai.google.dev/gemini-api/docs/rate-limits") },
                } } },
        },
        QJsonObject {
            { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.QuotaFailure") },
            { QStringLiteral("violations"), list } },
        QJsonObject { { QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.RetryInfo") },
            { QStringLiteral("retryDelay"), QStringLiteral("10s") } },
    };
    return e.body();
}

} // namespace

QStringList FaultPresets::names()
{
    return { QStringLiteral("quota-no-details"), QStringLiteral("prepay-depleted-429"),
        QStringLiteral("prepay-depleted-402"), QStringLiteral("billing-cap"), QStringLiteral("tier-drop"),
        QStringLiteral("free-tier-limit-0"), QStringLiteral("unavailable-empty") };
}

bool FaultPresets::isKnown(const QString &name)
{
    return names().contains(name);
}

int FaultPresets::status(const QString &name)
{
    if (name == QLatin1String("prepay-depleted-402"))
        return 402;
    if (name == QLatin1String("unavailable-empty"))
        return 503;
    return 429;
}

QByteArray FaultPresets::body(const QString &name, const QString &model)
{
    if (name == QLatin1String("quota-no-details"))
        return errorBody(429, QStringLiteral("Resource has been exhausted (e.g. check quota)."));
    if (name == QLatin1String("prepay-depleted-429"))
        return errorBody(429, kPrepay);
    if (name == QLatin1String("prepay-depleted-402"))
        return errorBody(402, kPrepay);
    if (name == QLatin1String("billing-cap"))
        return errorBody(429, kBillingCap);
    if (name == QLatin1String("tier-drop"))
        return errorBody(429, kTierDrop);
    if (name == QLatin1String("free-tier-limit-0"))
        return freeTierLimitZero(model);
    // python-genai#2489, byte for byte: a non-canonical status and an empty message.
    return QByteArrayLiteral(R"({"error":{"message":"","code":503,"status":"Service Unavailable"}})");
}

} // namespace bb::emulator
