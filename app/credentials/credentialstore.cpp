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

template<typename JobType> JobType *newJob(QObject *parent, const QString &account)
{
    auto *job = new JobType(CredentialStore::service(), parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(CredentialStore::accountFor(account));
    return job;
}

} // namespace

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent)
{
}

void CredentialStore::readKey(const QString &account, Callback done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(this, account);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        Result result = resultOf(job);
        if (result.status == Status::Ok)
            result.secret = job->textData();
        done(result);
    });
    job->start();
}

void CredentialStore::writeKey(const QString &account, const QString &key, Callback done)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(this, account);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] { done(resultOf(job)); });
    job->start();
}

void CredentialStore::deleteKey(const QString &account, Callback done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(this, account);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        Result result = resultOf(job);
        if (result.status == Status::NotFound)
            result.status = Status::Ok; // nothing to delete is fine
        done(result);
    });
    job->start();
}

} // namespace bb
