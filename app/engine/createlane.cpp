#include "createlane.h"

#include "batchcalljobs.h"
#include "createbatchrequest.h"
#include "geminiclient.h"
#include "remotejob.h"

#include <QRegularExpression>

#include <algorithm>

namespace bb {
namespace {

// The service parses the whole input file on create and names the first bad line:
// "Error on line 3: invalid JSON, near column 23: …". As `file:line: reason` for the batch.
QString inputLineProblem(const QString &message, const BatchRecord &record)
{
    static const QRegularExpression lineError(QStringLiteral(R"(Error on line (\d+):\s*(.*))"));
    const QRegularExpressionMatch m = lineError.match(message);
    if (!m.hasMatch())
        return {};
    return QStringLiteral("%1:%2: %3").arg(record.uploadSource(), m.captured(1), m.captured(2).trimmed());
}

} // namespace

CreateLane::CreateLane(EngineContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_gate(context.retry)
{
}

QDateTime CreateLane::blockedUntil() const
{
    const QDateTime now = m_context.now();
    if (!m_gate.isOpen(now))
        return m_gate.opensAt();
    return m_pacedUntil.isValid() && m_pacedUntil > now ? m_pacedUntil : QDateTime();
}

WaitReason CreateLane::blockReason() const
{
    const QDateTime now = m_context.now();
    if (!m_gate.isOpen(now))
        return m_gate.reason();
    return m_pacedUntil.isValid() && m_pacedUntil > now ? WaitReason::RateLimit : WaitReason::None;
}

QDateTime CreateLane::nextWake() const
{
    const QDateTime now = m_context.now();
    // A capacity probe is due when the gate opens, so its time is the gate's.
    if (const QDateTime blocked = blockedUntil(); blocked.isValid())
        return blocked;
    if (const CanaryHold canary = canaryHold(m_context.state->list(), m_context.settings.canary, now);
        canary.holding)
        return canary.until;
    return m_context.state->earliestBackoff(
        now, [](const BatchRecord &r) { return r.state == BatchState::Uploaded; });
}

void CreateLane::markWaiting(const QList<qint64> &ids, WaitReason reason, const QDateTime &until)
{
    QList<BatchRecord> changed;
    for (qint64 id : ids) {
        const BatchRecord *r = m_context.state->find(id);
        if (!r || r->waitReason == WaitReason::Held || r->waitReason == WaitReason::NeedsUser
            || (r->waitReason == reason && r->nextAttemptAt == until))
            continue;
        BatchRecord w = *r;
        w.waitReason = reason;
        w.nextAttemptAt = until;
        changed.append(w);
    }
    if (!changed.isEmpty())
        m_context.state->commitAll(changed);
}

bool CreateLane::applySpendCap(const QList<BatchRecord> &records, QList<qint64> &order)
{
    if (!m_context.settings.cost.spendCapUsd)
        return !order.isEmpty();
    CostEstimator estimator;
    estimator.setSettings(m_context.settings.cost);
    estimator.setDefaultModel(m_context.settings.model);
    estimator.calibrate(records);
    // Skip the batches whose estimate would take the projected spend past the cap; a smaller
    // one further down the order may still fit.
    QList<qint64> overCap;
    while (!order.isEmpty()) {
        const BatchRecord *r = m_context.state->find(order.first());
        if (r && !estimator.wouldExceedCap(records, *r))
            break;
        overCap.append(order.takeFirst());
    }
    if (!overCap.isEmpty())
        markWaiting(overCap, WaitReason::SpendCap, {});
    return !order.isEmpty();
}

void CreateLane::pump()
{
    if (!m_context.running || busy())
        return;
    const QDateTime now = m_context.now();
    const QList<BatchRecord> records = m_context.state->list();
    QList<qint64> order;
    for (qint64 id : m_context.admission.createOrder(records, now)) {
        const BatchRecord *r = m_context.state->find(id);
        if (r->waitReason == WaitReason::Held || r->waitReason == WaitReason::NeedsUser)
            continue;
        if (r->waitReason == WaitReason::Backoff && r->nextAttemptAt.isValid() && r->nextAttemptAt > now)
            continue;
        order.append(id);
    }
    if (order.isEmpty())
        return;
    // Until the user acts, nothing is sent: waiting cannot change the answer.
    if (m_context.createStop.isActive()) {
        markWaiting(order, m_context.createStop.waitReason(), {});
        return;
    }
    // A project without a model gets one when the key's model list arrives.
    if (m_context.settings.model.isEmpty())
        return;
    // After any refusal, whatever its kind and whichever batch it was for, nothing is sent
    // before the lane's wait has passed.
    if (!m_gate.isOpen(now)) {
        markWaiting(order, m_gate.reason(), m_gate.opensAt());
        return;
    }

    // A job that came back with most lines failed holds every create until the user says go on.
    if (m_context.alarm.isActive()) {
        markWaiting(order, WaitReason::FailureAlarm, {});
        return;
    }
    if (!applySpendCap(records, order))
        return;
    // The project's first job runs alone for a while.
    if (const CanaryHold canary = canaryHold(records, m_context.settings.canary, now); canary.holding) {
        markWaiting(order, WaitReason::Canary, canary.until);
        return;
    }
    const QuotaUsage usage = QuotaUsage::of(records, now);
    const BatchRecord candidate = *m_context.state->find(order.first());
    const Admission admission = m_context.admission.canCreate(candidate, usage);
    // Past the gate (the back-off after the refusal), the learned wall may still hold creates
    // back. One probe per episode while our own jobs fill it: when it fails, only a job ending (a
    // slot freeing up) can change anything. With no job of ours running, the limit is elsewhere
    // (tokens, storage, another client, billing) and each opening of the gate allows one probe,
    // whatever the last refusal was.
    // With none of our jobs running nothing will free the wall by itself: waiting without a probe
    // would be forever (a probe whose answer was lost, a timeout or a 503, ends here too).
    if (!admission.allowed && usage.activeJobs == 0)
        m_probeArmed = true;
    const bool probeDue = m_probeArmed && (!m_probeFailed || usage.activeJobs == 0);
    if (!admission.allowed && !(admission.reason == WaitReason::BatchCapacity && probeDue)) {
        markWaiting(order, admission.reason, QDateTime());
        return;
    }
    m_pacedUntil = pacedUntil(now);
    if (m_pacedUntil.isValid()) {
        markWaiting(order, WaitReason::RateLimit, m_pacedUntil);
        return;
    }
    m_sendingProbe = !admission.allowed;
    if (m_sendingProbe)
        m_probeArmed = false; // this request is the probe
    create(candidate, usage.activeJobs);
}

QDateTime CreateLane::pacedUntil(const QDateTime &now)
{
    // The server counts a create when it receives it and our clock follows its Date header
    // (whole seconds): keep a margin so that the window has really moved on.
    constexpr qint64 MarginMs = 2000;
    while (!m_recentCreates.empty() && m_recentCreates.front().msecsTo(now) >= 60'000 + MarginMs)
        m_recentCreates.pop_front();
    if (m_learnedPerMinute <= 0 || qsizetype(m_recentCreates.size()) < m_learnedPerMinute)
        return {};
    const QDateTime freeAt
        = m_recentCreates[m_recentCreates.size() - size_t(m_learnedPerMinute)].addMSecs(60'000 + MarginMs);
    return freeAt > now ? freeAt : QDateTime();
}

void CreateLane::createNow(qint64 id)
{
    const BatchRecord *r = m_context.state->find(id);
    if (!r || busy() || r->state != BatchState::Uploaded || r->hasJob())
        return;
    // The user's "create now" skips the lane's own pacing and the learned wall, never a refusal
    // the server has not lifted yet.
    if (!m_gate.isOpen(m_context.now())) {
        markWaiting({ id }, m_gate.reason(), m_gate.opensAt());
        return;
    }
    QList<qint64> order { id };
    if (!applySpendCap(m_context.state->list(), order))
        return;
    create(*r, QuotaUsage::of(m_context.state->list(), m_context.now()).activeJobs);
}

void CreateLane::create(BatchRecord r, int activeJobs)
{
    r.state = BatchState::Creating;
    r.waitReason = WaitReason::None;
    r.nextAttemptAt = {};
    r.stateChangedAt = m_context.now();
    ++r.attempts;
    // The intent is durable before the request leaves: a crash from here on is resolved by
    // looking for the display name on the server, never by creating again.
    if (!m_context.state->commit(r,
            { EngineState::event(r.id, QStringLiteral("create"), QStringLiteral("create.attempt"),
                Severity::Info, {},
                { { QStringLiteral("activeJobs"), activeJobs },
                    { QStringLiteral("file"), r.remoteFileName } }) }))
        return;
    gemini::CreateBatchRequest request;
    request.model = m_context.settings.model;
    request.displayName = r.displayName;
    request.inputFileName = r.remoteFileName;
    m_activeAtSend = activeJobs;
    gemini::BatchCallJob *job = m_context.client->createBatch(request);
    m_job = job;
    const qint64 id = r.id;
    connect(job, &gemini::GeminiJob::finished, this, [this, id, job] { finished(id, job); });
    job->start();
}

void CreateLane::finished(qint64 id, gemini::BatchCallJob *job)
{
    m_job.clear();
    const BatchRecord *current = m_context.state->find(id);
    if (!current) {
        emit changed();
        return;
    }
    BatchRecord r = *current;
    const auto result = job->result();
    const QDateTime now = m_context.now();
    if (result.ok()) {
        applyRemoteJob(r, result.value);
        if (!r.jobCreatedAt.isValid())
            r.jobCreatedAt = now;
        r.lastError.clear();
        r.stateChangedAt = now;
        m_context.admission.noteCreated(m_activeAtSend + 1);
        m_recentCreates.push_back(now);
        while (m_recentCreates.size() > 1000)
            m_recentCreates.pop_front();
        m_gate.accepted();
        m_probeFailed = false;
        m_probeArmed = false;
        m_context.state->commit(r,
            { EngineState::event(id, QStringLiteral("create"), QStringLiteral("create.done"), Severity::Info,
                {},
                { { QStringLiteral("job"), r.jobName },
                    { QStringLiteral("activeJobs"), m_activeAtSend + 1 } }) });
        emit changed();
        return;
    }

    const gemini::ApiError &error = result.error;
    const FailureKind kind = failureKindOf(error);
    r.lastError = describe(error);
    QJsonObject details = errorDetails(error);
    details.insert(QStringLiteral("activeJobs"), m_activeAtSend);
    QString code;
    Severity severity = Severity::Warning;
    bool reconcile = false;
    // Any refusal of the project, of whatever kind, allows one probe when the gate opens: a probe
    // answered with a rate limit must not leave the lane waiting for a slot that none of our jobs
    // will free.
    if (m_gate.refused(error, now) && kind != FailureKind::Transient)
        m_probeArmed = true;
    switch (kind) {
    case FailureKind::Transient: {
        // The job may exist now. Leave the batch in Creating; reconciliation decides.
        code = QStringLiteral("create.ambiguous");
        reconcile = true;
        break;
    }
    case FailureKind::RateLimited: {
        int limit = 0;
        for (const gemini::QuotaViolation &v : error.quotaViolations) {
            if (v.quotaId.contains(QLatin1StringView("PerMinute")))
                limit = v.quotaValue.toInt();
        }
        if (limit <= 0)
            limit = int(std::count_if(m_recentCreates.cbegin(), m_recentCreates.cend(),
                [&now](const QDateTime &t) { return t.secsTo(now) < 60; }));
        if (limit > 0)
            m_learnedPerMinute = limit;
        r.state = BatchState::Uploaded;
        code = QStringLiteral("create.429.rate");
        break;
    }
    case FailureKind::DailyQuota: {
        r.state = BatchState::Uploaded;
        code = QStringLiteral("create.429.daily");
        details.insert(QStringLiteral("until"), m_gate.opensAt().toString(Qt::ISODate));
        break;
    }
    case FailureKind::BatchCapacity: {
        m_context.admission.noteCapacityRefusal(
            m_activeAtSend, QuotaUsage::of(m_context.state->list(), now).enqueuedTokens);
        if (m_sendingProbe)
            m_probeFailed = true;
        r.state = BatchState::Uploaded;
        code = QStringLiteral("create.429.capacity");
        details.insert(QStringLiteral("probeAt"), m_gate.opensAt().toString(Qt::ISODate));
        break;
    }
    case FailureKind::FileGone:
        r.state = BatchState::FileExpired;
        r.remoteFileName.clear();
        r.remoteFileUri.clear();
        r.remoteFileExpiresAt = {};
        code = QStringLiteral("create.file_gone");
        break;
    case FailureKind::ModelUnavailable:
    case FailureKind::Billing: {
        CreateStop &stop = m_context.createStop;
        stop.cause = kind == FailureKind::Billing ? CreateStop::Cause::Billing : CreateStop::Cause::Model;
        stop.model = m_context.settings.model;
        stop.serverMessage = error.message.section(u'\n', 0, 0);
        stop.billingUrl = kind == FailureKind::Billing ? error.billingUrl() : QUrl();
        r.state = BatchState::Uploaded;
        r.waitReason = stop.waitReason();
        severity = Severity::Error;
        code = kind == FailureKind::Billing ? QStringLiteral("create.billing")
                                            : QStringLiteral("create.model_unavailable");
        details.insert(QStringLiteral("model"), stop.model);
        if (stop.billingUrl.isValid())
            details.insert(QStringLiteral("billingUrl"), stop.billingUrl.toString());
        break;
    }
    case FailureKind::BadKey:
    case FailureKind::Invalid:
        r.state = BatchState::Uploaded;
        r.waitReason = WaitReason::NeedsUser;
        severity = Severity::Error;
        code = QStringLiteral("create.refused");
        if (const QString line = inputLineProblem(error.message, r); !line.isEmpty())
            r.lastError = line;
        break;
    }
    r.stateChangedAt = now;
    const QString eventKind = error.httpStatus == 429 ? QStringLiteral("quota") : QStringLiteral("create");
    m_context.state->commit(r, { EngineState::event(id, eventKind, code, severity, r.lastError, details) });
    if (kind == FailureKind::BadKey)
        emit fatal(r.lastError);
    if (reconcile)
        emit reconcileNeeded();
    emit changed();
}

} // namespace bb
