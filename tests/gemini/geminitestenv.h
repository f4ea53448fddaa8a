#pragma once

// Shared helpers of the emulator-backed Gemini client tests: one emulator process, a client
// pointed at it, a way to run a job to completion and small JSONL/file builders.

#include "batchcalljobs.h"
#include "downloadjob.h"
#include "emulatorprocess.h"
#include "filejobs.h"
#include "geminiclient.h"
#include "listalljobs.h"
#include "uploadjob.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace bb::gemini::test {

// Starts a job, waits until it finished (aborting it after `timeoutMs`) and returns its result,
// copied out before the job deletes itself.
template<typename Job> auto runJob(Job *job, int timeoutMs = 30'000) -> decltype(job->result())
{
    decltype(job->result()) result {};
    bool done = false;
    int finishedCount = 0;
    QObject::connect(job, &GeminiJob::finished, job, [&, job](GeminiJob *) {
        result = job->result();
        done = true;
        ++finishedCount;
    });
    job->start();
    if (!QTest::qWaitFor([&done] { return done; }, timeoutMs)) {
        qWarning("job did not finish within %d ms, aborting it", timeoutMs);
        job->abort();
    }
    return result;
}

class Env final
{
public:
    explicit Env(const QStringList &emulatorArgs = {})
        : m_emulator(std::make_unique<bb::test::EmulatorProcess>())
    {
        m_started = m_emulator->start(emulatorArgs);
        if (!m_started)
            qWarning("gemini-emulator did not start: %s", qPrintable(m_emulator->errorString()));
        m_client = makeClient();
    }

    bb::test::EmulatorProcess &emulator() { return *m_emulator; }
    GeminiClient &client() { return *m_client; }
    QUrl baseUrl() const { return m_emulator->baseUrl(); }
    bool isRunning() const { return m_started && m_emulator->isRunning(); }

    // Back to an empty emulator (state, faults, limits, log) and a default client.
    void reset()
    {
        if (!m_emulator->reset())
            qWarning("emulator reset failed: %s", m_emulator->lastReply().body.constData());
        m_client = makeClient();
    }

    bool addFaults(const QJsonArray &rules)
    {
        const bool ok = m_emulator->addFaults(rules);
        if (!ok)
            qWarning("fault rules refused: %s", m_emulator->lastReply().body.constData());
        return ok;
    }

    bool configure(const QJsonObject &patch)
    {
        const bool ok = !m_emulator->configure(patch).isEmpty();
        if (!ok)
            qWarning("configuration refused: %s", m_emulator->lastReply().body.constData());
        return ok;
    }

    // Requests of the API log whose path matches `pattern`.
    QList<QJsonObject> requests(const QString &pattern = {})
    {
        QList<QJsonObject> matching;
        const QRegularExpression regex(pattern);
        const QJsonArray all = m_emulator->requests();
        for (const QJsonValue &value : all) {
            const QJsonObject request = value.toObject();
            if (pattern.isEmpty() || regex.match(request.value(QStringLiteral("path")).toString()).hasMatch())
                matching.append(request);
        }
        return matching;
    }

private:
    std::unique_ptr<GeminiClient> makeClient() const
    {
        auto client = std::make_unique<GeminiClient>();
        client->setBaseUrl(m_emulator->baseUrl());
        client->setRequestTimeout(15'000);
        return client;
    }

    std::unique_ptr<bb::test::EmulatorProcess> m_emulator;
    std::unique_ptr<GeminiClient> m_client;
    bool m_started = false;
};

// A header value of a logged request, whatever the case of its name.
inline QString loggedHeader(const QJsonObject &request, const QString &name)
{
    const QJsonValue headers = request.value(QStringLiteral("headers"));
    if (headers.isObject()) {
        const QJsonObject object = headers.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key().compare(name, Qt::CaseInsensitive) == 0)
                return it.value().isArray() ? it.value().toArray().first().toString() : it.value().toString();
        }
    } else if (headers.isArray()) { // [[name, value], ...] or [{"name":..,"value":..}]
        for (const QJsonValue &entry : headers.toArray()) {
            if (entry.isArray() && entry.toArray().first().toString().compare(name, Qt::CaseInsensitive) == 0)
                return entry.toArray().at(1).toString();
            if (entry.isObject()
                && entry.toObject()
                        .value(QStringLiteral("name"))
                        .toString()
                        .compare(name, Qt::CaseInsensitive)
                    == 0)
                return entry.toObject().value(QStringLiteral("value")).toString();
        }
    }
    return {};
}

// JSONL batch input of `lines` requests, each padded to about `lineBytes` bytes.
inline QByteArray makeJsonl(int lines, int lineBytes = 120, const QString &keyPrefix = QStringLiteral("q-"))
{
    QByteArray data;
    for (int i = 0; i < lines; ++i) {
        const QString key = keyPrefix + QString::number(i).rightJustified(5, QLatin1Char('0'));
        QString text = QStringLiteral("Say the number %1 ").arg(i);
        text += QString(qMax(0, lineBytes - 110 - int(text.size())), QLatin1Char('x'));
        const QJsonObject part { { QStringLiteral("text"), text } };
        const QJsonObject content { { QStringLiteral("role"), QStringLiteral("user") },
            { QStringLiteral("parts"), QJsonArray { part } } };
        const QJsonObject request { { QStringLiteral("contents"), QJsonArray { content } } };
        data += QJsonDocument(
            QJsonObject { { QStringLiteral("key"), key }, { QStringLiteral("request"), request } })
                    .toJson(QJsonDocument::Compact);
        data += '\n';
    }
    return data;
}

inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

inline QString sha256Hex(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

inline Result<GeminiFile> uploadBytes(GeminiClient &client, const QTemporaryDir &dir, const QString &name,
    const QByteArray &content, qint64 chunkSize = UploadOptions::DefaultChunkSize)
{
    UploadOptions options;
    options.displayName = name;
    options.chunkSize = chunkSize;
    return runJob(client.upload(writeFile(dir, name, content), options));
}

} // namespace bb::gemini::test
