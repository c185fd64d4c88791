#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace medsam::ui {

// What a job running on the worker sees: a progress reporter and the cancel flag (core's LoadOptions and
// storage's Progress take the flag as it is).
class TaskContext {
public:
    virtual ~TaskContext() = default;
    virtual void progress(std::size_t done, std::size_t total, const QString& what) = 0;
    virtual const std::atomic<bool>* cancelFlag() const = 0;
    bool cancelled() const { return cancelFlag()->load(); }
};

// One long job at a time off the UI thread (decoding a series, hashing a volume, opening a project,
// extracting surfaces): the work runs on its own thread, progress and the outcome come back as queued
// signals, and Cancel sets a flag the work polls. The work throws to fail; core::LoadCancelled or
// storage::Cancelled mean cancelled.
class BackgroundTask : public QObject {
    Q_OBJECT
public:
    using Work = std::function<void(TaskContext&)>;

    explicit BackgroundTask(QObject* parent = nullptr);
    ~BackgroundTask() override;  // cancels and waits for a running job

    // Starts `work` unless a job is running (then returns false). `onSuccess` runs on the UI thread after the
    // work returned without being cancelled, before succeeded() is emitted.
    bool start(const QString& title, Work work, std::function<void()> onSuccess);
    void cancel();
    bool isRunning() const { return thread_ != nullptr; }
    QString title() const { return title_; }
    bool wait(int timeoutMs = -1);  // for tests and shutdown

Q_SIGNALS:
    void started(const QString& title);
    void progress(qint64 done, qint64 total, const QString& what);
    void succeeded();
    void failed(const QString& message);
    void cancelled();
    void finished();  // after any of the three above

private:
    void onThreadFinished();

    struct Run;
    QThread* thread_ = nullptr;
    std::shared_ptr<Run> run_;
    QString title_;
};

}  // namespace medsam::ui
