#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QTemporaryDir>

namespace bb::test {

// One valid request line (without '\n'), QA-style, with `textBytes` of question text.
inline QByteArray requestLine(const QByteArray &key, int textBytes = 40)
{
    static const QByteArray words
        = QByteArrayLiteral("what why how many which batch answer question model token ");
    QByteArray text;
    text.reserve(textBytes);
    for (int i = 0; text.size() < textBytes; ++i)
        text.append(words.at((i * 7 + textBytes) % words.size()));
    return QByteArrayLiteral("{\"key\":\"") + key
        + QByteArrayLiteral("\",\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"") + text
        + QByteArrayLiteral("\"}]}],\"generationConfig\":{\"temperature\":0.2}}}");
}

// `count` valid lines with keys "<prefix>-0001"..., each followed by '\n'.
inline QByteArray requestLines(const QByteArray &prefix, int count, int textBytes = 40)
{
    QByteArray out;
    for (int i = 1; i <= count; ++i)
        out += requestLine(prefix + '-' + QByteArray::number(i).rightJustified(4, '0'), textBytes) + '\n';
    return out;
}

inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace bb::test
