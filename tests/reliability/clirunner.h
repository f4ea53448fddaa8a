#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QObject;
class QProcess;
QT_END_NAMESPACE

namespace bb::test {

// Runs <build>/bin/batchboard-cli for the reliability tests. `env` entries are added to the
// system environment; GEMINI_API_KEY is emptied unless `env` sets it.
struct CliResult
{
    int exitCode = -1; // -1: timed out (then killed), -2: crashed
    QByteArray out;
    QByteArray err;
};

QString cliPath();
QProcessEnvironment cliEnvironment(const QProcessEnvironment &extra = {});
QProcess *startCli(QObject *parent, const QStringList &arguments, const QProcessEnvironment &extra = {});
CliResult runCli(const QStringList &arguments, int timeoutMs, const QProcessEnvironment &extra = {});

// SHA-256 of a file's bytes, or of the empty string when it cannot be read.
QByteArray fileSha256(const QString &path);
// Every byte of every regular file under `root` (recursively), with its path, for searches.
struct FoundIn
{
    QString path;
    qsizetype offset = -1;
};
QList<FoundIn> findBytes(const QString &root, const QByteArray &needle);

} // namespace bb::test
