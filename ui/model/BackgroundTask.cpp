#include "ui/model/BackgroundTask.h"

#include <QPointer>
#include <QThread>

#include "core/io/ImageIoError.h"
#include "storage/db/Records.h"

namespace medsam::ui {

struct BackgroundTask::Run : TaskContext {
    enum class Outcome { Succeeded, Failed, Cancelled };

    QPointer<BackgroundTask> owner;
    std::atomic<bool> cancel{false};
    Work work;
    std::function<void()> onSuccess;
    Outcome outcome = Outcome::Failed;
    QString message;

    void progress(std::size_t done, std::size_t total, const QString& what) override {
        QPointer<BackgroundTask> target = owner;
        QMetaObject::invokeMethod(
            target.data(),
            [target, done, total, what] {
                if (target) Q_EMIT target->progress(qint64(done), qint64(total), what);
            },
            Qt::QueuedConnection);
    }
    const std::atomic<bool>* cancelFlag() const override { return &cancel; }

    void execute() {
        try {
            work(*this);
            outcome = cancel ? Outcome::Cancelled : Outcome::Succeeded;
        } catch (const core::LoadCancelled&) {
            outcome = Outcome::Cancelled;
        } catch (const storage::Cancelled&) {
            outcome = Outcome::Cancelled;
        } catch (const std::exception& e) {
            outcome = cancel ? Outcome::Cancelled : Outcome::Failed;
            message = QString::fromStdString(e.what());
        } catch (...) {
            outcome = Outcome::Failed;
            message = QStringLiteral("unknown error");
        }
    }
};

BackgroundTask::BackgroundTask(QObject* parent) : QObject(parent) {}

BackgroundTask::~BackgroundTask() {
    if (thread_) {
        run_->cancel = true;
        thread_->wait();
        delete thread_;
    }
}

bool BackgroundTask::start(const QString& title, Work work, std::function<void()> onSuccess) {
    if (thread_) return false;
    run_ = std::make_shared<Run>();
    run_->owner = this;
    run_->work = std::move(work);
    run_->onSuccess = std::move(onSuccess);
    title_ = title;
    std::shared_ptr<Run> run = run_;
    thread_ = QThread::create([run] { run->execute(); });
    connect(thread_, &QThread::finished, this, &BackgroundTask::onThreadFinished, Qt::QueuedConnection);
    Q_EMIT started(title);
    thread_->start();
    return true;
}

void BackgroundTask::cancel() {
    if (run_) run_->cancel = true;
}

bool BackgroundTask::wait(int timeoutMs) {
    if (!thread_) return true;
    return timeoutMs < 0 ? thread_->wait() : thread_->wait(QDeadlineTimer(timeoutMs));
}

void BackgroundTask::onThreadFinished() {
    if (!thread_) return;
    thread_->deleteLater();
    thread_ = nullptr;
    std::shared_ptr<Run> run = std::move(run_);
    switch (run->outcome) {
        case Run::Outcome::Succeeded:
            try {
                if (run->onSuccess) run->onSuccess();
                Q_EMIT succeeded();
            } catch (const std::exception& e) {
                Q_EMIT failed(QString::fromStdString(e.what()));
            }
            break;
        case Run::Outcome::Failed:
            Q_EMIT failed(run->message);
            break;
        case Run::Outcome::Cancelled:
            Q_EMIT cancelled();
            break;
    }
    Q_EMIT finished();
}

}  // namespace medsam::ui
