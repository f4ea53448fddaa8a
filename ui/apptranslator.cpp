#include "apptranslator.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace bb {
namespace {

QStringList translationDirs()
{
    return { QStringLiteral(":/i18n"),
        QCoreApplication::applicationDirPath() + QStringLiteral("/translations"),
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/batchboard/translations") };
}

} // namespace

QList<LanguageChoice> availableLanguages()
{
    QList<LanguageChoice> languages {
        { QString(), QCoreApplication::translate("AppTranslator", "System default") },
        { QStringLiteral("en"), QStringLiteral("English") },
    };
    for (const QString &dir : translationDirs()) {
        const QStringList files
            = QDir(dir).entryList({ QStringLiteral("batchboard_*.qm") }, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            const QString code = file.mid(11).chopped(3);
            const bool known = std::any_of(languages.cbegin(), languages.cend(),
                [&code](const LanguageChoice &l) { return l.code == code; });
            if (!known && !code.isEmpty()) {
                const QLocale locale(code);
                QString name = locale.nativeLanguageName();
                if (!name.isEmpty())
                    name[0] = name[0].toUpper();
                languages.append({ code, name.isEmpty() ? code : name });
            }
        }
    }
    return languages;
}

void installTranslators(const QString &code)
{
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    if (!code.isEmpty())
        QLocale::setDefault(locale);
    auto install = [](const QString &name, const QLocale &l, const QString &dir) {
        auto *translator = new QTranslator(QCoreApplication::instance());
        if (translator->load(l, name, QStringLiteral("_"), dir)) {
            QCoreApplication::installTranslator(translator);
            return true;
        }
        delete translator;
        return false;
    };
    // English plural forms first, so any language without its own file still reads "1 file".
    install(QStringLiteral("batchboard"), QLocale(QLocale::English), QStringLiteral(":/i18n"));
    const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    install(QStringLiteral("qtbase"), locale, qtDir);
    install(QStringLiteral("qtkeychain"), locale, qtDir);
    if (locale.language() == QLocale::English)
        return;
    for (const QString &dir : translationDirs()) {
        if (install(QStringLiteral("batchboard"), locale, dir))
            break;
    }
}

} // namespace bb
