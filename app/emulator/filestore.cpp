#include "filestore.h"

#include "emulatorclock.h"
#include "jsonfields.h"
#include "sha256stream.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <unistd.h>

namespace bb::emulator {
namespace {

const QString kPublicBase = QStringLiteral("https://generativelanguage.googleapis.com/");

QString randomId(int length)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString id;
    id.reserve(length);
    for (int i = 0; i < length; ++i)
        id += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(36)]);
    return id;
}

} // namespace

FileStore::FileStore()
    : m_dir(QDir::tempPath() + QStringLiteral("/gemini-emulator-XXXXXX"))
{
}

FileStore::~FileStore() = default;

QString FileStore::newDataPath(const QString &prefix)
{
    return m_dir.filePath(prefix + QLatin1Char('-') + QString::number(m_nextPath++));
}

QString FileStore::newId() const
{
    QString id;
    do {
        id = randomId(12);
    } while (m_files.contains(id));
    return id;
}

bool FileStore::isValidId(const QString &id)
{
    if (id.isEmpty() || id.size() > 40 || id.startsWith(QLatin1Char('-')) || id.endsWith(QLatin1Char('-')))
        return false;
    for (const QChar c : id) {
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z'))
                || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')))
            return false;
    }
    return true;
}

const StoredFile *FileStore::find(const QString &id) const
{
    const auto it = m_files.constFind(id);
    return it == m_files.constEnd() ? nullptr : &it.value();
}

const StoredFile &FileStore::add(StoredFile file)
{
    remove(file.id);
    file.seq = m_nextSeq++;
    if (!file.generated) {
        m_uploadedBytes += file.sizeBytes;
        m_uploadedBySeq.emplace(file.seq, file.id);
    }
    m_bySeq.emplace(file.seq, file.id);
    m_byExpiry.emplace(file.expireUs, file.id);
    return *m_files.insert(file.id, file);
}

bool FileStore::remove(const QString &id)
{
    const auto it = m_files.find(id);
    if (it == m_files.end())
        return false;
    const StoredFile &f = it.value();
    m_bySeq.erase(f.seq);
    m_uploadedBySeq.erase(f.seq);
    for (auto e = m_byExpiry.lower_bound(f.expireUs); e != m_byExpiry.end() && e->first == f.expireUs; ++e) {
        if (e->second == id) {
            m_byExpiry.erase(e);
            break;
        }
    }
    if (!f.generated)
        m_uploadedBytes -= f.sizeBytes;
    QFile::remove(f.path);
    m_files.erase(it);
    return true;
}

void FileStore::purgeExpired(qint64 nowUs)
{
    while (!m_byExpiry.empty() && m_byExpiry.begin()->first <= nowUs) {
        const QString id = m_byExpiry.begin()->second;
        if (!remove(id))
            m_byExpiry.erase(m_byExpiry.begin());
    }
}

void FileStore::clear()
{
    for (const StoredFile &f : std::as_const(m_files))
        QFile::remove(f.path);
    m_files.clear();
    m_bySeq.clear();
    m_uploadedBySeq.clear();
    m_byExpiry.clear();
    m_uploadedBytes = 0;
}

QList<const StoredFile *> FileStore::page(quint64 afterSeq, int pageSize, bool *more) const
{
    return paging::newestFirst(
        m_uploadedBySeq, afterSeq, pageSize, more, [this](const QString &id) { return find(id); });
}

QList<const StoredFile *> FileStore::all() const
{
    bool more = false;
    return paging::newestFirst(
        m_bySeq, 0, int(m_files.size()), &more, [this](const QString &id) { return find(id); });
}

QJsonObject FileStore::toJson(const StoredFile &file, qint64 nowUs)
{
    QJsonObject o {
        { QStringLiteral("name"), QString(QStringLiteral("files/") + file.id) },
        { QStringLiteral("mimeType"), file.mimeType },
        { QStringLiteral("createTime"), EmulatorClock::rfc3339(file.createUs, 6) },
        { QStringLiteral("updateTime"), EmulatorClock::rfc3339(file.updateUs, 6) },
        { QStringLiteral("expirationTime"), EmulatorClock::rfc3339(file.expireUs, 9) },
        { QStringLiteral("sha256Hash"), Sha256Stream::filesApiHash(file.sha256Hex) },
        { QStringLiteral("uri"), QString(kPublicBase + QStringLiteral("v1beta/files/") + file.id) },
        { QStringLiteral("state"),
            nowUs < file.activeAtUs ? QStringLiteral("PROCESSING") : QStringLiteral("ACTIVE") },
        { QStringLiteral("source"),
            file.generated ? QStringLiteral("GENERATED") : QStringLiteral("UPLOADED") },
    };
    if (!file.displayName.isEmpty())
        o.insert(QStringLiteral("displayName"), file.displayName);
    if (file.sizeBytes != 0) // proto3 JSON omits zero values
        o.insert(QStringLiteral("sizeBytes"), json::int64String(file.sizeBytes));
    if (file.generated)
        o.insert(QStringLiteral("downloadUri"),
            QString(kPublicBase + QStringLiteral("download/v1beta/files/") + file.id
                + QStringLiteral(":download?alt=media")));
    return o;
}

bool FileStore::linkOrCopy(const QString &from, const QString &to)
{
    if (::link(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0)
        return true;
    return QFile::copy(from, to);
}

} // namespace bb::emulator
