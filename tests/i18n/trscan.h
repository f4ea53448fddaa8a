#pragma once

// A source scan for user-visible strings that bypass tr(): string literals passed to setters
// and constructors that put text on screen (setText, setToolTip, QMessageBox::warning, new QLabel,
// addAction, ...) or returned from headerData(). Literals inside tr()/translate()/QT_TR_NOOP, .arg()
// arguments, icon paths (":/..."), URLs and text without two letters in a row are fine.

#include <QSet>
#include <QString>
#include <QStringList>

namespace bb::test {

struct TrAllowList
{
    QSet<QString> entries; // "path|literal" (path relative to the source root, '/' separators)
    QStringList errors;
    static TrAllowList read(const QString &path);
    bool allows(const QString &path, const QString &literal) const;
};

struct TrFinding
{
    QString path;
    int line = 0;
    QString call; // "setText", "new QLabel", "headerData", ...
    QString literal;
    QString toString() const;
};

// `path` is only carried into the findings and used for the allow-list.
QList<TrFinding> scanForUntranslated(const QString &code, const QString &path, const TrAllowList &allow);

} // namespace bb::test
