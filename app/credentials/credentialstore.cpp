#include "credentialstore.h"

#include <qt6keychain/keychain.h>

namespace bb {
namespace {

CredentialStore::Result resultOf(const QKeychain::Job *job)
{
    CredentialStore::Result result;
    result.detail = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = CredentialStore::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        result.status = CredentialStore::Status::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.status = CredentialStore::Status::NoKeychain;
        break;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        result.status = CredentialStore::Status::AccessDenied;
        break;
    default:
        result.status = CredentialStore::Status::OtherError;
        break;
    }
    return result;
}

template<typename JobType> JobType *newJob(QObject *parent, const QString &keychainKey)
{
    auto *job = new JobType(CredentialStore::service(), parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keychainKey);
    return job;
}

} // namespace

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent)
{
}

void CredentialStore::readKey(const QString &account, Callback done)
{
    readSecret(accountFor(account), std::move(done));
}

void CredentialStore::writeKey(const QString &account, const QString &key, Callback done)
{
    writeSecret(accountFor(account), key, std::move(done));
}

void CredentialStore::deleteKey(const QString &account, Callback done)
{
    deleteSecret(accountFor(account), std::move(done));
}

void CredentialStore::readProxyPassword(const QString &hostPort, const QString &user, Callback done)
{
    readSecret(proxyAccountFor(hostPort, user), std::move(done));
}

void CredentialStore::writeProxyPassword(
    const QString &hostPort, const QString &user, const QString &password, Callback done)
{
    writeSecret(proxyAccountFor(hostPort, user), password, std::move(done));
}

void CredentialStore::deleteProxyPassword(const QString &hostPort, const QString &user, Callback done)
{
    deleteSecret(proxyAccountFor(hostPort, user), std::move(done));
}

void CredentialStore::readSecret(const QString &keychainKey, Callback done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(this, keychainKey);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        Result result = resultOf(job);
        if (result.status == Status::Ok)
            result.secret = job->textData();
        done(result);
    });
    job->start();
}

void CredentialStore::writeSecret(const QString &keychainKey, const QString &secret, Callback done)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(this, keychainKey);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] { done(resultOf(job)); });
    job->start();
}

void CredentialStore::deleteSecret(const QString &keychainKey, Callback done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(this, keychainKey);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        Result result = resultOf(job);
        if (result.status == Status::NotFound)
            result.status = Status::Ok; // nothing to delete is fine
        done(result);
    });
    job->start();
}

} // namespace bb
