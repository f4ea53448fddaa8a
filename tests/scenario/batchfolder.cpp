#include "batchfolder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bb::test {

QString writeBatchFolder(const QString &folder, int first, int files, int perFile)
{
    QDir().mkpath(folder);
    for (int f = 0; f < files; ++f) {
        const int number = first + f;
        QFile file(
            QDir(folder).filePath(QStringLiteral("batch_%1.jsonl").arg(number, 3, 10, QLatin1Char('0'))));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(file.fileName()));
        for (int q = 1; q <= perFile; ++q) {
            const QString key = QStringLiteral("b%1-q%2")
                                    .arg(number, 3, 10, QLatin1Char('0'))
                                    .arg(q, 3, 10, QLatin1Char('0'));
            const QString text
                = QStringLiteral("Refine this question/answer pair so that it is precise and self-contained. "
                                 "Question %1: what does batch %2 item %3 ask? Answer: it asks for a refined "
                                 "answer.")
                      .arg(key)
                      .arg(number)
                      .arg(q);
            const QJsonObject part { { QStringLiteral("text"), text } };
            const QJsonObject content { { QStringLiteral("role"), QStringLiteral("user") },
                { QStringLiteral("parts"), QJsonArray { part } } };
            const QJsonObject request { { QStringLiteral("contents"), QJsonArray { content } },
                { QStringLiteral("generationConfig"),
                    QJsonObject { { QStringLiteral("temperature"), 0.2 } } } };
            const QJsonObject line { { QStringLiteral("key"), key }, { QStringLiteral("request"), request } };
            file.write(QJsonDocument(line).toJson(QJsonDocument::Compact));
            file.write("\n");
        }
    }
    return folder;
}

} // namespace bb::test
