#pragma once

#include <QList>
#include <QString>

namespace bb {

struct LanguageChoice
{
    QString code; // "" = the system's language, "en", "de", ...
    QString name; // in that language ("Deutsch")
};

// Languages Batchboard has a translation for (batchboard_<code>.qm in the resources or next to
// the executable), plus English and "System default".
QList<LanguageChoice> availableLanguages();
// Installs Batchboard's, Qt's and QtKeychain's translators for `code` ("" = the system's).
void installTranslators(const QString &code);

} // namespace bb
