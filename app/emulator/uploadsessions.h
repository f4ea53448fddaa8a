#pragma once

#include "sha256stream.h"

#include <QFile>
#include <QList>
#include <QString>

#include <map>
#include <memory>

namespace bb::emulator {

class FileStore;

struct UploadSession
{
    enum class Status
    {
        Active,
        Final,
        Cancelled,
    };

    QString id;
    QString version; // "v1beta" or "v1": the session URL keeps the start's version
    QString displayName;
    QString mimeType;
    QString requestedId; // "name" from the start body, if any
    qint64 declaredSize = -1; // X-Goog-Upload-Header-Content-Length; -1 = not declared
    qint64 received = 0;
    qint64 createdUs = 0;
    Status status = Status::Active;
    QString fileId; // set once final
    QString path; // the bytes received so far
    std::unique_ptr<QFile> file;
    std::unique_ptr<Sha256Stream> hash;

    static QString statusName(Status status);
};

// Resumable upload sessions (X-Goog-Upload protocol, protocol.md §2.1-2.3). Bytes go straight to
// a file in the FileStore's directory and through an incremental SHA-256; nothing is buffered.
class UploadSessions final
{
public:
    static constexpr qint64 kLifetimeUs = 7LL * 24 * 3600 * 1000000; // other Google APIs: ~7 days

    explicit UploadSessions(FileStore &store);
    ~UploadSessions();

    UploadSession *start(qint64 nowUs);
    // Unknown or older than the session lifetime → nullptr.
    UploadSession *find(const QString &id, qint64 nowUs);
    // Appends bytes at the session's current offset. False on a disk error.
    bool append(UploadSession &session, const char *data, qint64 size);
    // Closes the data file and returns the lowercase hex SHA-256 of everything received.
    QByteArray finish(UploadSession &session);
    void cancel(UploadSession &session);
    void clear();

    QList<const UploadSession *> all() const;
    int activeCount() const;

private:
    void purge(qint64 nowUs);

    FileStore &m_store;
    std::map<QString, std::unique_ptr<UploadSession>> m_sessions;
};

} // namespace bb::emulator
