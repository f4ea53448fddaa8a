// Benchmark 2 of issue 8, the client side: uploads one file through bb_gemini's UploadJob (the
// engine's upload path: resumable start, chunks, finalize) and prints one JSON object with the
// wall time and the process's memory: resident size when idle (client built, nothing sent) and
// the peak resident size during the upload (VmHWM, reset just before the upload starts).
//   bench_upload BASE_URL FILE [CHUNK_MIB]
#include "geminiclient.h"
#include "uploadjob.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <cstdio>

namespace {

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); -1 when unavailable.
qint64 statusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix)) {
            bool ok = false;
            const qint64 kib = line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong(&ok);
            return ok ? kib : -1;
        }
    }
    return -1;
}

// Makes VmHWM start again from the current resident size (Linux: clear_refs value 5).
bool resetPeak()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    return refs.open(QIODevice::WriteOnly) && refs.write("5") == 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: bench_upload BASE_URL FILE [CHUNK_MIB]\n");
        return 2;
    }
    bb::gemini::GeminiClient client;
    if (!client.setBaseUrl(QUrl(args.at(1)))) {
        std::fprintf(stderr, "bench_upload: %s\n", qPrintable(client.baseUrlError()));
        return 2;
    }
    client.setApiKey(qEnvironmentVariable("GEMINI_API_KEY"));
    bb::gemini::UploadOptions options;
    options.displayName = QStringLiteral("bench-upload");
    if (args.size() > 3)
        options.chunkSize = args.at(3).toLongLong() * 1024 * 1024;

    const qint64 idleKiB = statusKiB("VmRSS");
    const bool peakReset = resetPeak();
    QElapsedTimer timer;
    int rc = 1;
    bb::gemini::UploadJob *job = client.upload(args.at(2), options);
    QObject::connect(job, &bb::gemini::GeminiJob::finished, &app, [&](bb::gemini::GeminiJob *) {
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        const qint64 peakKiB = statusKiB("VmHWM");
        const auto result = job->result();
        QJsonObject out {
            { QStringLiteral("ok"), result.ok() },
            { QStringLiteral("bytes"), double(job->totalBytes()) },
            { QStringLiteral("seconds"), seconds },
            { QStringLiteral("bytesOnWire"), double(job->bytesOnWire()) },
            { QStringLiteral("chunkBytes"), double(options.chunkSize) },
            { QStringLiteral("idleRssKiB"), double(idleKiB) },
            { QStringLiteral("peakRssKiB"), double(peakKiB) },
            { QStringLiteral("peakResetOk"), peakReset },
        };
        if (result.ok()) {
            out.insert(QStringLiteral("file"), result.value.name);
            out.insert(QStringLiteral("sizeBytes"), double(result.value.sizeBytes));
        } else {
            out.insert(QStringLiteral("error"), result.error.toString());
        }
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        rc = result.ok() ? 0 : 1;
        QCoreApplication::quit();
    });
    timer.start();
    job->start();
    app.exec();
    return rc;
}
