#pragma once

// Helpers shared by the upload tests: deterministic content, the emulator's view of an upload
// session (commands and offsets from /emulator/requests) and fault rules for chunk requests.

#include "geminitestenv.h"

#include <QRandomGenerator>

#include <cstring>

namespace bb::gemini::test {

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;

inline QByteArray randomBytes(qint64 size)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator generator { quint32(size) };
    for (qint64 i = 0; i + 4 <= size; i += 4) {
        const quint32 word = generator.generate();
        std::memcpy(data.data() + i, &word, 4);
    }
    for (qint64 i = size - size % 4; i < size; ++i)
        data[i] = char(generator.bounded(256));
    return data;
}

// One upload-session request as the emulator logged it.
struct LoggedCommand
{
    QString command; // start, upload, "upload, finalize", query, cancel
    qint64 offset = -1;
};

inline QList<LoggedCommand> sessionCommands(Env &env)
{
    QList<LoggedCommand> commands;
    for (const QJsonObject &request : env.requests(QStringLiteral("^/upload/"))) {
        LoggedCommand command;
        command.command = loggedHeader(request, QStringLiteral("X-Goog-Upload-Command")).trimmed();
        const QString offset = loggedHeader(request, QStringLiteral("X-Goog-Upload-Offset"));
        command.offset = offset.isEmpty() ? -1 : offset.toLongLong();
        commands.append(command);
    }
    return commands;
}

inline QList<qint64> chunkOffsets(const QList<LoggedCommand> &commands)
{
    QList<qint64> offsets;
    for (const LoggedCommand &command : commands) {
        if (command.command.startsWith(QStringLiteral("upload")))
            offsets.append(command.offset);
    }
    return offsets;
}

inline qsizetype indexOfCommand(const QList<LoggedCommand> &commands, const QString &name)
{
    for (qsizetype i = 0; i < commands.size(); ++i) {
        if (commands.at(i).command == name)
            return i;
    }
    return -1;
}

inline UploadOptions uploadOptions(qint64 chunkSize)
{
    UploadOptions options;
    options.displayName = QStringLiteral("upload.jsonl");
    options.chunkSize = chunkSize;
    options.retryDelayMs = 50;
    return options;
}

// A fault on the next chunk request(s) (command "upload" or "upload, finalize"). Qt resends a
// request by itself once when a kept-alive connection drops, so a reset that must reach the job
// needs times: 2.
inline QJsonObject chunkFault(
    const QString &action, int status = 0, const QJsonValue &body = {}, qint64 afterBytes = -1, int times = 1)
{
    QJsonObject rule { { QStringLiteral("method"), QStringLiteral("POST") },
        { QStringLiteral("path"), QStringLiteral("^/upload/") },
        { QStringLiteral("command"), QStringLiteral("upload") }, { QStringLiteral("action"), action },
        { QStringLiteral("times"), times } };
    if (status)
        rule.insert(QStringLiteral("status"), status);
    if (!body.isUndefined())
        rule.insert(QStringLiteral("body"), body);
    if (afterBytes >= 0)
        rule.insert(QStringLiteral("afterBytes"), afterBytes);
    return rule;
}

} // namespace bb::gemini::test
