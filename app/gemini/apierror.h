#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

namespace bb::gemini {

// One entry of a google.rpc.QuotaFailure detail.
struct QuotaViolation
{
    QString quotaMetric;
    QString quotaId;
    QMap<QString, QString> quotaDimensions; // e.g. location, model
    QString quotaValue; // the limit, an int64 sent as a string
};

// One entry of a google.rpc.Help detail.
struct HelpLink
{
    QString description;
    QUrl url;
};

// A google.rpc.ErrorInfo detail.
struct ErrorInfo
{
    QString reason; // e.g. API_KEY_INVALID
    QString domain;
    QMap<QString, QString> metadata;
};

// Every failure of a Gemini call: what the server said (google.rpc.Status), what the transport
// said, and a classification the engine can act on. Messages are developer English; the ui
// renders user-facing text from kind, classification and the codes.
struct ApiError
{
    Q_GADGET

public:
    // Where the failure happened.
    enum class Kind
    {
        None, // no error
        Http, // the server answered with a non-2xx status
        Network, // transport failure (reset, refused, TLS, ...): see networkError
        Timeout, // no progress within the request timeout
        Aborted, // abort()/cancel() by the caller
        MalformedResponse, // a reply we could not understand (non-JSON, wrong types, missing fields)
        Protocol, // a well-formed reply that breaks the upload protocol
        LocalFile, // reading the upload source or writing the download target failed
        Refused, // refused before sending: URL policy (plain http to a remote host), bad argument
    };
    Q_ENUM(Kind)

    // What the engine should do about it.
    enum class Classification
    {
        None, // no error
        Transient, // 5xx, 408, timeouts, resets: retry with backoff
        RateLimited, // 429 per-minute quota: retry after retryDelaySeconds (if known)
        DailyQuotaExhausted, // 429 with a PerDay quotaId: wait until retryAt (midnight Pacific)
        BatchCapacityExhausted, // 429 without QuotaFailure/RetryInfo: concurrency, tokens, storage
        BadApiKey, // API_KEY_INVALID: stop everything
        ProxyFailure, // the proxy refused us, wants credentials or refused the tunnel: fix the settings
        FileGone, // 403 "... or it may not exist" / 404 for a file: expired or deleted
        ModelUnavailable, // 404 for the model of a create: retired, or not offered to this key
        BillingStopped, // prepay credits depleted, spend cap or tier cap reached, billing not linked
        InvalidRequest, // other 4xx, refused requests: retrying the same thing cannot help
        Aborted, // cancelled by the caller
        LocalError, // local disk/file failure
        Unknown,
    };
    Q_ENUM(Classification)

    Kind kind = Kind::None;
    Classification classification = Classification::None;

    int httpStatus = 0; // 0 when no HTTP response arrived
    QString status; // canonical google.rpc code name, e.g. RESOURCE_EXHAUSTED
    QString message; // server message, or a developer-English description of the failure
    QList<QuotaViolation> quotaViolations;
    double retryDelaySeconds = -1; // RetryInfo.retryDelay ("45.837906927s"), -1 when absent
    QList<HelpLink> helpLinks;
    bool hasErrorInfo = false;
    ErrorInfo errorInfo;

    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString; // Qt's own (untranslated) text, for logs
    QString proxy; // host:port of the proxy the request went through, empty when direct

    QDateTime serverTime; // the reply's Date header, when there was one
    QDateTime retryAt; // DailyQuotaExhausted: next midnight America/Los_Angeles (UTC value)
    QString operation; // e.g. "files.get", "upload.chunk": where it happened
    QByteArray bodyExcerpt; // start of the raw reply body, for diagnostics

    bool isError() const { return kind != Kind::None; }
    // The RetryInfo delay in milliseconds, -1 when the server gave none.
    qint64 retryDelayMs() const;
    // The violation that made this a daily-quota error, if any.
    bool hasPerDayViolation() const;
    // BillingStopped: the page where the user can fix it (a link in the reply, else Google's
    // billing page).
    QUrl billingUrl() const;
    // A one-line developer-English summary for logs.
    QString toString() const;

    static ApiError make(Kind kind, Classification classification, const QString &message);
};

// Short developer-English description of a transport error (one function for all of them).
QString describeNetworkError(QNetworkReply::NetworkError error);
// Transport errors that are the proxy's (not the server's) and that retrying cannot fix: the proxy
// refused the connection, is not found, wants credentials, or refused the tunnel.
bool isProxyFailure(QNetworkReply::NetworkError error);
// The error of a connection whose peer is the proxy (not the server): refused → proxy refused,
// host not found → proxy not found; others unchanged.
QNetworkReply::NetworkError peerIsTheProxy(QNetworkReply::NetworkError error);
// "the proxy at HOST:PORT ..." for such an error (developer English, like every message here).
QString describeProxyFailure(QNetworkReply::NetworkError error, const QString &proxy);
// Whether a transport error is worth retrying (resets, timeouts, refused connections).
bool isTransientNetworkError(QNetworkReply::NetworkError error);
// Midnight in America/Los_Angeles strictly after `time`, as UTC — when per-day quotas reset.
QDateTime pacificMidnightAfter(const QDateTime &time);
QString kindName(ApiError::Kind kind);
QString classificationName(ApiError::Classification classification);

} // namespace bb::gemini
