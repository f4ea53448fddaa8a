// The translations stay complete and in step with the sources: lupdate run on a temporary copy of
// every committed .ts file must find nothing new, nothing vanished and nothing unfinished; plural
// messages carry every form their language has; placeholders survive translation; and no
// user-visible string literal bypasses tr().

#include "trscan.h"
#include "tsfile.h"

#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace bb::test {

class TestTranslations final : public QObject
{
    Q_OBJECT

    const QString m_root = QStringLiteral(BB_SOURCE_DIR);

    // Runs lupdate exactly as the update_translations target does, without dropping vanished
    // entries, on a temporary copy of `committed`. Returns the refreshed file's path.
    QString refreshedCopy(const QString &committed, const QString &language, QTemporaryDir &dir)
    {
        const QString copy = dir.filePath(QFileInfo(committed).fileName());
        if (!QFile::copy(committed, copy))
            return {};
        QStringList args { QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
            QStringLiteral("-source-language"), QStringLiteral("en") };
        if (language == QLatin1StringView("en"))
            args << QStringLiteral("-pluralonly") << QStringLiteral("-target-language")
                 << QStringLiteral("en");
        args << m_root + QStringLiteral("/ui") << m_root + QStringLiteral("/app")
             << m_root + QStringLiteral("/models") << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.start(QStringLiteral(BB_LUPDATE), args);
        if (!lupdate.waitForFinished(120000) || lupdate.exitStatus() != QProcess::NormalExit
            || lupdate.exitCode() != 0) {
            qWarning().noquote() << lupdate.readAllStandardError();
            return {};
        }
        return copy;
    }

    static QString readText(const QString &name)
    {
        QFile file(QStringLiteral(BB_I18N_TEST_DIR "/") + name);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    static QStringList placeholders(const QString &text)
    {
        static const QRegularExpression arg(QStringLiteral("%(?:L?[1-9]|n)"));
        QStringList found;
        for (auto it = arg.globalMatch(text); it.hasNext();)
            found.append(it.next().captured().remove(u'L'));
        found.sort();
        found.removeDuplicates();
        return found;
    }

private slots:
    void tsFiles_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("pluralForms");
        QTest::newRow("de") << QStringLiteral("de") << 2;
        QTest::newRow("fr") << QStringLiteral("fr") << 2;
        QTest::newRow("es") << QStringLiteral("es") << 2;
        QTest::newRow("ja") << QStringLiteral("ja") << 1;
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << 1;
        QTest::newRow("en (plural forms only)") << QStringLiteral("en") << 2;
    }

    void tsFiles()
    {
        QFETCH(QString, language);
        QFETCH(int, pluralForms);
        const QString path = m_root + QStringLiteral("/translations/batchboard_%1.ts").arg(language);
        const TsFile committed = readTsFile(path);
        QVERIFY2(committed.error.isEmpty(), qPrintable(committed.error));
        QCOMPARE(committed.language, language);
        QVERIFY(!committed.messages.isEmpty());

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = refreshedCopy(path, language, dir);
        QVERIFY2(!copy.isEmpty(), "lupdate failed");
        const TsFile fresh = readTsFile(copy);
        QVERIFY2(fresh.error.isEmpty(), qPrintable(fresh.error));

        QStringList problems;
        const auto where = [](const TsMessage &m) -> QString {
            return m.context + QStringLiteral(": \"") + m.source + u'"';
        };
        QSet<QString> committedIds;
        for (const TsMessage &m : committed.messages) {
            committedIds.insert(m.id());
            if (m.type == QLatin1StringView("vanished") || m.type == QLatin1StringView("obsolete"))
                problems.append(QStringLiteral("obsolete entry kept in the file: ") + where(m));
        }
        for (const TsMessage &m : fresh.messages) {
            if (m.type == QLatin1StringView("vanished") || m.type == QLatin1StringView("obsolete")) {
                if (committedIds.contains(m.id()))
                    problems.append(QStringLiteral("no longer in the sources (run lupdate): ") + where(m));
                continue;
            }
            if (!committedIds.contains(m.id()))
                problems.append(
                    QStringLiteral("new in the sources, missing from the file (run lupdate): ") + where(m));
            if (m.type == QLatin1StringView("unfinished")) {
                problems.append(QStringLiteral("unfinished: ") + where(m));
                continue;
            }
            const QStringList expected = placeholders(m.source);
            if (m.numerus) {
                if (m.forms.size() != pluralForms)
                    problems.append(
                        QStringLiteral("%1 plural forms instead of %2: ").arg(m.forms.size()).arg(pluralForms)
                        + where(m));
                for (qsizetype i = 0; i < m.forms.size(); ++i) {
                    QStringList got = placeholders(m.forms[i]);
                    // A singular form may spell the number out ("Eine Datei"); the others must show it.
                    if (i == 0 && m.forms.size() > 1 && !got.contains(QStringLiteral("%n")))
                        got.append(QStringLiteral("%n")), got.sort();
                    if (m.forms[i].trimmed().isEmpty())
                        problems.append(QStringLiteral("empty plural form %1: ").arg(i) + where(m));
                    else if (got != expected)
                        problems.append(
                            QStringLiteral("placeholders %1 in plural form %2 \"%3\", expected %4: ")
                                .arg(got.join(u' '))
                                .arg(i)
                                .arg(m.forms[i], expected.join(u' '))
                            + where(m));
                }
            } else if (language != QLatin1StringView("en")) {
                if (m.translation.trimmed().isEmpty())
                    problems.append(QStringLiteral("empty translation: ") + where(m));
                else if (placeholders(m.translation) != expected)
                    problems.append(
                        QStringLiteral("placeholders differ in \"%1\": ").arg(m.translation) + where(m));
            }
        }
        QVERIFY2(problems.isEmpty(),
            qPrintable(QStringLiteral("%1 (%2 problems; refresh with `cmake --build <build> --target "
                                      "update_translations`, then translate):\n  ")
                           .arg(path)
                           .arg(problems.size())
                + problems.mid(0, 60).join(QStringLiteral("\n  "))));
    }

    // The scanner itself finds what it should, so a silent scan below means something.
    void scannerCatchesBypasses()
    {
        const QString bad = readText(QStringLiteral("scanner-bad.txt"));

        const QList<TrFinding> found = scanForUntranslated(bad, QStringLiteral("bad.cpp"), {});
        QStringList literals;
        for (const TrFinding &f : found)
            literals.append(f.literal);
        literals.sort();
        QCOMPARE(literals,
            QStringList({ QStringLiteral(" and not fine"), QStringLiteral("Done"), QStringLiteral("Name"),
                QStringLiteral("Open"), QStringLiteral("Something broke"), QStringLiteral("Uploading"),
                QStringLiteral("raw text") }));

        const QString good = readText(QStringLiteral("scanner-good.txt"));

        QVERIFY(!good.isEmpty());
        QVERIFY(scanForUntranslated(good, QStringLiteral("good.cpp"), {}).isEmpty());
    }

    void noUserStringBypassesTr()
    {
        const TrAllowList allow = TrAllowList::read(QStringLiteral(BB_TR_ALLOWLIST));
        QVERIFY2(allow.errors.isEmpty(), qPrintable(allow.errors.join(u'\n')));
        QStringList findings;
        QSet<QString> used;
        int files = 0;
        for (const QString &folder :
            { QStringLiteral("ui"), QStringLiteral("app"), QStringLiteral("models") }) {
            QDirIterator it(m_root + u'/' + folder, { QStringLiteral("*.cpp"), QStringLiteral("*.h") },
                QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString file = it.next();
                QFile f(file);
                QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
                const QString relative = file.mid(m_root.size() + 1);
                ++files;
                for (const TrFinding &finding :
                    scanForUntranslated(QString::fromUtf8(f.readAll()), relative, {})) {
                    if (allow.allows(finding.path, finding.literal))
                        used.insert(finding.path + u'|' + finding.literal);
                    else
                        findings.append(finding.toString());
                }
            }
        }
        QVERIFY(files > 50);
        QVERIFY2(findings.isEmpty(),
            qPrintable(QStringLiteral("%1 user-visible strings bypass tr() (wrap them in tr(), or add "
                                      "\"path|literal  # why\" to tests/i18n/tr-allowlist.txt):\n  ")
                           .arg(findings.size())
                + findings.join(QStringLiteral("\n  "))));
        // An allow-list entry that no longer matches anything is stale.
        QStringList stale;
        for (const QString &entry : allow.entries) {
            if (!used.contains(entry))
                stale.append(entry);
        }
        QVERIFY2(stale.isEmpty(),
            qPrintable(
                QStringLiteral("stale tr-allowlist.txt entries:\n  ") + stale.join(QStringLiteral("\n  "))));
    }
};

} // namespace bb::test

QTEST_GUILESS_MAIN(bb::test::TestTranslations)
#include "tst_translations.moc"
