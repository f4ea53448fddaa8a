#include "realworld.h"

#include "emulatorprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bb::test::realworld {
namespace {

QString three(int n)
{
    return QStringLiteral("%1").arg(n, 3, 10, QLatin1Char('0'));
}

const QString apiRoot = QStringLiteral("https://generativelanguage.googleapis.com/v1beta/");
const QString userFolder = QStringLiteral("c:\\Users\\NAME\\project\\gemini_batch_submissions_proper\\");

// Deterministic filler text: the same batch always gives the same bytes (and hash).
QByteArray pairsText(int number, qint64 bytes)
{
    QByteArray text = "You are an expert editor of question-and-answer pairs. Refine each pair below for "
                      "accuracy and clarity and return them as JSON. INPUT: ";
    quint32 state = quint32(number) * 2654435761u + 1;
    int pair = 0;
    while (text.size() < bytes) {
        state = state * 1664525u + 1013904223u;
        ++pair;
        text += "Q" + QByteArray::number(pair) + " (pair b" + three(number).toLatin1() + "-"
            + QByteArray::number(pair) + "): What does step " + QByteArray::number(state % 997)
            + " of the ledger reconciliation check, and why? A: It compares totals "
            + QByteArray::number(state % 7919) + " against the journal before closing the period. ";
    }
    text.truncate(bytes);
    return text;
}

QByteArray requestJson(const QByteArray &text)
{
    const QJsonObject request { { QStringLiteral("contents"),
        QJsonArray { QJsonObject { { QStringLiteral("parts"),
            QJsonArray { QJsonObject { { QStringLiteral("text"), QString::fromUtf8(text) } } } } } } } };
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QString fileId(const QString &fileName)
{
    return fileName.mid(QStringLiteral("files/").size());
}

// The world's REST calls, as a plain script would make them.
class Script
{
public:
    explicit Script(EmulatorProcess &emulator)
        : m_emulator(emulator)
    {
    }

    QString upload(const QByteArray &data, const QString &displayName)
    {
        const QList<QPair<QByteArray, QByteArray>> headers {
            { QByteArrayLiteral("X-Goog-Upload-Protocol"), QByteArrayLiteral("resumable") },
            { QByteArrayLiteral("X-Goog-Upload-Command"), QByteArrayLiteral("start") },
            { QByteArrayLiteral("X-Goog-Upload-Header-Content-Length"), QByteArray::number(data.size()) },
            { QByteArrayLiteral("X-Goog-Upload-Header-Content-Type"), QByteArrayLiteral("text/plain") },
        };
        const QJsonObject body { { QStringLiteral("file"),
            QJsonObject { { QStringLiteral("displayName"), displayName },
                { QStringLiteral("mimeType"), QStringLiteral("text/plain") } } } };
        const auto start = m_emulator.postJson(QStringLiteral("/upload/v1beta/files"), body, headers);
        const QString session = QString::fromLatin1(start.header(QByteArrayLiteral("X-Goog-Upload-URL")));
        if (start.status != 200 || session.isEmpty())
            return fail(
                QStringLiteral("upload start %1: %2").arg(start.status).arg(QString::fromUtf8(start.body)));
        const auto done = m_emulator.request(QByteArrayLiteral("POST"), session, data,
            { { QByteArrayLiteral("X-Goog-Upload-Command"), QByteArrayLiteral("upload, finalize") },
                { QByteArrayLiteral("X-Goog-Upload-Offset"), QByteArrayLiteral("0") } });
        const QString name
            = done.json().value(QStringLiteral("file")).toObject().value(QStringLiteral("name")).toString();
        if (done.status != 200 || name.isEmpty())
            return fail(QStringLiteral("upload %1: %2").arg(done.status).arg(QString::fromUtf8(done.body)));
        return name;
    }

    QString create(
        const QString &model, const QString &fileName, const QString &displayName, QDateTime *created)
    {
        const QJsonObject body { { QStringLiteral("batch"),
            QJsonObject { { QStringLiteral("displayName"), displayName },
                { QStringLiteral("inputConfig"),
                    QJsonObject { { QStringLiteral("fileName"), fileName } } } } } };
        const auto reply
            = m_emulator.postJson(QStringLiteral("/v1beta/models/%1:batchGenerateContent").arg(model), body);
        const QJsonObject operation = reply.json();
        const QString name = operation.value(QStringLiteral("name")).toString();
        if (reply.status != 200 || name.isEmpty())
            return fail(QStringLiteral("create %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body)));
        *created = QDateTime::fromString(operation.value(QStringLiteral("metadata"))
                                             .toObject()
                                             .value(QStringLiteral("createTime"))
                                             .toString(),
            Qt::ISODateWithMs);
        return name;
    }

    bool remove(const QString &fileName)
    {
        const auto reply
            = m_emulator.request(QByteArrayLiteral("DELETE"), QStringLiteral("/v1beta/") + fileName);
        if (reply.status != 200)
            fail(QStringLiteral("delete %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body)));
        return reply.status == 200;
    }

    QString error() const { return m_error; }

private:
    QString fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = why;
        return {};
    }

    EmulatorProcess &m_emulator;
    QString m_error;
};

enum class Scheme
{
    None,
    Refinement, // refinement_batch_011 for file and job
    RefinementUploadOnly, // refinement_batch_036, no job
    LocalName, // batch_072_proper.jsonl, no job
    Crypto // batch-170-crypto-qa for file and job
};

Scheme schemeOf(int n)
{
    if ((n >= 1 && n <= 35) || (n >= 51 && n <= 71))
        return Scheme::Refinement;
    if (n >= 36 && n <= 50)
        return Scheme::RefinementUploadOnly;
    if (n >= 72 && n <= 80)
        return Scheme::LocalName;
    if (n >= 170 && n <= 204)
        return Scheme::Crypto;
    return Scheme::None;
}

QString properName(int n)
{
    return QStringLiteral("batch_%1_proper.jsonl").arg(three(n));
}

QList<const ServerBatch *> range(const ServerWorld &world, int from, int to)
{
    QList<const ServerBatch *> out;
    for (const ServerBatch &b : world.batches) {
        if (b.number >= from && b.number <= to)
            out.append(&b);
    }
    return out;
}

QString uri(const QString &fileName)
{
    return fileName.isEmpty() ? QString() : apiRoot + fileName;
}

} // namespace

QByteArray properFile(int number, qint64 bytes)
{
    QByteArray line
        = "{\"request\": " + requestJson(pairsText(number, std::max<qint64>(bytes - 60, 10))) + "}";
    return line; // one line, no final newline
}

QByteArray contentFile(int number, int lines)
{
    QByteArray out;
    for (int i = 1; i <= lines; ++i) {
        if (i > 1)
            out += '\n';
        out += "{\"key\": \"b" + three(number).toLatin1() + "-p" + QByteArray::number(i) + "\", \"request\": "
            + requestJson("Refine this pair: " + pairsText(number * 1000 + i, 200)) + "}";
    }
    return out;
}

QByteArray keylessFile(int number, int lines, bool byteOrderMark, bool crlf)
{
    QByteArray out = byteOrderMark ? QByteArray("\xEF\xBB\xBF") : QByteArray();
    for (int i = 1; i <= lines; ++i) {
        out += "{\"request\": "
            + requestJson("Part " + QByteArray::number(i) + ": " + pairsText(number * 100 + i, 300)) + "}";
        out += crlf ? "\r\n" : "\n";
    }
    return out;
}

QString writeProperFolder(const QString &parent, int files, double bytesScale)
{
    const QString folder = QDir(parent).filePath(QLatin1StringView(kProperFolder));
    QDir().mkpath(folder);
    for (int n = 1; n <= files; ++n) {
        const qint64 bytes = qint64((300'000 + (n * 7919) % 150'000) * bytesScale);
        QFile file(QDir(folder).filePath(properName(n)));
        if (!file.open(QIODevice::WriteOnly) || file.write(properFile(n, bytes)) < 0)
            return {};
    }
    return folder;
}

const ServerBatch *ServerWorld::find(int number) const
{
    for (const ServerBatch &b : batches) {
        if (b.number == number)
            return &b;
    }
    return nullptr;
}

int ServerWorld::jobCount() const
{
    return int(std::count_if(
        batches.cbegin(), batches.cend(), [](const ServerBatch &b) { return !b.jobName.isEmpty(); }));
}

int ServerWorld::uploadOnlyCount() const
{
    return int(std::count_if(batches.cbegin(), batches.cend(),
        [](const ServerBatch &b) { return b.jobName.isEmpty() && !b.fileName.isEmpty(); }));
}

ServerWorld makeServerWorld(EmulatorProcess &emulator, const QString &folder, const QString &model)
{
    ServerWorld world;
    Script script(emulator);
    for (int n = 1; n <= kFiles && script.error().isEmpty(); ++n) {
        const Scheme scheme = schemeOf(n);
        if (scheme == Scheme::None)
            continue;
        QFile file(QDir(folder).filePath(properName(n)));
        if (!file.open(QIODevice::ReadOnly)) {
            world.error = QStringLiteral("%1: %2").arg(file.fileName(), file.errorString());
            return world;
        }
        ServerBatch b;
        b.number = n;
        switch (scheme) {
        case Scheme::Refinement:
        case Scheme::RefinementUploadOnly:
            b.fileDisplayName = QStringLiteral("refinement_batch_%1").arg(three(n));
            break;
        case Scheme::LocalName:
            b.fileDisplayName = properName(n);
            break;
        case Scheme::Crypto:
            b.fileDisplayName = QStringLiteral("batch-%1-crypto-qa").arg(three(n));
            break;
        case Scheme::None:
            break;
        }
        b.fileName = script.upload(file.readAll(), b.fileDisplayName);
        if (scheme == Scheme::Refinement || scheme == Scheme::Crypto) {
            b.jobDisplayName = b.fileDisplayName;
            b.jobName = script.create(model, b.fileName, b.jobDisplayName, &b.createTime);
        }
        world.batches.append(b);
    }
    for (ServerBatch &b : world.batches) {
        if (b.number <= 10 && script.error().isEmpty() && script.remove(b.fileName)) {
            b.fileDeleted = true;
        }
    }
    world.error = script.error();
    return world;
}

QByteArray submissionProgressJson(const ServerWorld &world)
{
    QJsonArray created;
    for (const ServerBatch *b : range(world, 11, 35))
        created.append(QJsonObject { { QStringLiteral("batch_number"), b->number },
            { QStringLiteral("file_uri"), uri(b->fileName) }, { QStringLiteral("batch_name"), b->jobName },
            { QStringLiteral("state"), QStringLiteral("JOB_STATE_PENDING") },
            { QStringLiteral("qa_count"), 100 } });
    QJsonArray uploaded;
    for (const ServerBatch *b : range(world, 36, 50))
        uploaded.append(QJsonObject { { QStringLiteral("batch_number"), b->number },
            { QStringLiteral("file_uri"), uri(b->fileName) },
            { QStringLiteral("batch_name"), QJsonValue::Null },
            { QStringLiteral("state"), QStringLiteral("FILE_UPLOADED") },
            { QStringLiteral("qa_count"), 100 } });
    return toJson({
        { QStringLiteral("generated_at"), QStringLiteral("2026-11-30T14:12:09") },
        { QStringLiteral("batches_successfully_created"), created },
        { QStringLiteral("batches_uploaded_pending_job_creation"), uploaded },
        { QStringLiteral("batches_not_yet_processed"),
            QJsonObject { { QStringLiteral("start"), 51 }, { QStringLiteral("end"), 204 },
                { QStringLiteral("count"), 154 } } },
        { QStringLiteral("error_summary"),
            QJsonObject { { QStringLiteral("error_type"), QStringLiteral("429 RESOURCE_EXHAUSTED") },
                { QStringLiteral("message"),
                    QStringLiteral(
                        "You exceeded your current quota, please check your plan and billing details.") },
                { QStringLiteral("failed_at_batch"), 36 } } },
        { QStringLiteral("next_steps"),
            QJsonArray { QStringLiteral("Wait for the pending jobs to finish"),
                QStringLiteral("Create jobs for batches 36-50 from the uploaded files"),
                QStringLiteral("Upload and submit batches 51-204") } },
    });
}

QByteArray completeListJson(const ServerWorld &world)
{
    QJsonArray submitted;
    for (const ServerBatch *b : range(world, 51, 71))
        submitted.append(QJsonObject { { QStringLiteral("batch_num"), b->number },
            { QStringLiteral("batch_job_name"), b->jobName },
            { QStringLiteral("display_name"), b->jobDisplayName },
            { QStringLiteral("state"), QStringLiteral("JOB_STATE_PENDING") } });
    QJsonArray awaiting;
    for (const ServerBatch *b : range(world, 72, 80))
        awaiting.append(QJsonObject { { QStringLiteral("batch_num"), b->number },
            { QStringLiteral("file_uri"), uri(b->fileName) },
            { QStringLiteral("display_name"), b->fileDisplayName },
            { QStringLiteral("action_needed"), QStringLiteral("create batch job") } });
    return toJson({
        { QStringLiteral("successfully_submitted_batches"), submitted },
        { QStringLiteral("uploaded_awaiting_batch_creation"), awaiting },
        { QStringLiteral("not_yet_processed"),
            QJsonObject { { QStringLiteral("start_batch"), 81 }, { QStringLiteral("end_batch"), 169 },
                { QStringLiteral("count"), 89 },
                { QStringLiteral("note"), QStringLiteral("quota exhausted") } } },
    });
}

QByteArray summary170Json(const ServerWorld &world)
{
    QJsonArray submitted;
    for (const ServerBatch *b : range(world, 170, 204))
        submitted.append(QJsonObject { { QStringLiteral("batch_number"), b->number },
            { QStringLiteral("display_name"), b->jobDisplayName }, { QStringLiteral("job_name"), b->jobName },
            { QStringLiteral("state"), QStringLiteral("JOB_STATE_PENDING") },
            { QStringLiteral("create_time"), b->createTime.toString(Qt::ISODateWithMs) } });
    return toJson({ { QStringLiteral("total_submitted"), int(submitted.size()) },
        { QStringLiteral("submitted_batches"), submitted } });
}

QByteArray allSubmittedJson(const ServerWorld &world)
{
    QJsonArray batches;
    for (const ServerBatch *b : range(world, 1, 10))
        batches.append(QJsonObject { { QStringLiteral("batch_number"), b->number },
            { QStringLiteral("batch_id"), QStringLiteral("refinement_batch_%1").arg(three(b->number)) },
            { QStringLiteral("job_name"), b->jobName }, { QStringLiteral("file_uri"), uri(b->fileName) },
            { QStringLiteral("qa_count"), 100 },
            { QStringLiteral("state"), QStringLiteral("JOB_STATE_PENDING") } });
    return toJson({ { QStringLiteral("batches"), batches } });
}

QByteArray earlierFailuresJson()
{
    QJsonArray failed;
    for (int n = 170; n <= 204; ++n)
        failed.append(n);
    return toJson({ { QStringLiteral("failed_batch_numbers"), failed },
        { QStringLiteral("submitted_jobs"), QJsonArray() },
        { QStringLiteral("error"), QStringLiteral("429 RESOURCE_EXHAUSTED") } });
}

QByteArray submissionReportMarkdown(const ServerWorld &world)
{
    QString md = QStringLiteral("# Gemini Batch Submission Report\n\n"
                                "**Date:** 2026-11-30\n**Model:** gemini-2.5-flash\n\n"
                                "## Summary\n\n"
                                "- **Successfully Created:** 35 batches (11-35)\n"
                                "- **Uploaded (pending job creation):** 15 batches (36-50)\n"
                                "- **Not yet processed:** 154 batches (51-204)\n"
                                "- **Total QA pairs submitted:** 3,500\n\n"
                                "## Successfully Created Batch Jobs\n\n"
                                "| Batch | Job Name | File ID | State |\n"
                                "|-------|----------|---------|-------|\n");
    for (const ServerBatch *b : range(world, 11, 35))
        md += QStringLiteral("| %1 | %2 | %3 | JOB_STATE_PENDING |\n")
                  .arg(three(b->number), b->jobName, fileId(b->fileName));
    md += QStringLiteral("\n## Uploaded Files Awaiting Job Creation\n\n"
                         "| Batch | File URI | Status |\n"
                         "|-------|----------|--------|\n");
    for (const ServerBatch *b : range(world, 36, 50))
        md += QStringLiteral("| %1 | %2 | uploaded |\n").arg(three(b->number), uri(b->fileName));
    md += QStringLiteral("\n## Not Yet Processed\n\n- Batches 51-204 (154 batches)\n\n"
                         "## Error\n\n429 RESOURCE_EXHAUSTED: You exceeded your current quota.\n");
    return md.toUtf8();
}

QByteArray batchTrackingManifest(int files)
{
    QJsonArray batches;
    for (int n = 1; n <= files; ++n)
        batches.append(QJsonObject { { QStringLiteral("batch_number"), n },
            { QStringLiteral("file_path"),
                QStringLiteral("gemini_batch_submissions_proper\\%1").arg(properName(n)) },
            { QStringLiteral("qa_count"), 100 },
            { QStringLiteral("file_size"), 300000 + (n * 7919) % 150000 },
            { QStringLiteral("first_pair_id"), QStringLiteral("p%1").arg((n - 1) * 100 + 1) },
            { QStringLiteral("last_pair_id"), QStringLiteral("p%1").arg(n * 100) } });
    return toJson({ { QStringLiteral("total_batches"), files }, { QStringLiteral("batches"), batches } });
}

QByteArray instructionsJson(int files)
{
    QJsonArray entries;
    for (int n = 1; n <= files; ++n) {
        QString path
            = QStringLiteral("C:\\Users\\NAME\\project\\gemini_batch_submissions_proper\\") + properName(n);
        if (n % 2 == 0)
            path = userFolder + properName(n); // lower-case c: as elsewhere
        entries.append(
            QJsonObject { { QStringLiteral("batch_number"), n }, { QStringLiteral("file_path"), path },
                { QStringLiteral("instructions"), QStringLiteral("Refine the 100 pairs of this batch.") } });
    }
    return toJson({ { QStringLiteral("batches"), entries } });
}

QStringList writeTrackingFiles(const QString &parent, const ServerWorld &world)
{
    const QList<std::pair<QString, QByteArray>> files {
        { QStringLiteral("gemini_batch_results_proper/batch_submission_progress.json"),
            submissionProgressJson(world) },
        { QStringLiteral("BATCH_JOBS_COMPLETE_LIST.json"), completeListJson(world) },
        { QStringLiteral("BATCHES_170_204_SUBMISSION_SUMMARY.json"), summary170Json(world) },
        { QStringLiteral("gemini_batch_results/ALL_SUBMITTED_BATCHES.json"), allSubmittedJson(world) },
        { QStringLiteral("gemini_batch_results/batches_170_204_submission.json"), earlierFailuresJson() },
        { QStringLiteral("BATCH_SUBMISSION_REPORT.md"), submissionReportMarkdown(world) },
        { QStringLiteral("batch_tracking.json"), batchTrackingManifest() },
        { QStringLiteral("batch_instructions.json"), instructionsJson() },
    };
    QStringList paths;
    for (const auto &[relative, content] : files) {
        const QString path = QDir(parent).filePath(relative);
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return {};
        paths.append(path);
    }
    return paths;
}

ServerWorld inventedWorld()
{
    ServerWorld world;
    for (int n = 1; n <= kFiles; ++n) {
        const Scheme scheme = schemeOf(n);
        if (scheme == Scheme::None)
            continue;
        ServerBatch b;
        b.number = n;
        b.fileName = QStringLiteral("files/f%1x9q2m7t4").arg(three(n));
        b.fileDisplayName = scheme == Scheme::LocalName ? properName(n)
            : scheme == Scheme::Crypto                  ? QStringLiteral("batch-%1-crypto-qa").arg(three(n))
                                                        : QStringLiteral("refinement_batch_%1").arg(three(n));
        if (scheme == Scheme::Refinement || scheme == Scheme::Crypto) {
            b.jobName = QStringLiteral("batches/j%1k2v8c0d5e1f7g3h9").arg(three(n));
            b.jobDisplayName = b.fileDisplayName;
            b.createTime = QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC).addSecs(n * 17);
        }
        world.batches.append(b);
    }
    return world;
}

} // namespace bb::test::realworld
