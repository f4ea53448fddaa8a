#include "emulatortesthelpers.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace bb::test {

QString expectedSha256Hash(const QByteArray &data)
{
    const QByteArray hex = QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    return QString::fromLatin1(hex.toBase64());
}

QByteArray makeJsonl(int count, const QString &prefix)
{
    QByteArray out;
    for (int i = 0; i < count; ++i) {
        const QJsonObject line {
            { QStringLiteral("key"), QStringLiteral("%1-%2").arg(prefix).arg(i, 4, 10, QLatin1Char('0')) },
            { QStringLiteral("request"),
                QJsonObject { { QStringLiteral("contents"),
                    QJsonArray { QJsonObject {
                        { QStringLiteral("role"), QStringLiteral("user") },
                        { QStringLiteral("parts"),
                            QJsonArray { QJsonObject { { QStringLiteral("text"),
                                QStringLiteral("Prompt number %1 of %2").arg(i).arg(prefix) } } } },
                    } } } } },
        };
        out += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    }
    return out;
}

QUrl startUpload(EmulatorProcess &emu, qint64 size, const QString &displayName, const QString &version,
    const Headers &extra)
{
    Headers headers {
        { QByteArrayLiteral("X-Goog-Upload-Protocol"), QByteArrayLiteral("resumable") },
        { QByteArrayLiteral("X-Goog-Upload-Command"), QByteArrayLiteral("start") },
        { QByteArrayLiteral("X-Goog-Upload-Header-Content-Length"), QByteArray::number(size) },
        { QByteArrayLiteral("X-Goog-Upload-Header-Content-Type"), QByteArrayLiteral("application/jsonl") },
    };
    headers += extra;
    const QJsonObject body { { QStringLiteral("file"),
        QJsonObject { { QStringLiteral("displayName"), displayName },
            { QStringLiteral("mimeType"), QStringLiteral("application/jsonl") },
            { QStringLiteral("sizeBytes"), QString::number(size) } } } };
    const auto reply = emu.postJson(QStringLiteral("/upload/%1/files").arg(version), body, headers);
    if (reply.status != 200)
        return {};
    return QUrl(QString::fromLatin1(reply.header(QByteArrayLiteral("X-Goog-Upload-URL"))));
}

EmulatorProcess::Reply sendChunk(
    EmulatorProcess &emu, const QUrl &session, const QByteArray &data, qint64 offset, bool finalize)
{
    return emu.request(QByteArrayLiteral("POST"), session.toString(), data,
        { { QByteArrayLiteral("X-Goog-Upload-Command"),
              finalize ? QByteArrayLiteral("upload, finalize") : QByteArrayLiteral("upload") },
            { QByteArrayLiteral("X-Goog-Upload-Offset"), QByteArray::number(offset) } });
}

EmulatorProcess::Reply uploadCommand(EmulatorProcess &emu, const QUrl &session, const QByteArray &command)
{
    return emu.request(QByteArrayLiteral("POST"), session.toString(), {},
        { { QByteArrayLiteral("X-Goog-Upload-Command"), command } });
}

QJsonObject uploadBytes(EmulatorProcess &emu, const QByteArray &data, qint64 chunkSize,
    const QString &displayName, const QString &version)
{
    const QUrl session = startUpload(emu, data.size(), displayName, version);
    if (session.isEmpty())
        return {};
    qint64 offset = 0;
    EmulatorProcess::Reply reply;
    do {
        const qint64 n = std::min<qint64>(chunkSize, data.size() - offset);
        const bool last = offset + n == data.size();
        reply = sendChunk(emu, session, data.mid(offset, n), offset, last);
        if (reply.status != 200)
            return {};
        offset += n;
    } while (offset < data.size());
    return reply.json().value(QStringLiteral("file")).toObject();
}

EmulatorProcess::Reply createFileBatch(EmulatorProcess &emu, const QString &fileName,
    const QString &displayName, const QString &model, const Headers &extra)
{
    const QJsonObject body { { QStringLiteral("batch"),
        QJsonObject { { QStringLiteral("displayName"), displayName },
            { QStringLiteral("inputConfig"), QJsonObject { { QStringLiteral("fileName"), fileName } } } } } };
    return emu.postJson(QStringLiteral("/v1beta/models/%1:batchGenerateContent").arg(model), body, extra);
}

QJsonObject uploadAndCreate(EmulatorProcess &emu, int lines, const QString &displayName, const QString &model)
{
    const QJsonObject file
        = uploadBytes(emu, makeJsonl(lines, displayName), 1 << 20, displayName + QStringLiteral(".jsonl"));
    const auto reply
        = createFileBatch(emu, file.value(QStringLiteral("name")).toString(), displayName, model);
    return reply.status == 200 ? reply.json() : QJsonObject();
}

QString batchState(const QJsonObject &operation)
{
    return operation.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("state")).toString();
}

QJsonObject errorOf(const EmulatorProcess::Reply &reply)
{
    return reply.json().value(QStringLiteral("error")).toObject();
}

} // namespace bb::test
