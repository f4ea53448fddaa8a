#pragma once

#include "rpcstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace bb::gemini {

// A Files API resource (`files/<id>`).
struct GeminiFile
{
    enum class State
    {
        Unspecified, // STATE_UNSPECIFIED or absent
        Processing,
        Active,
        Failed,
        Unknown, // a value we do not know; see stateName
    };

    QString name; // "files/<id>"
    QString displayName;
    QString mimeType;
    qint64 sizeBytes = -1; // -1 when the server did not report it
    QDateTime createTime; // UTC
    QDateTime updateTime;
    QDateTime expirationTime;
    QString sha256Hash; // as sent: base64 of the lowercase hex digest
    QUrl uri;
    QUrl downloadUri;
    State state = State::Unspecified;
    QString stateName; // raw wire value, e.g. "ACTIVE"
    QString source; // UPLOADED, GENERATED, REGISTERED, ...
    RpcStatus error; // set when state is FAILED

    QString id() const; // the part after "files/"
    // The lowercase hex SHA-256 of the file's bytes, decoded from sha256Hash (the server sends
    // base64 of the hex text; a base64 raw digest is tolerated too). Empty when unknown/invalid.
    QString sha256Hex() const;

    // Reads a File object; false with a reason when it is malformed (wrong types, no name).
    static bool fromJson(const QJsonObject &object, GeminiFile *file, QString *error);
    static State stateFromString(const QString &name);
};

// One page of files.list.
struct FilePage
{
    QList<GeminiFile> files;
    QString nextPageToken; // empty on the last page (absent or "" on the wire)

    bool hasNextPage() const { return !nextPageToken.isEmpty(); }
    static bool fromJson(const QJsonObject &object, FilePage *page, QString *error);
};

// Accepts "files/abc", "abc" or a full ".../files/abc" URI and returns "abc" (empty if none).
QString fileIdFromName(const QString &nameOrUri);
// A batch's generated output ("files/batch-<36>"): it can only be downloaded. files.get and
// DELETE answer 400 for it, and deleting its batch deletes it (changes-2026 row 6).
bool isGeneratedOutputId(const QString &fileId);

} // namespace bb::gemini
