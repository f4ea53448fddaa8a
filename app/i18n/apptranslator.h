#pragma once

#include <QList>
#include <QString>

namespace bb {

struct LanguageChoice
{
    QString code; // "" = the system's language, "en", "de", ...
    QString name; // in that language ("Deutsch")
};

// "System default" (translated) followed by every language Batchboard ships, each in its own name.
QList<LanguageChoice> availableLanguages();
// Installs Batchboard's, Qt's and QtKeychain's translators for `code` ("" = the system's
// languages, in the order the user prefers them). Call once, after the application object exists.
void installTranslators(const QString &code);
// Where QtKeychain's qtkeychain_<lang>.qm files are looked for, most specific first.
QStringList qtKeychainTranslationDirs();

} // namespace bb
