#include "eventtext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace bb {
namespace {

// Member functions so that lupdate files every tr() below under the "EventText" context.
class EventText final
{
    Q_DECLARE_TR_FUNCTIONS(EventText)

public:
    static QString text(const EventRecord &e);
    static QString severity(Severity severity);

private:
    static QString detail(const EventRecord &e, QLatin1StringView key)
    {
        const QJsonValue value = e.details.value(key);
        if (value.isDouble())
            return QLocale().toString(qint64(value.toDouble()));
        return value.toString();
    }

    static QString sizeDetail(const EventRecord &e, QLatin1StringView key)
    {
        return QLocale().formattedDataSize(qint64(e.details.value(key).toDouble()));
    }

    static QString timeDetail(const EventRecord &e, QLatin1StringView key)
    {
        const QDateTime when = QDateTime::fromString(e.details.value(key).toString(), Qt::ISODate);
        if (!when.isValid())
            return tr("later");
        return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
    }

    // The server's own text, appended verbatim after the translated sentence.
    static QString withMessage(const QString &sentence, const EventRecord &e)
    {
        if (e.message.isEmpty())
            return sentence;
        return tr("%1: %2").arg(sentence, e.message);
    }
};

QString EventText::severity(Severity severity)
{
    switch (severity) {
    case Severity::Debug:
        return tr("Debug");
    case Severity::Info:
        return tr("Info");
    case Severity::Warning:
        return tr("Warning");
    case Severity::Error:
        return tr("Error");
    }
    return {};
}

QString EventText::text(const EventRecord &e)
{
    const QString &c = e.code;
    using L = QLatin1StringView;
    // Uploads
    if (c == L("upload.start"))
        return tr("Upload started (%1)").arg(sizeDetail(e, L("bytes")));
    if (c == L("upload.resume"))
        return tr("Upload resumed at %1 of %2").arg(sizeDetail(e, L("offset")), sizeDetail(e, L("bytes")));
    if (c == L("upload.done"))
        return tr("Uploaded as %1, expires %2").arg(detail(e, L("file")), timeDetail(e, L("expires")));
    if (c == L("upload.failed"))
        return withMessage(
            e.kind == L("quota") ? tr("Upload refused by a quota (429)") : tr("Upload failed"), e);
    if (c == L("upload.hash_mismatch"))
        return withMessage(tr("The server's copy does not match the local file; uploading again"), e);
    if (c == L("upload.local_file"))
        return withMessage(tr("The local file changed or is missing; not uploaded"), e);
    // Job creation
    if (c == L("create.attempt"))
        return tr("Creating a job (%1 jobs active)").arg(detail(e, L("activeJobs")));
    if (c == L("create.done"))
        return tr("Job %1 created").arg(detail(e, L("job")));
    if (c == L("create.ambiguous"))
        return withMessage(tr("Job creation may or may not have worked; checking with the server"), e);
    if (c == L("create.429.rate"))
        return withMessage(tr("Job creation rate-limited (429), waiting"), e);
    if (c == L("create.429.daily"))
        return tr("Daily job-creation quota reached (429); next try %1").arg(timeDetail(e, L("until")));
    if (c == L("create.429.capacity"))
        return tr("Server refused a new job at %1 active jobs (429: batch capacity); trying again %2")
            .arg(detail(e, L("activeJobs")), timeDetail(e, L("probeAt")));
    if (c == L("create.file_gone"))
        return tr("The input file is gone from the server; it will be uploaded again");
    if (c == L("create.refused"))
        return withMessage(tr("Job creation refused; retrying cannot help"), e);
    // Jobs
    if (c == L("job.cancel"))
        return tr("Job cancelled on request");
    if (c == L("job.cancel_failed"))
        return withMessage(tr("Cancelling the job failed"), e);
    if (c == L("job.retired"))
        return tr("Job %1 set aside; a new job will be created").arg(detail(e, L("job")));
    if (c == L("job.stuck"))
        return tr("No progress since %1; the job may be stuck").arg(timeDetail(e, L("since")));
    if (c == L("job.vanished"))
        return withMessage(tr("The job no longer exists on the server"), e);
    if (c == L("poll.failed"))
        return withMessage(tr("Checking job states failed"), e);
    // Results
    if (c == L("download.start"))
        return tr("Downloading results from %1").arg(detail(e, L("file")));
    if (c == L("download.failed"))
        return withMessage(tr("Downloading results failed"), e);
    if (c == L("download.done")) {
        QString text = tr("Results downloaded: %1 succeeded, %2 failed or missing")
                           .arg(detail(e, L("succeeded")), detail(e, L("failedOrMissing")));
        const QJsonArray problems = e.details.value(L("problems")).toArray();
        if (!problems.isEmpty())
            text = tr("%1 (%2)").arg(text, problems.first().toString());
        return text;
    }
    if (c == L("file.deleted"))
        return tr("Remote file %1 deleted").arg(detail(e, L("file")));
    if (c == L("resubmit.queued"))
        return tr("%1 failed or missing requests queued again as %2")
            .arg(detail(e, L("keys")), detail(e, L("batch")));
    if (c == L("resubmit.failed"))
        return withMessage(tr("Could not write the resubmission file"), e);
    // Reconciliation with the server
    if (c == L("reconcile.failed"))
        return withMessage(tr("Comparing with the server failed; will try again"), e);
    if (c == L("reconcile.file_gone"))
        return tr("Uploaded file %1 is gone from the server").arg(detail(e, L("file")));
    if (c == L("reconcile.adopted_file"))
        return detail(e, L("displayName")).isEmpty()
            ? tr("Found this file already uploaded as %1").arg(detail(e, L("file")))
            : tr("Found this file already uploaded as %1 (\"%2\", same sha256)")
                  .arg(detail(e, L("file")), detail(e, L("displayName")));
    if (c == L("reconcile.adopted_job"))
        return detail(e, L("displayName")).isEmpty()
            ? tr("Found this job already on the server: %1").arg(detail(e, L("job")))
            : tr("Found this job already on the server: %1 (\"%2\")")
                  .arg(detail(e, L("job")), detail(e, L("displayName")));
    if (c == L("reconcile.matched_by_number"))
        return tr("Its input file is gone; matched to %1 (\"%2\") by batch number and request count")
            .arg(detail(e, L("job")), detail(e, L("displayName")));
    if (c == L("reconcile.maybe_submitted"))
        return withMessage(tr("May already be submitted; held for you"), e);
    if (c == L("reconcile.file_mismatch"))
        return tr("Upload %1 holds other bytes than this file; it is not used").arg(detail(e, L("file")));
    if (c == L("reconcile.foreign_job"))
        return tr("Job %1 has this batch's name but other input; left alone").arg(detail(e, L("job")));
    if (c == L("reconcile.duplicates"))
        return tr("%1 jobs on the server carry this batch's name; the first one is used")
            .arg(detail(e, L("count")));
    if (c == L("reconcile.no_job"))
        return tr("The server never created the job; it will be created again");
    // Project and engine
    if (c == L("import.added"))
        return tr("Added to the project (%1 requests)").arg(detail(e, L("requests")));
    if (c == L("import.changed_after_upload"))
        return tr("The file changed after it was uploaded; the new version was not taken");
    if (c == L("adopted")) {
        const QString job = detail(e, L("job")).isEmpty() ? tr("none") : detail(e, L("job"));
        const QString file = detail(e, L("file")).isEmpty() ? tr("none") : detail(e, L("file"));
        const QString source = detail(e, L("source"));
        return source.isEmpty() ? tr("Adopted from a hand-over report (job %1, file %2)").arg(job, file)
                                : tr("Adopted from %3 (job %1, file %2)").arg(job, file, source);
    }
    if (c == L("upload.keyed_copy"))
        return tr("Its requests have no keys: uploading a copy with keys added (%1)")
            .arg(detail(e, L("path")));
    if (c == L("upload.copy_failed"))
        return withMessage(tr("Could not write the copy with keys added"), e);
    if (c == L("alarm.failed_lines"))
        return tr("%1 of %2 lines failed: new jobs are paused until you continue")
            .arg(detail(e, L("failed")), detail(e, L("total")));
    if (c == L("alarm.continued"))
        return tr("Continued despite the failed lines");
    if (c == L("user.retry"))
        return tr("Retry requested");
    if (c == L("engine.resume"))
        return tr("Resumed");
    if (c == L("engine.pause"))
        return tr("Paused");
    if (c == L("engine.fatal"))
        return withMessage(tr("Stopped"), e);
    return withMessage(tr("%1: %2").arg(e.kind, e.code), e);
}

} // namespace

QString eventText(const EventRecord &event)
{
    return EventText::text(event);
}
QString severityName(Severity severity)
{
    return EventText::severity(severity);
}

} // namespace bb
