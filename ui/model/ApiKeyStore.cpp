#include "ui/model/ApiKeyStore.h"

#include <qt6keychain/keychain.h>

namespace medsam::ui {

namespace {
QString environmentKey() {
    for (const char* name : {"MEDSAM_API_KEY", "OPENAI_API_KEY"}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty()) return value;
    }
    return {};
}

// A job on our entry that never falls back to plaintext storage.
template <typename Job>
Job* makeJob(QObject* parent) {
    auto* job = new Job(QString::fromLatin1(ApiKeyStore::kService), parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(QString::fromLatin1(ApiKeyStore::kEntry));
    return job;
}
}  // namespace

ApiKeyStore::ApiKeyStore(QObject* parent) : QObject(parent) {}

void ApiKeyStore::finish(const QString& status) {
    status_ = status;
    Q_EMIT changed();
}

void ApiKeyStore::load() {
    if (const QString env = environmentKey(); !env.isEmpty()) {
        key_ = env;
        source_ = Source::Environment;
        finish(tr("API key from the environment ($MEDSAM_API_KEY or $OPENAI_API_KEY)"));
        return;
    }
    auto* job = makeJob<QKeychain::ReadPasswordJob>(this);
    ++pending_;
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        --pending_;
        if (job->error() == QKeychain::NoError) {
            key_ = job->textData();
            source_ = Source::Keychain;
            finish(tr("API key from the desktop keychain"));
        } else if (job->error() == QKeychain::EntryNotFound) {
            finish(tr("No API key: type one, or set $MEDSAM_API_KEY"));
        } else {
            finish(tr("No keychain available (%1): set $MEDSAM_API_KEY, or type the key for this session")
                       .arg(job->errorString()));
        }
    });
    job->start();
}

void ApiKeyStore::setKey(const QString& key, bool remember) {
    key_ = key.trimmed();
    source_ = key_.isEmpty() ? Source::None : Source::ThisSession;
    if (!remember || key_.isEmpty()) {
        finish(key_.isEmpty() ? tr("No API key") : tr("API key for this session only"));
        return;
    }
    auto* job = makeJob<QKeychain::WritePasswordJob>(this);
    job->setTextData(key_);
    ++pending_;
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        --pending_;
        if (job->error() == QKeychain::NoError) {
            source_ = Source::Keychain;
            finish(tr("API key saved in the desktop keychain"));
        } else {
            finish(tr("The key was not saved: no keychain available (%1); it serves this session only, or "
                      "set $MEDSAM_API_KEY")
                       .arg(job->errorString()));
        }
    });
    job->start();
}

void ApiKeyStore::forget() {
    key_.clear();
    source_ = Source::None;
    auto* job = makeJob<QKeychain::DeletePasswordJob>(this);
    ++pending_;
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        --pending_;
        const bool gone = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        finish(gone ? tr("API key removed")
                    : tr("The keychain entry could not be removed (%1)").arg(job->errorString()));
    });
    job->start();
}

}  // namespace medsam::ui
