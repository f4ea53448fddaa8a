#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace bb {

// What a hand-over (a markdown submission report or a JSON progress file written by an earlier
// script) says about one batch. Only remote ids are taken from it — never paths — and each id is
// checked against the shape the API uses, so a hostile report cannot point anywhere else.
struct HandoverEntry
{
    int batchNumber = -1;
    QString jobName; // "batches/<id>" or empty
    QString fileName; // "files/<id>" or empty
    QString status; // as written in the report ("JOB_STATE_PENDING", "uploaded", ...)
    QDateTime uploadedAt;
    int sourceLine = 0; // 1-based line of the report (0 for JSON)

    friend bool operator==(const HandoverEntry &, const HandoverEntry &) = default;
};

struct HandoverWarning
{
    int line = 0;
    QString reason; // developer English; the ui shows it verbatim with the line number
};

struct Handover
{
    enum class Format
    {
        Markdown,
        Json
    };
    Format format = Format::Markdown;
    QList<HandoverEntry> entries; // one per batch number, merged across tables
    QList<int> pendingBatchNumbers; // batches the report lists as not yet submitted
    QList<int> failedBatchNumbers; // batches the report says failed (nothing to adopt for them)
    // Local files the report names by path ("gemini_batch_submissions_proper\\batch_001_proper.jsonl"),
    // as written: a manifest of the user's own files rather than of the server.
    QStringList localPaths;
    QList<HandoverWarning> warnings; // rows that could not be used, and why; contradictions

    bool isEmpty() const
    {
        return entries.isEmpty() && pendingBatchNumbers.isEmpty() && failedBatchNumbers.isEmpty();
    }
    // Lists local files and nothing of the server: nothing to adopt, and nothing wrong with it.
    bool describesLocalFilesOnly() const { return isEmpty() && !localPaths.isEmpty(); }
};

// Parses either format; the content decides (a JSON object, else markdown).
Handover parseHandover(const QByteArray &content);
Handover parseMarkdownReport(const QByteArray &content);
Handover parseJsonProgress(const QByteArray &content);

// "batches/abc", "https://…/v1beta/batches/abc" → "batches/abc"; anything else → empty.
QString normalizedJobName(QStringView text);
// "files/abc", "https://…/v1beta/files/abc", bare "abc" (when bareIdAllowed) → "files/abc".
QString normalizedFileName(QStringView text, bool bareIdAllowed);
// "011", "batch_011.jsonl", "batch-11", 11 → 11; none → -1.
int batchNumberIn(QStringView text);

} // namespace bb
