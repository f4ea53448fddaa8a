#pragma once

// Reads a Qt Linguist .ts file into plain values, for the translation tests.

#include <QList>
#include <QString>
#include <QStringList>

namespace bb::test {

struct TsMessage
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; // "" (finished), "unfinished", "vanished", "obsolete"
    QString translation; // non-numerus
    QStringList forms; // numerus
    QString id() const; // identity: context, source, comment, numerus
};

struct TsFile
{
    QString language;
    QList<TsMessage> messages;
    QString error; // empty when the file was read
};

TsFile readTsFile(const QString &path);

} // namespace bb::test
