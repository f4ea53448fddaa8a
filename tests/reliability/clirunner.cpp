#include "clirunner.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QObject>
#include <QProcess>

namespace bb::test {

QString cliPath()
{
    return QStringLiteral(BB_CLI_PATH);
}

QProcessEnvironment cliEnvironment(const QProcessEnvironment &extra)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GEMINI_API_KEY"), QString()); // the emulator runs without a key check
    for (const QString &name : extra.keys())
        env.insert(name, extra.value(name));
    return env;
}

QProcess *startCli(QObject *parent, const QStringList &arguments, const QProcessEnvironment &extra)
{
    auto *process = new QProcess(parent);
    process->setProcessEnvironment(cliEnvironment(extra));
    process->setProgram(cliPath());
    process->setArguments(arguments);
    process->start();
    return process;
}

CliResult runCli(const QStringList &arguments, int timeoutMs, const QProcessEnvironment &extra)
{
    QObject owner;
    QProcess *process = startCli(&owner, arguments, extra);
    CliResult result;
    if (!process->waitForFinished(timeoutMs)) {
        process->kill();
        process->waitForFinished();
        result.exitCode = -1;
    } else {
        result.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -2;
    }
    result.out = process->readAllStandardOutput();
    result.err = process->readAllStandardError();
    return result;
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (file.open(QIODevice::ReadOnly))
        hash.addData(&file);
    return hash.result().toHex();
}

QList<FoundIn> findBytes(const QString &root, const QByteArray &needle)
{
    QList<FoundIn> found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        // Read in overlapping blocks so a needle across a block boundary is found too.
        const qint64 block = 4 << 20;
        QByteArray carry;
        qint64 base = 0;
        while (!file.atEnd()) {
            const QByteArray data = carry + file.read(block);
            const qsizetype at = data.indexOf(needle);
            if (at >= 0) {
                found.append({ path, base - carry.size() + at });
                break;
            }
            base += data.size() - carry.size();
            carry = data.right(needle.size() - 1);
        }
    }
    return found;
}

} // namespace bb::test
