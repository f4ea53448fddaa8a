#include "uploadsessions.h"

#include "filestore.h"

#include <QRandomGenerator>

namespace bb::emulator {

QString UploadSession::statusName(Status status)
{
    switch (status) {
    case Status::Active:
        return QStringLiteral("active");
    case Status::Final:
        return QStringLiteral("final");
    case Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("active");
}

UploadSessions::UploadSessions(FileStore &store)
    : m_store(store)
{
}

UploadSessions::~UploadSessions()
{
    clear();
}

UploadSession *UploadSessions::start(qint64 nowUs)
{
    purge(nowUs);
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString id;
    do {
        id = QStringLiteral("AJRb");
        for (int i = 0; i < 44; ++i)
            id += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(64)]);
    } while (m_sessions.count(id));

    auto session = std::make_unique<UploadSession>();
    session->id = id;
    session->createdUs = nowUs;
    session->path = m_store.newDataPath(QStringLiteral("upload"));
    session->file = std::make_unique<QFile>(session->path);
    if (!session->file->open(QIODevice::WriteOnly | QIODevice::Truncate))
        return nullptr;
    session->hash = std::make_unique<Sha256Stream>();
    UploadSession *raw = session.get();
    m_sessions.emplace(id, std::move(session));
    return raw;
}

UploadSession *UploadSessions::find(const QString &id, qint64 nowUs)
{
    purge(nowUs);
    const auto it = m_sessions.find(id);
    return it == m_sessions.end() ? nullptr : it->second.get();
}

bool UploadSessions::append(UploadSession &session, const char *data, qint64 size)
{
    if (size <= 0)
        return true;
    if (!session.file || session.file->write(data, size) != size)
        return false;
    session.hash->add(data, size);
    session.received += size;
    return true;
}

QByteArray UploadSessions::finish(UploadSession &session)
{
    if (session.file) {
        session.file->close();
        session.file.reset();
    }
    QByteArray hex = session.hash ? session.hash->finishHex() : QByteArray();
    session.hash.reset();
    session.status = UploadSession::Status::Final;
    return hex;
}

void UploadSessions::cancel(UploadSession &session)
{
    if (session.file) {
        session.file->close();
        session.file.reset();
    }
    session.hash.reset();
    if (session.status == UploadSession::Status::Active)
        QFile::remove(session.path);
    session.status = UploadSession::Status::Cancelled;
}

void UploadSessions::clear()
{
    for (auto &entry : m_sessions)
        cancel(*entry.second);
    m_sessions.clear();
}

QList<const UploadSession *> UploadSessions::all() const
{
    QList<const UploadSession *> out;
    for (const auto &entry : m_sessions)
        out.append(entry.second.get());
    return out;
}

int UploadSessions::activeCount() const
{
    int n = 0;
    for (const auto &entry : m_sessions)
        n += entry.second->status == UploadSession::Status::Active ? 1 : 0;
    return n;
}

void UploadSessions::purge(qint64 nowUs)
{
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (nowUs - it->second->createdUs > kLifetimeUs) {
            cancel(*it->second);
            it = m_sessions.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace bb::emulator
