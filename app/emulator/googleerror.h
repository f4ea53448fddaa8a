#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace bb::emulator {

// A google.rpc.Status as the REST surface returns it: {"error":{code,message,status,details?}}.
struct GoogleError
{
    int httpStatus = 500;
    QString status;
    QString message;
    QJsonArray details;

    QJsonObject toJson() const;
    QByteArray body() const;

    static GoogleError make(int httpStatus, const QString &message);
    static QString canonicalStatus(int httpStatus);
    static QString defaultMessage(int httpStatus);

    static GoogleError invalidArgument(const QString &message);
    static GoogleError failedPrecondition(const QString &message);
    static GoogleError notFound(const QString &message = {});
    static GoogleError alreadyExists(const QString &message);
    // Expired, deleted, foreign or never-existing files: 403, not 404 (limits-and-errors.md §4).
    static GoogleError fileNotAccessible(const QString &fileId);
    static GoogleError apiKeyInvalid();
    static GoogleError apiKeyMissing();
    static GoogleError fileIdTooLong();
    // changes-2026.md row 1: a model retired for this key ("models/x" named as successor, or
    // "a newer model" when `replacement` is empty) and one the key cannot use for `method`.
    static GoogleError modelRetired(const QString &model, const QString &replacement);
    static GoogleError modelNotFound(const QString &model, const QString &version, const QString &method);

    // 429 for batch capacity (concurrent jobs, enqueued tokens, storage): the real service sends
    // only a Help link or no details at all, never QuotaFailure/RetryInfo (limits-and-errors.md §3).
    static GoogleError capacityExhausted(bool withHelpLink);

    struct Quota
    {
        QString metric; // e.g. generativelanguage.googleapis.com/batch_create_requests
        QString quotaId; // e.g. BatchCreateRequestsPerMinutePerProjectPerModel
        QString model; // empty: no model dimension
        qint64 limit = 0;
        qint64 retryDelayUs = 0;
        bool withHelpLink = true;
    };
    // 429 with [Help?, QuotaFailure, RetryInfo] in the order real bodies use.
    static GoogleError quotaExceeded(const Quota &quota);
    // protobuf Duration JSON: "37s", "37.482913s".
    static QString durationString(qint64 us);
};

} // namespace bb::emulator
