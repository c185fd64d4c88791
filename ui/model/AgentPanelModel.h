#pragma once

#include <QObject>

class QSettings;
#include <QString>
#include <functional>
#include <memory>
#include <vector>

#include "agent/eval/Factories.h"
#include "ui/model/AgentTimelineModel.h"
#include "ui/model/ApiKeyStore.h"
#include "ui/model/BackgroundTask.h"

namespace medsam::agent {
class AgentRunner;
class Policy;
class PromptableSegmenter;
}  // namespace medsam::agent

namespace medsam::ui {

class AiPromptModel;
class ViewerModel;

// The agent, live (the heart of the product): the person gives the first prompt with the AI tool (a box or a
// click on a slice), then Run lets a policy continue the same exchange on agent::AgentRunner's worker. Each
// agent step becomes part of the AI tool's exchange (preview, prompts, and the project's session, so person
// and agent steps form one trajectory) and a timeline row. Pause, Step and Stop work between steps; while
// paused the person's own prompts are handed to the runner before the agent's next turn (take over, hand
// back). Accept and Reject stay the AI tool's.
class AgentPanelModel : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Finished };

    AgentPanelModel(ViewerModel* viewer, AiPromptModel* ai, QObject* parent = nullptr);
    ~AgentPanelModel() override;

    // Settings (the command line's names): policy box | box-clicks | expert | mllm, its server and model.
    agent::AgentSpec& spec() { return spec_; }
    // The MLLM client's patience (the CLI's --timeout and --retries): seconds per request attempt and extra
    // attempts after a transport failure. Bounded (1..3600 s, 0..10 retries); with settings attached
    // (setSettings) they are kept in QSettings ("agent/timeoutSeconds", "agent/retries") and read back on
    // start, an unreadable or out-of-range stored value falling back to the default or the bound.
    static constexpr int kMinTimeoutSeconds = 1, kMaxTimeoutSeconds = 3600, kMaxRetries = 10;
    void setSettings(QSettings* settings);
    int timeoutSeconds() const;
    void setTimeoutSeconds(int seconds);
    int retries() const { return spec_.serverRetries; }
    void setRetries(int retries);
    // The MLLM server's API key: environment, else keychain, else typed for this session (ApiKeyStore); it
    // reaches the client through the spec when an episode starts and is written nowhere.
    ApiKeyStore* apiKeys() { return &apiKeys_; }
    int maxTurns() const { return maxTurns_; }
    void setMaxTurns(int turns) { maxTurns_ = std::max(1, turns); }
    QString target() const { return target_; }
    void setTarget(const QString& target) { target_ = target; }
    // The target when none is typed: the studio gives the active label's target text (or its name).
    void setDefaultTarget(std::function<QString()> provider) { defaultTarget_ = std::move(provider); }
    // Label values of the open label map that are the reference (Dice per step, and what the expert
    // imitates).
    std::vector<std::uint16_t> referenceValues() const { return reference_; }
    void setReferenceValues(std::vector<std::uint16_t> values) { reference_ = std::move(values); }
    static QStringList policies();
    // A policy's name for the panel in the user's language (English shows the key, as the CLI's --policy
    // spells it).
    static QString policyTitle(const QString& policy);
    // Whether a policy talks to the MLLM server, i.e. whether the server, model, key, timeout and retries
    // settings apply to it (the panel greys them out otherwise).
    static bool usesServer(const QString& policy);

    // Starts from the AI tool's exchange (its slice and the person's prompts). False, with errorOccurred,
    // when there is no exchange, an episode runs, or the settings are incomplete (the message names what is
    // missing).
    // `paused`: the episode starts paused (Step takes one agent turn at a time).
    bool run(bool paused = false);
    void pause();
    void resume();  // hands back: the person's prompts made while paused go to the runner first
    void stepOnce();
    void stop();
    void cancel();

    State state() const { return state_; }
    AgentTimelineModel* timeline() { return &timeline_; }
    QString outcome() const { return outcome_; }

Q_SIGNALS:
    void stateChanged();
    void errorOccurred(const QString& message);

private:
    void setState(State state);
    void submitPersonActions();
    void onStep(const core::Step& step);
    void onFinished(const core::Trajectory& trajectory);
    void onLoadFailed(const QString& message);

    ViewerModel* viewer_;
    AiPromptModel* ai_;
    QSettings* settings_ = nullptr;
    ApiKeyStore apiKeys_;
    agent::AgentSpec spec_;
    int maxTurns_ = 5;
    QString target_;
    std::function<QString()> defaultTarget_;
    std::vector<std::uint16_t> reference_;
    std::unique_ptr<agent::PromptableSegmenter> tool_;
    std::unique_ptr<agent::Policy> policy_;
    std::unique_ptr<agent::AgentRunner> runner_;
    BackgroundTask loading_;     // a torch-backed tool or policy is made here
    std::size_t submitted_ = 0;  // exchange actions the runner has seen
    std::size_t personStepsToSkip_ = 0;
    State state_ = State::Idle;
    AgentTimelineModel timeline_;
    QString outcome_;
};

}  // namespace medsam::ui
