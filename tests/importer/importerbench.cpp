// Throughput probe for the importer (not a test):
//   importer-bench generate OUT SIZE_MIB [FILES]   QA-style JSONL; with FILES > 1, OUT is a folder
//   importer-bench validate [--parallel N] [--block BYTES] PATH...
// Prints one line per run: bytes, seconds, MB/s, requests, errors.
#include "folderscanner.h"
#include "importtask.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTextStream>

#include <cstdio>

using namespace bb;

namespace {

const char *const kWords[] = { "the", "model", "answer", "question", "batch", "which", "token", "between",
    "because", "river", "Paris", "1987", "équipe", "\\\"quoted\\\"", "line\\nbreak", "日本", "data", "of",
    "and", "a", "to", "is", "in", "what", "how", "explain", "summary", "result" };

QByteArray qaText(QRandomGenerator &random, int bytes)
{
    QByteArray text = "Question: ";
    bool answered = false;
    while (text.size() < bytes) {
        text += kWords[random.bounded(int(std::size(kWords)))];
        text += random.bounded(12) == 0 ? ". " : " ";
        if (!answered && text.size() > bytes / 2) {
            text += "\\n\\nAnswer: ";
            answered = true;
        }
    }
    return text;
}

bool writeJsonl(const QString &path, qint64 bytes, int batch, QRandomGenerator &random)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray chunk;
    qint64 written = 0;
    for (int i = 1; written + chunk.size() < bytes; ++i) {
        chunk += "{\"key\":\"batch-" + QByteArray::number(batch).rightJustified(3, '0') + '-'
            + QByteArray::number(i).rightJustified(4, '0')
            + "\",\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\""
            + qaText(random, 1800 + random.bounded(400))
            + "\"}]}],\"generationConfig\":{\"temperature\":0.2}}}\n";
        if (chunk.size() > (1 << 20)) {
            written += file.write(chunk);
            chunk.clear();
        }
    }
    return file.write(chunk) == chunk.size();
}

int generate(const QStringList &args)
{
    if (args.size() < 2)
        return 2;
    const qint64 total = args.at(1).toLongLong() << 20;
    const int files = args.size() > 2 ? args.at(2).toInt() : 1;
    QRandomGenerator random(2026);
    if (files <= 1)
        return writeJsonl(args.at(0), total, 11, random) ? 0 : 1;
    QDir().mkpath(args.at(0));
    for (int f = 0; f < files; ++f) {
        const QString name = QStringLiteral("batch_%1.jsonl").arg(f + 11, 3, 10, QLatin1Char('0'));
        if (!writeJsonl(QDir(args.at(0)).filePath(name), total / files, f + 11, random))
            return 1;
    }
    return 0;
}

int validate(QStringList args)
{
    ImportOptions options;
    while (args.size() >= 2 && args.first().startsWith(QLatin1StringView("--"))) {
        const QString flag = args.takeFirst();
        const qint64 value = args.takeFirst().toLongLong();
        if (flag == QLatin1StringView("--parallel"))
            options.parallelFiles = int(value);
        else if (flag == QLatin1StringView("--block"))
            options.validator.blockBytes = value;
    }
    const FolderScan scan = FolderScanner::scan(args);
    QStringList paths;
    for (const ScannedFile &f : scan.files)
        paths.append(f.path);
    QElapsedTimer timer;
    timer.start();
    const QList<ValidationResult> results = validateFiles(paths, options);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    qint64 bytes = 0, requests = 0, errors = 0;
    for (const ValidationResult &r : results) {
        bytes += r.size;
        requests += r.requestCount;
        errors += r.errorCount;
    }
    std::printf("files=%lld bytes=%lld seconds=%.3f MBps=%.1f requests=%lld errors=%lld\n",
        qlonglong(results.size()), qlonglong(bytes), seconds, double(bytes) / 1e6 / seconds,
        qlonglong(requests), qlonglong(errors));
    return errors == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const QString command = args.isEmpty() ? QString() : args.takeFirst();
    if (command == QLatin1StringView("generate"))
        return generate(args);
    if (command == QLatin1StringView("validate"))
        return validate(args);
    std::fprintf(stderr,
        "usage: importer-bench generate OUT SIZE_MIB [FILES] | validate [--parallel N] [--block B] "
        "PATH...\n");
    return 2;
}
