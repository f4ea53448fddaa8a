#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

namespace bb {

namespace gemini {
class GeminiClient;
class GeminiJob;
struct ProxySettings;
} // namespace gemini

// "Test connection" in Settings: one cheap authenticated call (list one file) with the key and
// base URL (and proxy) being edited, through its own client so the running engine is not disturbed.
class ConnectionTester final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTester)

public:
    explicit ConnectionTester(QObject *parent = nullptr);

    void test(const QUrl &baseUrl, const QString &apiKey, const gemini::ProxySettings &proxy);
    bool isRunning() const { return !m_job.isNull(); }

signals:
    void finished(bool ok, const QString &message); // translated

private:
    gemini::GeminiClient *m_client;
    QPointer<gemini::GeminiJob> m_job;
};

} // namespace bb
