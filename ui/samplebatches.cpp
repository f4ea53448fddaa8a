#include "samplebatches.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace bb {
namespace {

// A small cast of topics so the requests (and their token estimates) differ like real ones.
const char *const kTopics[] = {
    "photosynthesis in C4 plants",
    "the causes of the 1929 stock market crash",
    "how TCP congestion control works",
    "the rules of Japanese go",
    "why the sky is blue",
    "the history of the printing press",
    "mRNA vaccines",
    "the water cycle",
    "public-key cryptography",
    "the French Revolution",
    "black holes and Hawking radiation",
    "sourdough fermentation",
};

QByteArray requestLine(int batch, int question)
{
    const QString key = QStringLiteral("b%1-q%2")
                            .arg(batch, 3, 10, QLatin1Char('0'))
                            .arg(question, 3, 10, QLatin1Char('0'));
    const QString topic = QString::fromLatin1(kTopics[(batch * 7 + question) % std::size(kTopics)]);
    QString answer = QStringLiteral("It is about %1.").arg(topic);
    for (int i = 0; i < (batch + question) % 5; ++i)
        answer
            += QStringLiteral(" It has several parts worth explaining one by one, with an example for each.");
    const QString prompt
        = QStringLiteral("Refine this question/answer pair so that it is precise, correct and "
                         "self-contained. Keep the answer under 120 words.\n\nQuestion: What "
                         "should a student know about %1? (item %2)\nAnswer: %3")
              .arg(topic, key, answer);
    const QJsonObject part { { QStringLiteral("text"), prompt } };
    const QJsonObject content { { QStringLiteral("role"), QStringLiteral("user") },
        { QStringLiteral("parts"), QJsonArray { part } } };
    const QJsonObject request { { QStringLiteral("contents"), QJsonArray { content } },
        { QStringLiteral("generationConfig"), QJsonObject { { QStringLiteral("temperature"), 0.2 } } } };
    return QJsonDocument(
               QJsonObject { { QStringLiteral("key"), key }, { QStringLiteral("request"), request } })
               .toJson(QJsonDocument::Compact)
        + '\n';
}

} // namespace

SampleBatchesResult writeSampleBatches(const QString &folder, int files, int perFile,
    const std::atomic_bool *cancel, const std::function<void(int)> &progress)
{
    SampleBatchesResult result;
    QDir dir(folder);
    if (dir.exists()) {
        // Only our own sample files go: the folder is Batchboard's, but be careful anyway.
        for (const QString &name : dir.entryList({ QStringLiteral("batch_*.jsonl") }, QDir::Files))
            dir.remove(name);
    }
    if (!QDir().mkpath(folder)) {
        result.error = QStringLiteral("cannot create %1").arg(folder);
        return result;
    }
    for (int f = 1; f <= files; ++f) {
        if (cancel && cancel->load()) {
            result.error = QStringLiteral("cancelled");
            return result;
        }
        QSaveFile file(dir.filePath(QStringLiteral("batch_%1.jsonl").arg(f, 3, 10, QLatin1Char('0'))));
        if (!file.open(QIODevice::WriteOnly)) {
            result.error = file.errorString();
            return result;
        }
        QByteArray content;
        for (int q = 1; q <= perFile; ++q)
            content += requestLine(f, q);
        file.write(content);
        if (!file.commit()) {
            result.error = file.errorString();
            return result;
        }
        result.bytes += content.size();
        ++result.files;
        if (progress)
            progress(f);
    }
    return result;
}

} // namespace bb
