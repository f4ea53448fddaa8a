#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace bb::test {

class EmulatorProcess;

// The first user's world, as ../shared/real-world-inputs.md describes it (shapes exact, contents
// invented): their batch folder, what their three scripts left on the server, and the tracking
// files those scripts wrote.
namespace realworld {

constexpr int kFiles = 204;
constexpr char kProperFolder[] = "gemini_batch_submissions_proper";

// One key-less request holding a batch's 100 Q&A pairs in its prompt, about `bytes` long, no final
// newline: batch_NNN_proper.jsonl.
QByteArray properFile(int number, qint64 bytes);
// The earlier format: `lines` requests {"key": "<pair id>", "request": …}, no final newline.
QByteArray contentFile(int number, int lines);
// `lines` key-less requests, optionally with a UTF-8 BOM and CRLF line ends (an editor on Windows).
QByteArray keylessFile(int number, int lines, bool byteOrderMark, bool crlf);

// Writes <parent>/gemini_batch_submissions_proper/batch_001_proper.jsonl … batch_<files>_proper.jsonl;
// returns that folder. Sizes vary between 300 and 450 KB (times bytesScale).
QString writeProperFolder(const QString &parent, int files = kFiles, double bytesScale = 1.0);

// What one batch number has on the server at the end of that day.
struct ServerBatch
{
    int number = 0;
    QString fileName; // "files/…", empty when never uploaded or deleted
    QString fileDisplayName;
    QString jobName; // "batches/…", empty when no job
    QString jobDisplayName;
    QDateTime createTime;
    bool fileDeleted = false; // uploaded, then gone (the first attempt's inputs, 48 h later)
};

struct ServerWorld
{
    QList<ServerBatch> batches; // only numbers with something on the server
    QString error; // the emulator refused something; the world is incomplete

    const ServerBatch *find(int number) const;
    int jobCount() const;
    int uploadOnlyCount() const;
};

// Makes the three scripts' uploads and jobs on the emulator over its REST API, as that user's
// scripts did (text/plain uploads, their display names): jobs for 1–35 and 51–71
// ("refinement_batch_011"), uploads only for 36–50 ("refinement_batch_036") and 72–80 (the local
// file name), jobs for 170–204 ("batch-170-crypto-qa"). The first attempt's inputs (1–10) are
// deleted, as if expired. Reads the request files from `folder`; needs room for 91 jobs.
ServerWorld makeServerWorld(EmulatorProcess &emulator, const QString &folder, const QString &model);

// The five tracking files and the markdown report, with the world's ids, in the places the user
// had them under `parent` (gemini_batch_results_proper/…, gemini_batch_results/…, and beside the
// folder), plus the local manifest and instructions files that describe local files only.
// Returns their paths.
QStringList writeTrackingFiles(const QString &parent, const ServerWorld &world);

// Single tracking files, for unit tests.
QByteArray submissionProgressJson(const ServerWorld &world); // 25 jobs, 15 uploads, a range
QByteArray completeListJson(const ServerWorld &world); // 21 jobs, 9 uploads, a range
QByteArray summary170Json(const ServerWorld &world); // 35 jobs
QByteArray allSubmittedJson(const ServerWorld &world); // 10 jobs
QByteArray earlierFailuresJson(); // 0 jobs, 35 failures
QByteArray submissionReportMarkdown(const ServerWorld &world); // 25 job rows, 15 upload rows
QByteArray batchTrackingManifest(int files = kFiles);
QByteArray instructionsJson(int files = kFiles);

// A world with made-up ids in the emulator's shapes, for tests of the tracking files alone.
ServerWorld inventedWorld();

} // namespace realworld
} // namespace bb::test
