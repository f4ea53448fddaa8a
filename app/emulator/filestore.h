#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <map>

namespace bb::emulator {

struct StoredFile
{
    QString id; // without "files/"
    QString displayName;
    QString mimeType;
    qint64 sizeBytes = 0;
    qint64 createUs = 0;
    qint64 updateUs = 0;
    qint64 expireUs = 0;
    qint64 activeAtUs = 0; // PROCESSING before this instant
    QByteArray sha256Hex;
    bool generated = false; // batch results (source GENERATED, downloadable)
    QString path; // bytes on disk
    quint64 seq = 0; // creation order
};

// File resources with their bytes on disk (a private temporary directory), never in memory.
// Expired files vanish: purgeExpired() removes them together with their bytes.
class FileStore final
{
public:
    FileStore();
    ~FileStore();
    FileStore(const FileStore &) = delete;
    FileStore &operator=(const FileStore &) = delete;

    bool isValid() const { return m_dir.isValid(); }
    // A fresh path inside the store's directory (for upload sessions and batch snapshots).
    QString newDataPath(const QString &prefix);
    // A 12-character [a-z0-9] id not in use.
    QString newId() const;
    static bool isValidId(const QString &id);

    const StoredFile *find(const QString &id) const;
    bool contains(const QString &id) const { return m_files.contains(id); }
    const StoredFile &add(StoredFile file);
    bool remove(const QString &id);
    void purgeExpired(qint64 nowUs);
    void clear();

    // Uploaded files (files.list leaves generated results out), newest first, after the item with
    // sequence `afterSeq` (0 = from the start).
    QList<const StoredFile *> page(quint64 afterSeq, int pageSize, bool *more) const;
    QList<const StoredFile *> all() const; // generated results included
    qint64 uploadedBytes() const { return m_uploadedBytes; }
    int count() const { return int(m_files.size()); }

    static QJsonObject toJson(const StoredFile &file, qint64 nowUs);
    // Hard-links (or copies) a stored file's bytes so they outlive the file resource.
    static bool linkOrCopy(const QString &from, const QString &to);

private:
    QTemporaryDir m_dir;
    QHash<QString, StoredFile> m_files;
    std::map<quint64, QString> m_bySeq;
    std::map<quint64, QString> m_uploadedBySeq;
    std::multimap<qint64, QString> m_byExpiry;
    quint64 m_nextSeq = 1;
    quint64 m_nextPath = 1;
    qint64 m_uploadedBytes = 0;
};

} // namespace bb::emulator
