#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "agent/env/SegmentationEnv.h"
#include "agent/policies/Policy.h"
#include "agent/runner/Episode.h"
#include "core/trajectory/Trajectory.h"

Q_DECLARE_METATYPE(medsam::core::Step)
Q_DECLARE_METATYPE(medsam::core::Trajectory)

namespace medsam::agent {

class RunnerWorker;
struct RunnerControl;

// Runs one episode on a worker thread (QThread + worker object) so the UI thread never waits for a model.
// Every step is emitted as a queued signal in the receiver's thread. Controls are thread-safe and take effect
// between steps, so pause, stop and cancel answer within one step's latency:
//   pause()/resume()  - the agent waits before its next decision (a person can still act);
//   stepOnce()        - while paused, let the agent take exactly one more turn;
//   requestStop()     - end now as a stop by the person (the last mask is kept: outcome Stopped);
//   cancel()          - abandon the episode (outcome Cancelled), e.g. the user closed the image;
//   submitAction(a)   - a person's action, applied before the agent's next turn (Actor::Person);
//   setAgentEnabled(false) hands the person the wheel: only submitted actions are applied until re-enabled.
// Tool and policy are borrowed: they must outlive the run and must not be used elsewhere while it runs.
// Errors in tools or policies end the run with an error step (Step::error), never an exception in the UI.
class AgentRunner : public QObject {
    Q_OBJECT
public:
    AgentRunner(PromptableSegmenter& tool, Policy* policy, EnvConfig config = {}, QObject* parent = nullptr);
    ~AgentRunner() override;  // cancels a running episode and joins the thread

    // Throws std::logic_error when an episode is already running. With `startPaused` the agent waits for
    // resume() or stepOnce(); a null policy means a person-only session (agent disabled).
    void start(EpisodeRequest request, bool startPaused = false);

    void pause();
    void resume();
    void stepOnce();
    void requestStop();
    void cancel();
    void submitAction(const core::Action& action);
    void setAgentEnabled(bool enabled);

    bool isRunning() const;
    bool isPaused() const;
    // Blocks until the worker finished (true) or `timeoutMs` passed (false). For tests and shutdown.
    bool wait(int timeoutMs);

Q_SIGNALS:
    void stepTaken(const medsam::core::Step& step);
    // A person's action that could not be applied (e.g. an inverted box); the episode goes on.
    void actionRejected(const QString& reason);
    void finished(const medsam::core::Trajectory& trajectory);

private:
    PromptableSegmenter& tool_;
    Policy* policy_;
    EnvConfig config_;
    std::shared_ptr<RunnerControl> control_;
    class QThread* thread_ = nullptr;
    RunnerWorker* worker_ = nullptr;
};

}  // namespace medsam::agent
