#pragma once

#include <QObject>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "agent/runner/AgentRunner.h"

namespace medsam::agent {

// Shared between the runner (UI thread) and its worker. Flags are atomics; the queue and waits use the mutex.
struct RunnerControl {
    std::atomic<bool> paused{false};
    std::atomic<bool> cancel{false};
    std::atomic<bool> stop{false};
    std::atomic<bool> agentEnabled{true};
    std::atomic<bool> running{false};
    std::atomic<int> stepTokens{0};
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<core::Action> personActions;

    void notify() {
        { std::lock_guard<std::mutex> lock(mutex); }
        wake.notify_all();
    }
};

// Lives in the worker thread; run() is the whole episode.
class RunnerWorker : public QObject {
    Q_OBJECT
public:
    RunnerWorker(PromptableSegmenter& tool, Policy* policy, EnvConfig config, EpisodeRequest request,
                 std::shared_ptr<RunnerControl> control);

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void stepTaken(const medsam::core::Step& step);
    void actionRejected(const QString& reason);
    void finished(const medsam::core::Trajectory& trajectory);

private:
    PromptableSegmenter& tool_;
    Policy* policy_;
    EnvConfig config_;
    EpisodeRequest request_;
    std::shared_ptr<RunnerControl> control_;
};

}  // namespace medsam::agent
