#include "apptranslator.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace bb {
namespace {

// Batchboard's own .qm files are compiled in (:/i18n); a folder next to the executable or in the
// install prefix may override them (a translator testing an updated file).
QStringList batchboardDirs()
{
    const QString appDir = QCoreApplication::applicationDirPath();
    return { appDir + QStringLiteral("/translations"),
        appDir + QStringLiteral("/../share/batchboard/translations"), QStringLiteral(":/i18n") };
}

bool install(const QString &name, const QLocale &locale, const QStringList &dirs)
{
    for (const QString &dir : dirs) {
        auto *translator = new QTranslator(QCoreApplication::instance());
        if (translator->load(locale, name, QStringLiteral("_"), dir)) {
            QCoreApplication::installTranslator(translator);
            return true;
        }
        delete translator;
    }
    return false;
}

} // namespace

QList<LanguageChoice> availableLanguages()
{
    // Each language is named in itself, so it can be found whatever the current language is.
    return {
        { QString(), QCoreApplication::translate("AppTranslator", "System default") },
        { QStringLiteral("en"), QStringLiteral("English") },
        { QStringLiteral("de"), QStringLiteral("Deutsch") },
        { QStringLiteral("fr"), QStringLiteral("Français") },
        { QStringLiteral("es"), QStringLiteral("Español") },
        { QStringLiteral("ja"), QStringLiteral("日本語") },
        { QStringLiteral("zh_CN"), QStringLiteral("简体中文") },
    };
}

QStringList qtKeychainTranslationDirs()
{
    QStringList dirs { QCoreApplication::applicationDirPath() + QStringLiteral("/translations") };
#ifdef BB_QTKEYCHAIN_TRANSLATIONS_DIR
    dirs.append(QStringLiteral(BB_QTKEYCHAIN_TRANSLATIONS_DIR)); // found next to QtKeychain at build time
#endif
    dirs.append(
        QLibraryInfo::path(QLibraryInfo::PrefixPath) + QStringLiteral("/share/qt6keychain/translations"));
    dirs.append(QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return dirs;
}

void installTranslators(const QString &code)
{
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    if (!code.isEmpty())
        QLocale::setDefault(locale);
    // English plural forms first ("1 file", "3 files"); a later translator takes precedence, and
    // any message a language lacks still reads as proper English.
    install(QStringLiteral("batchboard"), QLocale(QLocale::English), { QStringLiteral(":/i18n") });
    const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    install(QStringLiteral("qtbase"), locale,
        { QCoreApplication::applicationDirPath() + QStringLiteral("/translations"), qtDir });
    install(QStringLiteral("qtkeychain"), locale, qtKeychainTranslationDirs());
    // QTranslator::load walks the locale's uiLanguages(): "de-CH" finds batchboard_de, "zh-Hans-CN"
    // finds batchboard_zh_CN; an English first choice stops at batchboard_en (plurals only).
    install(QStringLiteral("batchboard"), locale, batchboardDirs());
}

} // namespace bb
