#include "agent/runner/AgentRunner.h"

#include <QThread>
#include <chrono>

#include "agent/runner/RunnerWorker.h"

namespace medsam::agent {

RunnerWorker::RunnerWorker(PromptableSegmenter& tool, Policy* policy, EnvConfig config,
                           EpisodeRequest request, std::shared_ptr<RunnerControl> control)
    : tool_(tool),
      policy_(policy),
      config_(std::move(config)),
      request_(std::move(request)),
      control_(std::move(control)) {}

void RunnerWorker::run() {
    RunnerControl& c = *control_;
    SegmentationEnv env(tool_, config_);
    // The policy sees the runner's cancel flag while this episode runs, so cancel() aborts a decision in
    // flight (an MLLM request) instead of waiting for its timeout; unset before `finished` is emitted, after
    // which the caller may destroy the policy.
    if (policy_) policy_->setEpisodeCancelFlag(&c.cancel);
    auto finishWith = [&](core::Trajectory t) {
        if (policy_) {
            policy_->setEpisodeCancelFlag(nullptr);
            t.policy = policy_->name();
        }
        c.running = false;
        Q_EMIT finished(t);
    };
    try {
        if (policy_) {
            beginEpisode(env, *policy_, request_);
        } else {
            env.reset(request_.task, request_.slice, request_.reference, request_.cacheKey,
                      request_.appearance);
        }
    } catch (const std::exception& e) {
        // No slice to act on: a trajectory with one error step says why.
        core::Trajectory t;
        t.task = request_.task;
        t.tool = tool_.name();
        core::Step s;
        s.error = std::string("could not start the episode: ") + e.what();
        t.steps.push_back(s);
        t.outcome = core::Outcome::Error;
        finishWith(std::move(t));
        return;
    }

    while (!env.done()) {
        std::optional<core::Action> personAction;
        bool agentTurn = false;
        {
            std::unique_lock<std::mutex> lock(c.mutex);
            c.wake.wait(lock, [&] {
                const bool agentMayAct = policy_ && c.agentEnabled && (!c.paused || c.stepTokens > 0);
                return c.cancel || c.stop || !c.personActions.empty() || agentMayAct;
            });
            if (c.cancel) {
                env.cancel();
                break;
            }
            if (!c.personActions.empty()) {
                personAction = c.personActions.front();
                c.personActions.pop_front();
            } else if (!c.stop) {
                agentTurn = true;
                if (c.paused && c.stepTokens > 0) --c.stepTokens;
            }
        }
        if (personAction) {
            try {
                const auto r = env.step(*personAction, core::Actor::Person);
                Q_EMIT stepTaken(*r.step);
            } catch (const std::invalid_argument& e) {
                Q_EMIT actionRejected(QString::fromStdString(e.what()));
            } catch (const std::exception& e) {
                env.recordError(core::Actor::Person, std::string("the tool failed: ") + e.what(), {},
                                core::Outcome::Error);
                Q_EMIT stepTaken(env.trajectory().steps.back());
            }
            continue;
        }
        if (c.stop) {
            // Stopping runs no tool, but the env may still refuse (e.g. no episode): an error step, not an
            // exception out of the worker thread.
            try {
                const auto r = env.step(core::Action::stop(), core::Actor::Person);
                Q_EMIT stepTaken(*r.step);
            } catch (const std::exception& e) {
                env.recordError(core::Actor::Person, std::string("could not stop: ") + e.what(), {},
                                core::Outcome::Error);
                Q_EMIT stepTaken(env.trajectory().steps.back());
            }
            break;
        }
        if (agentTurn) {
            const core::Step* step = policyTurn(env, *policy_);
            // A cancel that arrived while the policy was thinking wins over its answer being shown as final.
            if (step) Q_EMIT stepTaken(*step);
        }
    }
    finishWith(env.trajectory());
}

AgentRunner::AgentRunner(PromptableSegmenter& tool, Policy* policy, EnvConfig config, QObject* parent)
    : QObject(parent), tool_(tool), policy_(policy), config_(std::move(config)) {
    qRegisterMetaType<medsam::core::Step>("medsam::core::Step");
    qRegisterMetaType<medsam::core::Trajectory>("medsam::core::Trajectory");
}

AgentRunner::~AgentRunner() {
    if (thread_) {
        cancel();
        thread_->quit();
        thread_->wait();
        delete thread_;
    }
}

void AgentRunner::start(EpisodeRequest request, bool startPaused) {
    if (isRunning()) throw std::logic_error("AgentRunner::start: an episode is already running");
    if (thread_) {
        thread_->quit();
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    control_ = std::make_shared<RunnerControl>();
    control_->paused = startPaused;
    control_->agentEnabled = policy_ != nullptr;
    control_->running = true;

    thread_ = new QThread;
    thread_->setObjectName("medsam-agent-runner");
    worker_ = new RunnerWorker(tool_, policy_, config_, std::move(request), control_);
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::started, worker_, &RunnerWorker::run);
    connect(worker_, &RunnerWorker::stepTaken, this, &AgentRunner::stepTaken, Qt::QueuedConnection);
    connect(worker_, &RunnerWorker::actionRejected, this, &AgentRunner::actionRejected, Qt::QueuedConnection);
    connect(worker_, &RunnerWorker::finished, this, &AgentRunner::finished, Qt::QueuedConnection);
    // Direct: quit() is thread-safe, and a queued quit would wait for an event loop in the caller's thread
    // (wait() without one would time out although the episode finished).
    connect(worker_, &RunnerWorker::finished, thread_, &QThread::quit, Qt::DirectConnection);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_->start();
}

void AgentRunner::pause() {
    if (!control_) return;
    control_->paused = true;
    control_->notify();
}

void AgentRunner::resume() {
    if (!control_) return;
    control_->paused = false;
    control_->stepTokens = 0;
    control_->notify();
}

void AgentRunner::stepOnce() {
    if (!control_) return;
    control_->paused = true;
    ++control_->stepTokens;
    control_->notify();
}

void AgentRunner::requestStop() {
    if (!control_) return;
    control_->stop = true;
    control_->notify();
}

void AgentRunner::cancel() {
    if (!control_) return;
    control_->cancel = true;
    control_->notify();
}

void AgentRunner::submitAction(const core::Action& action) {
    if (!control_) return;
    {
        std::lock_guard<std::mutex> lock(control_->mutex);
        control_->personActions.push_back(action);
    }
    control_->wake.notify_all();
}

void AgentRunner::setAgentEnabled(bool enabled) {
    if (!control_) return;
    control_->agentEnabled = enabled && policy_ != nullptr;
    control_->notify();
}

bool AgentRunner::isRunning() const {
    return control_ && control_->running;
}
bool AgentRunner::isPaused() const {
    return control_ && control_->paused;
}

bool AgentRunner::wait(int timeoutMs) {
    if (!thread_) return true;
    return thread_->wait(QDeadlineTimer(timeoutMs));
}

}  // namespace medsam::agent
