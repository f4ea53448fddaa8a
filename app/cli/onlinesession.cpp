#include "onlinesession.h"

#include "costsettingsstore.h"
#include "credentialstore.h"
#include "geminiclient.h"
#include "jsonrequestjob.h"
#include "listalljobs.h"
#include "modelcatalog.h"
#include "offlinecommands.h"
#include "projectsettings.h"
#include "projectstore.h"
#include "proxysettings.h"
#include "submissionengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace bb::cli {
namespace {

const QString defaultBaseUrl = QStringLiteral("https://generativelanguage.googleapis.com/");

QString siblingFolder(const QString &projectPath, const QString &suffix)
{
    const QFileInfo info(projectPath);
    return info.absoluteDir().filePath(info.completeBaseName() + suffix);
}

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    return host == QLatin1StringView("localhost") || host.startsWith(QLatin1StringView("127."))
        || host == QLatin1StringView("::1");
}

} // namespace

OnlineSession::OnlineSession(const Arguments &args, const QString &projectPath, QObject *parent)
    : QObject(parent)
    , m_args(args)
    , m_projectPath(projectPath)
    , m_store(std::make_unique<ProjectStore>())
{
    m_progressTimer.setInterval(1000);
    connect(&m_progressTimer, &QTimer::timeout, this, &OnlineSession::printProgress);
}

OnlineSession::~OnlineSession()
{
    delete m_engine; // before the store it writes to
}

void OnlineSession::start()
{
    if (StoreError error = m_store->open(m_projectPath)) {
        printError(describe(error, m_projectPath));
        finish(2);
        return;
    }
    QString baseUrl = m_args.baseUrl;
    if (baseUrl.isEmpty())
        baseUrl = m_store->setting(QStringLiteral("baseUrl"), defaultBaseUrl);
    else
        m_store->setSetting(QStringLiteral("baseUrl"), baseUrl);
    if (!m_args.spendCap.isEmpty()) {
        std::optional<double> cap;
        if (!parseSpendCap(m_args.spendCap, &cap)) {
            printError(
                QCoreApplication::translate("cli", "--spend-cap needs an amount in USD or \"none\", not %1")
                    .arg(m_args.spendCap));
            finish(2);
            return;
        }
        saveSpendCap(*m_store, cap);
    }
    if (!m_args.canaryMinutes.isEmpty()) {
        bool ok = false;
        const qint64 minutes = m_args.canaryMinutes.toLongLong(&ok);
        if (!ok || minutes < 0) {
            printError(
                QCoreApplication::translate("cli", "--canary-minutes needs a number of minutes, not %1")
                    .arg(m_args.canaryMinutes));
            finish(2);
            return;
        }
        saveCanarySettings(*m_store, CanarySettings { minutes > 0, minutes * 60 });
    }

    m_client = new gemini::GeminiClient(this);
    const QUrl url(baseUrl);
    if (!m_client->setBaseUrl(url)) {
        printError(QCoreApplication::translate("cli", "refusing base URL %1: %2")
                       .arg(baseUrl, m_client->baseUrlError()));
        finish(2);
        return;
    }
    resolveProxy(url);
}

void OnlineSession::resolveProxy(const QUrl &baseUrl)
{
    gemini::ProxySettings proxy;
    if (!m_args.proxy.isEmpty()) {
        QString why;
        const std::optional<gemini::ProxySettings> parsed = gemini::ProxySettings::parse(m_args.proxy, &why);
        if (!parsed) {
            printError(QCoreApplication::translate(
                "cli", "--proxy needs http://[user:password@]host:port, none or system: %1")
                           .arg(why));
            finish(2);
            return;
        }
        proxy = *parsed;
    } else {
        proxy = gemini::ProxySettings::load(QSettings()); // the desktop app's Settings › Connection
    }
    m_client->setProxySettings(proxy);
    connect(m_client, &gemini::GeminiClient::proxyFailed, this, &OnlineSession::onProxyFailed);
    if (!proxy.isManual() || proxy.user.isEmpty() || !proxy.password.isEmpty()) {
        resolveKey(baseUrl);
        return;
    }
    // The desktop app keeps the password of its proxy user in the keychain. Without it, the proxy
    // refuses the first request and onProxyFailed() says what to do.
    credentials()->readProxyPassword(
        proxy.hostPort(), proxy.user, [this, proxy, baseUrl](const CredentialStore::Result &result) mutable {
            if (result.status == CredentialStore::Status::Ok) {
                proxy.password = result.secret;
                m_client->setProxySettings(proxy);
            }
            resolveKey(baseUrl);
        });
}

void OnlineSession::onProxyFailed(const gemini::ApiError &error)
{
    if (m_finished)
        return;
    if (error.networkError == QNetworkReply::ProxyAuthenticationRequiredError) {
        const bool sentCredentials = !m_client->proxyFor(m_client->baseUrl()).user().isEmpty();
        printError(sentCredentials
                ? QCoreApplication::translate("cli",
                    "the proxy at %1 refused the user name and password: correct them with --proxy "
                    "http://user:pass@host:port or in the desktop app's Settings")
                      .arg(error.proxy)
                : QCoreApplication::translate("cli",
                    "the proxy at %1 requires a user name and password: set them with --proxy "
                    "http://user:pass@host:port or in the desktop app's Settings")
                      .arg(error.proxy));
    } else {
        printError(QCoreApplication::translate("cli",
            "%1; check --proxy, the https_proxy, http_proxy, all_proxy and no_proxy variables, or the "
            "desktop app's Settings")
                       .arg(error.message));
    }
    if (m_engine)
        m_engine->shutdown();
    finish(2);
}

CredentialStore *OnlineSession::credentials()
{
    if (!m_credentials)
        m_credentials = new CredentialStore(this);
    return m_credentials;
}

void OnlineSession::resolveKey(const QUrl &url)
{
    if (qEnvironmentVariableIsSet("GEMINI_API_KEY")) {
        keyResolved(qEnvironmentVariable("GEMINI_API_KEY"));
        return;
    }
    credentials()->readKey(url.host(), [this, url](const CredentialStore::Result &result) {
        if (result.status == CredentialStore::Status::Ok) {
            keyResolved(result.secret);
            return;
        }
        if (isLoopback(url)) {
            keyResolved({}); // a local emulator without a key check
            return;
        }
        printError(result.status == CredentialStore::Status::NotFound
                ? QCoreApplication::translate("cli",
                    "no API key: set GEMINI_API_KEY or store one with the "
                    "desktop app's Settings")
                : QCoreApplication::translate("cli",
                    "no API key: the keychain could not be read (%1); set "
                    "GEMINI_API_KEY instead")
                      .arg(result.detail));
        finish(2);
    });
}

void OnlineSession::keyResolved(const QString &key)
{
    m_client->setApiKey(key);
    if (m_args.model.isEmpty()) {
        startEngine();
        return;
    }
    // --model is checked against what the key offers before it becomes the project's model.
    gemini::AllModelsJob *job = m_client->listAllModels();
    connect(job, &gemini::GeminiJob::finished, this, [this, job] {
        if (m_finished)
            return; // e.g. the proxy refused the listing: already explained
        const auto result = job->result();
        const QString wanted = bareModelId(m_args.model);
        if (!result.ok()) {
            printError(
                QCoreApplication::translate("cli", "could not list the key's models (%1); using %2 unchecked")
                    .arg(result.error.toString(), wanted));
        } else {
            QStringList offered;
            for (const gemini::GeminiModel &m : result.value) {
                if (m.supportedGenerationMethods.contains(QLatin1StringView("batchGenerateContent")))
                    offered.append(m.id());
            }
            if (!offered.contains(wanted)) {
                printError(QCoreApplication::translate(
                    "cli", "--model %1: this key offers no such model for batch jobs\navailable models: %2")
                               .arg(wanted, offered.join(QStringLiteral(", "))));
                finish(2);
                return;
            }
        }
        saveProjectModel(*m_store, wanted);
        startEngine();
    });
    job->start();
}

void OnlineSession::startEngine()
{
    EngineSettings settings;
    settings.model = loadProjectModel(*m_store);
    settings.cost = loadCostSettings(*m_store);
    settings.canary = loadCanarySettings(*m_store);
    settings.resultsDir = siblingFolder(m_projectPath, QStringLiteral("-results"));
    settings.resubmitDir = siblingFolder(m_projectPath, QStringLiteral("-resubmissions"));
    bool ok = false;
    const int concurrency = m_store->setting(QStringLiteral("limits.concurrentBatches")).toInt(&ok);
    if (ok && concurrency > 0)
        settings.limits.concurrentBatches = concurrency;
    const qint64 tokens = m_store->setting(QStringLiteral("limits.enqueuedTokens")).toLongLong(&ok);
    if (ok && tokens > 0)
        settings.limits.enqueuedTokens = tokens;
    else
        settings.publishedTokenLimit = true;
    const qint64 pollMin = qEnvironmentVariableIntValue("BATCHBOARD_POLL_MIN_MS", &ok);
    if (ok && pollMin > 0)
        settings.pollMinServerMs = pollMin;
    // Tests and soaks shorten the client's no-progress timeout (default 60 s) this way.
    const int requestTimeout = qEnvironmentVariableIntValue("BATCHBOARD_REQUEST_TIMEOUT_MS", &ok);
    if (ok && requestTimeout > 0)
        m_client->setRequestTimeout(requestTimeout);
    m_engine = new SubmissionEngine(m_store.get(), m_client, nullptr);
    m_engine->setSettings(settings);
    connect(m_engine, &SubmissionEngine::fatalError, this, [this](const QString &message) {
        if (m_finished)
            return; // e.g. a proxy failure, already explained
        printError(message);
        finish(2);
    });
    if (m_args.command == QLatin1StringView("resume"))
        runResume();
    else if (m_args.command == QLatin1StringView("cancel"))
        runCancel();
    else
        runCleanup();
}

void OnlineSession::runResume()
{
    connect(m_engine, &SubmissionEngine::idle, this, &OnlineSession::onIdle);
    m_progressTimer.start();
    if (m_args.continueAnyway)
        m_engine->continueDespiteFailures();
    m_engine->resume();
}

void OnlineSession::printProgress()
{
    const EngineStatus s = m_engine->status();
    QString line = QCoreApplication::translate("cli", "%1/%2 downloaded, %3 active jobs")
                       .arg(s.downloaded)
                       .arg(s.batches)
                       .arg(s.activeJobs);
    if (s.waitingForQuota > 0)
        line += QCoreApplication::translate("cli", ", %1 waiting for quota").arg(s.waitingForQuota);
    if (s.createBlock != WaitReason::None && s.createBlockedUntil.isValid())
        line += QCoreApplication::translate("cli", ", creates blocked (%1) until %2")
                    .arg(toCode(s.createBlock), s.createBlockedUntil.toString(Qt::ISODate));
    if (s.needsAttention > 0)
        line += QCoreApplication::translate("cli", ", %1 need attention").arg(s.needsAttention);
    if (s.waitingForSpendCap > 0)
        line += QCoreApplication::translate("cli", ", %1 waiting: spend cap").arg(s.waitingForSpendCap);
    if (line != m_lastProgress) {
        m_lastProgress = line;
        printError(line);
    }
}

void OnlineSession::onIdle()
{
    if (m_finished)
        return;
    const EngineStatus s = m_engine->status();
    if (!s.running || !s.reconciled)
        return;
    if (s.allDone()) {
        printProgress();
        finish(0);
        return;
    }
    if (!s.failureAlarm.isEmpty() && s.activeJobs == 0 && s.inFlight == 0) {
        // Only the user can release it; nothing else will happen by itself.
        printProgress();
        printError(QCoreApplication::translate("cli",
            "paused: %1\nlook at the results; run resume --continue-anyway to create the remaining jobs")
                       .arg(s.failureAlarm));
        finish(4);
        return;
    }
    if (!s.createStop.isEmpty() && s.activeJobs == 0 && s.inFlight == 0) {
        // Waiting cannot help: only the user can (another model, billing fixed).
        printProgress();
        QString text = s.createStop;
        if (s.createStopReason == WaitReason::ModelUnavailable)
            text += QCoreApplication::translate("cli", "\nrun resume --model NAME with one of: %1")
                        .arg(s.batchModels.isEmpty() ? QStringLiteral("(the key's model list is not known)")
                                                     : s.batchModels.join(QStringLiteral(", ")));
        printError(text);
        finish(2);
        return;
    }
    bool workLeft = false;
    for (const BatchRecord &r : m_engine->state()->batches()) {
        if (!isFinal(r.state) && r.waitReason != WaitReason::Held && r.waitReason != WaitReason::NeedsUser)
            workLeft = true;
    }
    if (!workLeft) {
        printProgress();
        printError(QCoreApplication::translate("cli", "%1 batches need attention (see `status`)")
                       .arg(s.needsAttention));
        finish(4);
        return;
    }
    if (s.waitingForSpendCap > 0 && s.activeJobs == 0 && s.inFlight == 0) {
        // Only a higher cap can move these; nothing else will happen by itself.
        printProgress();
        printOut(QCoreApplication::translate(
            "cli", "blocked by the spend cap: %1 batches wait; raise it with resume --spend-cap USD\n")
                     .arg(s.waitingForSpendCap));
        finish(3);
        return;
    }
    const bool onlyDailyQuotaLeft = s.createBlock == WaitReason::DailyQuota && s.activeJobs == 0;
    if (onlyDailyQuotaLeft || !m_args.untilDone) {
        const QDateTime until = onlyDailyQuotaLeft ? s.createBlockedUntil : s.nextWake;
        printProgress();
        printOut(
            QCoreApplication::translate("cli", "blocked until %1 (%2)\n")
                .arg(until.isValid() ? until.toUTC().toString(Qt::ISODate) : QStringLiteral("unknown"),
                    onlyDailyQuotaLeft ? QStringLiteral("daily quota") : QStringLiteral("jobs in progress")));
        finish(3);
    }
}

void OnlineSession::runCancel()
{
    QList<qint64> ids;
    for (const BatchRecord &r : m_engine->state()->batches()) {
        const bool named = m_args.positional.isEmpty() || m_args.positional.contains(r.displayName)
            || (r.batchNumber && m_args.positional.contains(QString::number(*r.batchNumber)));
        if (named)
            ids.append(r.id);
    }
    connect(m_engine, &SubmissionEngine::idle, this, [this] {
        if (m_engine->status().inFlight == 0)
            finish(0);
    });
    m_engine->cancelJobs(ids);
    if (m_engine->status().inFlight == 0)
        finish(0);
}

void OnlineSession::runCleanup()
{
    // Remote files of finished batches: nothing will read them again.
    QList<qint64> ids;
    for (const BatchRecord &r : m_engine->state()->batches()) {
        if (r.hasRemoteFile() && (r.state == BatchState::Downloaded || needsAttention(r.state)))
            ids.append(r.id);
    }
    connect(m_engine, &SubmissionEngine::statusChanged, this, [this] {
        if (m_engine->status().inFlight == 0)
            finish(0);
    });
    printOut(
        QCoreApplication::translate("cli", "deleting %1 remote files no longer needed\n").arg(ids.size()));
    m_engine->deleteRemoteFiles(ids);
    if (m_engine->status().inFlight == 0)
        finish(0);
}

void OnlineSession::interrupt()
{
    if (m_engine)
        m_engine->shutdown();
    printError(QCoreApplication::translate("cli", "interrupted; run resume again to continue"));
    finish(130);
}

void OnlineSession::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    m_progressTimer.stop();
    QCoreApplication::exit(code);
}

} // namespace bb::cli
