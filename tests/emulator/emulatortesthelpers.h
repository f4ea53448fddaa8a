#pragma once

#include "emulatorprocess.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

// Raw-HTTP helpers for the emulator tests. Deliberately independent of app/gemini: these tests
// check the emulator against the protocol notes, not against our own client.
namespace bb::test {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// base64 of the lowercase hex SHA-256, computed independently with QCryptographicHash.
QString expectedSha256Hash(const QByteArray &data);

// `count` valid input lines with keys "<prefix>-0000"… and distinct prompts.
QByteArray makeJsonl(int count, const QString &prefix = QStringLiteral("k"));

// Starts a resumable upload; returns the session URL (empty on failure; see lastReply()).
QUrl startUpload(EmulatorProcess &emu, qint64 size, const QString &displayName,
    const QString &version = QStringLiteral("v1beta"), const Headers &extra = {});
EmulatorProcess::Reply sendChunk(
    EmulatorProcess &emu, const QUrl &session, const QByteArray &data, qint64 offset, bool finalize);
EmulatorProcess::Reply uploadCommand(EmulatorProcess &emu, const QUrl &session, const QByteArray &command);
// Whole upload in chunks of `chunkSize`; returns the File object of the final reply.
QJsonObject uploadBytes(EmulatorProcess &emu, const QByteArray &data, qint64 chunkSize,
    const QString &displayName = QStringLiteral("input.jsonl"),
    const QString &version = QStringLiteral("v1beta"));

// POST /v1beta/models/<model>:batchGenerateContent with a file input; returns the reply.
EmulatorProcess::Reply createFileBatch(EmulatorProcess &emu, const QString &fileName,
    const QString &displayName, const QString &model = QStringLiteral("gemini-3.5-flash"),
    const Headers &extra = {});
// Uploads `lines` JSONL lines and creates a batch from them; returns the Operation.
QJsonObject uploadAndCreate(EmulatorProcess &emu, int lines, const QString &displayName,
    const QString &model = QStringLiteral("gemini-3.5-flash"));

QString batchState(const QJsonObject &operation);
QJsonObject errorOf(const EmulatorProcess::Reply &reply);

} // namespace bb::test
