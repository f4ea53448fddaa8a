#include "trscan.h"

#include <QFile>
#include <QRegularExpression>

namespace bb::test {
namespace {

// Comments become spaces (newlines kept, so offsets and line numbers still match the source).
QString withoutComments(const QString &code)
{
    QString out = code;
    const qsizetype n = code.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = code[i];
        if (c == u'"' || c == u'\'') {
            for (++i; i < n && code[i] != c; ++i) {
                if (code[i] == u'\\')
                    ++i;
            }
        } else if (c == u'/' && i + 1 < n && code[i + 1] == u'/') {
            for (; i < n && code[i] != u'\n'; ++i)
                out[i] = u' ';
        } else if (c == u'/' && i + 1 < n && code[i + 1] == u'*') {
            for (; i < n && !(code[i] == u'*' && i + 1 < n && code[i + 1] == u'/'); ++i) {
                if (code[i] != u'\n')
                    out[i] = u' ';
            }
            if (i < n) {
                out[i] = u' ';
                if (i + 1 < n)
                    out[++i] = u' ';
            }
        }
    }
    return out;
}

// Index just past the ')' that closes the '(' at `open`, skipping string and char literals.
qsizetype closingParen(const QString &code, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < code.size(); ++i) {
        const QChar c = code[i];
        if (c == u'"' || c == u'\'') {
            for (++i; i < code.size() && code[i] != c; ++i) {
                if (code[i] == u'\\')
                    ++i;
            }
        } else if (c == u'(') {
            ++depth;
        } else if (c == u')' && --depth == 0) {
            return i + 1;
        }
    }
    return code.size();
}

// Blanks every call to one of `functions` (name followed by its parenthesised arguments).
QString blankCalls(QString text, const QRegularExpression &functions)
{
    qsizetype from = 0;
    for (;;) {
        const QRegularExpressionMatch m = functions.match(text, from);
        if (!m.hasMatch())
            return text;
        const qsizetype open = m.capturedEnd() - 1;
        const qsizetype end = closingParen(text, open);
        for (qsizetype i = m.capturedStart(); i < end; ++i) {
            if (text[i] != u'\n')
                text[i] = u' ';
        }
        from = end;
    }
}

bool isUserText(const QString &literal)
{
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    if (literal.startsWith(QLatin1StringView(":/")) || literal.contains(QLatin1StringView("://")))
        return false;
    return word.match(literal).hasMatch();
}

void collect(const QString &code, qsizetype begin, qsizetype end, const QString &call, const QString &path,
    const TrAllowList &allow, QList<TrFinding> &findings)
{
    static const QRegularExpression translated(QStringLiteral(
        R"((?:\btr|\btranslate|\bQT_TR_NOOP|\bQT_TRANSLATE_NOOP|\bQT_TR_N_NOOP|\bQT_TRANSLATE_N_NOOP|\bqtTrId|\.arg|\bQIcon|\bQIcon::fromTheme|\bQKeySequence|\bQUrl|\bsetObjectName|\bproperty|\bsetProperty)\s*\()"));
    static const QRegularExpression literal(QStringLiteral(R"re((?:u8|u|L)?"((?:[^"\\\n]|\\.)*)")re"));
    const QString args = blankCalls(code.mid(begin, end - begin), translated);
    for (auto it = literal.globalMatch(args); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString text = m.captured(1);
        if (!isUserText(text) || allow.allows(path, text))
            continue;
        const int line = int(code.left(begin + m.capturedStart()).count(u'\n')) + 1;
        findings.append({ path, line, call, text });
    }
}

} // namespace

TrAllowList TrAllowList::read(const QString &path)
{
    TrAllowList list;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        list.errors.append(path + QStringLiteral(": ") + file.errorString());
        return list;
    }
    int lineNo = 0;
    while (!file.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        // path|literal  # why
        const qsizetype bar = line.indexOf(u'|');
        const qsizetype hash = line.lastIndexOf(QLatin1StringView("  #"));
        if (bar <= 0 || hash < bar) {
            list.errors.append(
                QStringLiteral("%1:%2: expected \"path|literal  # why\"").arg(path).arg(lineNo));
            continue;
        }
        list.entries.insert(line.left(hash).trimmed());
    }
    return list;
}

bool TrAllowList::allows(const QString &path, const QString &literal) const
{
    return entries.contains(path + u'|' + literal);
}

QString TrFinding::toString() const
{
    return QStringLiteral("%1:%2: \"%3\" reaches %4 without tr()").arg(path).arg(line).arg(literal, call);
}

QList<TrFinding> scanForUntranslated(const QString &source, const QString &path, const TrAllowList &allow)
{
    static const QRegularExpression calls(QStringLiteral(
        R"(\b(setText|setWindowTitle|setWindowIconText|setToolTip|setStatusTip|setWhatsThis|setPlaceholderText|)"
        R"(setAccessibleName|setAccessibleDescription|setTitle|setLabelText|setInformativeText|setDetailedText|)"
        R"(setButtonText|setTabText|setTabToolTip|setItemText|setSuffix|setPrefix|setSpecialValueText|)"
        R"(setHeaderData|setHorizontalHeaderLabels|setVerticalHeaderLabels|setFormat|showMessage|addAction|)"
        R"(addMenu|addTab|insertTab|addItem|addItems|insertItem|addRow|insertRow|setNameFilter|setNameFilters|)"
        R"(getOpenFileName|getOpenFileNames|getSaveFileName|getExistingDirectory|getText|getInt|getItem|)"
        R"(showText|setMessage|QMessageBox::information|QMessageBox::warning|QMessageBox::critical|)"
        R"(QMessageBox::question|QMessageBox::about)\s*\()"));
    static const QRegularExpression constructors(QStringLiteral(
        R"(\b(?:new\s+(QLabel|QAction|QPushButton|QToolButton|QCheckBox|QRadioButton|QGroupBox|QMenu|)"
        R"(QCommandLinkButton|QMessageBox|QDockWidget)|(QLabel|QAction|QPushButton|QCheckBox|QRadioButton|)"
        R"(QGroupBox|QMenu|QMessageBox|QDockWidget)\s+\w+)\s*[({])"));
    static const QRegularExpression headerData(
        QStringLiteral(R"(::headerData\s*\([^;{]*\)\s*const\s*(?:override\s*)?\{)"));
    static const QRegularExpression returns(QStringLiteral(R"(\breturn\b)"));

    const QString code = withoutComments(source);
    QList<TrFinding> findings;
    for (auto it = calls.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const qsizetype open = m.capturedEnd() - 1;
        collect(code, open, closingParen(code, open), m.captured(1), path, allow, findings);
    }
    for (auto it = constructors.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const qsizetype open = m.capturedEnd() - 1;
        const qsizetype end = code[open] == u'(' ? closingParen(code, open) : code.indexOf(u'}', open);
        const QString cls = m.captured(1).isEmpty() ? m.captured(2) : QStringLiteral("new ") + m.captured(1);
        collect(code, open, end < 0 ? code.size() : end, cls, path, allow, findings);
    }
    for (auto it = headerData.globalMatch(code); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        // The body: up to the matching brace.
        qsizetype i = m.capturedEnd() - 1;
        int depth = 0;
        const qsizetype bodyBegin = i;
        for (; i < code.size(); ++i) {
            if (code[i] == u'{')
                ++depth;
            else if (code[i] == u'}' && --depth == 0)
                break;
        }
        for (auto r = returns.globalMatch(code.mid(bodyBegin, i - bodyBegin)); r.hasNext();) {
            const qsizetype at = bodyBegin + r.next().capturedStart();
            const qsizetype semicolon = code.indexOf(u';', at);
            collect(code, at, semicolon < 0 ? code.size() : semicolon, QStringLiteral("headerData"), path,
                allow, findings);
        }
    }
    return findings;
}

} // namespace bb::test
