#include "ui/model/AgentPanelModel.h"

#include <QSettings>
#include <QStringList>
#include <algorithm>
#include <cmath>

#include "agent/runner/AgentRunner.h"
#include "ui/model/AiPromptModel.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

AgentPanelModel::AgentPanelModel(ViewerModel* viewer, AiPromptModel* ai, QObject* parent)
    : QObject(parent), viewer_(viewer), ai_(ai) {
    // The built-in learned policy: an agent without a server, a reference or a file (docs/training.md).
    spec_.policy = "learned";
    spec_.tool = "classical";
    // Another exchange or another image: the episode belongs to the old one.
    connect(ai_, &AiPromptModel::sessionEnded, this, [this] {
        if (state_ == State::Running || state_ == State::Paused) cancel();
    });
}

namespace {
const QString kTimeoutKey = QStringLiteral("agent/timeoutSeconds");
const QString kRetriesKey = QStringLiteral("agent/retries");
}  // namespace

void AgentPanelModel::setSettings(QSettings* settings) {
    settings_ = settings;
    if (!settings_) return;
    const agent::AgentSpec defaults;
    bool ok = false;
    const int timeout = settings_->value(kTimeoutKey).toInt(&ok);
    spec_.serverTimeoutS =
        ok ? std::clamp(timeout, kMinTimeoutSeconds, kMaxTimeoutSeconds) : defaults.serverTimeoutS;
    const int retries = settings_->value(kRetriesKey).toInt(&ok);
    spec_.serverRetries = ok ? std::clamp(retries, 0, kMaxRetries) : defaults.serverRetries;
}

int AgentPanelModel::timeoutSeconds() const {
    return static_cast<int>(std::lround(spec_.serverTimeoutS));
}

void AgentPanelModel::setTimeoutSeconds(int seconds) {
    spec_.serverTimeoutS = std::clamp(seconds, kMinTimeoutSeconds, kMaxTimeoutSeconds);
    if (settings_) settings_->setValue(kTimeoutKey, timeoutSeconds());
}

void AgentPanelModel::setRetries(int retries) {
    spec_.serverRetries = std::clamp(retries, 0, kMaxRetries);
    if (settings_) settings_->setValue(kRetriesKey, spec_.serverRetries);
}

AgentPanelModel::~AgentPanelModel() {
    if (runner_) runner_->cancel();
}

QStringList AgentPanelModel::policies() {
    return {QStringLiteral("learned"), QStringLiteral("box-clicks"), QStringLiteral("box"),
            QStringLiteral("expert"), QStringLiteral("mllm")};
}

bool AgentPanelModel::usesServer(const QString& policy) {
    return policy == QLatin1String("mllm");
}

QString AgentPanelModel::policyTitle(const QString& policy) {
    // English shows the keys, as the CLI and the sessions' policy column spell them; translations name them.
    //: agent policy: the compact network trained here and shipped with the program
    if (policy == QLatin1String("learned")) return tr("learned (built-in)");
    //: agent policy: a box, then corrective clicks
    if (policy == QLatin1String("box-clicks")) return tr("box-clicks");
    //: agent policy: one box prompt only
    if (policy == QLatin1String("box")) return tr("box");
    //: agent policy: simulated expert annotator that imitates the reference mask
    if (policy == QLatin1String("expert")) return tr("expert");
    //: agent policy: the multimodal large language model agent on a server
    if (policy == QLatin1String("mllm")) return tr("mllm");
    return policy;
}

void AgentPanelModel::setState(State state) {
    state_ = state;
    Q_EMIT stateChanged();
}

bool AgentPanelModel::run(bool paused) {
    if (state_ == State::Running || state_ == State::Paused) {
        Q_EMIT errorOccurred(tr("the agent is already running: stop it first"));
        return false;
    }
    if (!ai_->active() || ai_->actions().empty()) {
        Q_EMIT errorOccurred(
            tr("give the first prompt with the AI prompt tool (a box or a click on a slice), "
               "then run the agent"));
        return false;
    }
    const core::SliceRef slice = *ai_->slice();
    agent::EpisodeRequest request;
    request.slice = core::extractSlice(viewer_->volume().image, slice);
    request.task.imagePath = viewer_->image().path.toStdString();
    request.task.slice = slice;
    QString target = target_.isEmpty() && defaultTarget_ ? defaultTarget_() : target_;
    request.task.target = target.isEmpty() ? std::string("the structure") : target.toStdString();
    request.initialPrompt = ai_->actions().front();
    if (!reference_.empty() && viewer_->labelMap()) {
        request.reference =
            core::extractSlice(core::maskForValues(viewer_->labelMap()->labels, reference_), slice);
        request.task.labelValues = reference_;
    }
    if (spec_.policy == "expert" && !request.reference) {
        Q_EMIT errorOccurred(
            tr("the expert imitates a reference: load a label map and name its reference values"));
        return false;
    }
    spec_.apiKey = apiKeys_.key().toStdString();  // empty: the client reads the environment itself
    try {
        agent::validateSpec(spec_);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return false;
    }
    const int turns = maxTurns_ + static_cast<int>(ai_->actions().size());  // the person's prompts count too
    auto begin = [this, turns, paused, request = std::move(request)]() mutable {
        agent::EnvConfig config;
        config.maxTurns = turns;
        runner_ = std::make_unique<agent::AgentRunner>(*tool_, policy_.get(), config);
        connect(runner_.get(), &agent::AgentRunner::stepTaken, this, &AgentPanelModel::onStep);
        connect(runner_.get(), &agent::AgentRunner::finished, this, &AgentPanelModel::onFinished);
        connect(runner_.get(), &agent::AgentRunner::actionRejected, this, &AgentPanelModel::errorOccurred);
        timeline_.clear();
        outcome_.clear();
        submitted_ = 0;
        personStepsToSkip_ = 0;
        runner_->start(std::move(request), true);
        submitPersonActions();  // the person's prompts come first, then the agent
        if (state_ == State::Paused || paused) {
            setState(State::Paused);
            return;
        }
        runner_->resume();
        setState(State::Running);
    };
    runner_.reset();
    if (!agent::needsTorch(spec_)) {
        try {
            tool_ = agent::makeTool(spec_);
            policy_ = agent::makePolicy(spec_);
        } catch (const std::exception& e) {
            Q_EMIT errorOccurred(QString::fromStdString(e.what()));
            return false;
        }
        begin();
        return true;
    }
    // A torch-backed tool or policy: the plugin and the model files load on a worker, never in the window.
    auto made = std::make_shared<
        std::pair<std::unique_ptr<agent::PromptableSegmenter>, std::unique_ptr<agent::Policy>>>();
    const agent::AgentSpec spec = spec_;
    setState(paused ? State::Paused : State::Running);
    connect(&loading_, &BackgroundTask::failed, this, &AgentPanelModel::onLoadFailed, Qt::UniqueConnection);
    loading_.start(
        tr("Loading the agent's model"),
        [spec, made](TaskContext&) {
            made->first = agent::makeTool(spec);
            made->second = agent::makePolicy(spec);
        },
        [this, made, begin]() mutable {
            tool_ = std::move(made->first);
            policy_ = std::move(made->second);
            begin();
        });
    return true;
}

void AgentPanelModel::onLoadFailed(const QString& message) {
    setState(State::Idle);
    Q_EMIT errorOccurred(message);
}

void AgentPanelModel::submitPersonActions() {
    const auto& actions = ai_->actions();
    for (; submitted_ < actions.size(); ++submitted_) {
        runner_->submitAction(actions[submitted_]);
        ++personStepsToSkip_;  // already recorded by the AI tool
    }
}

void AgentPanelModel::pause() {
    if (state_ != State::Running || !runner_) return;
    runner_->pause();
    setState(State::Paused);
}

void AgentPanelModel::resume() {
    if (state_ != State::Paused || !runner_) return;
    submitPersonActions();
    runner_->resume();
    setState(State::Running);
}

void AgentPanelModel::stepOnce() {
    if (state_ != State::Paused || !runner_) return;
    submitPersonActions();
    runner_->stepOnce();
}

void AgentPanelModel::stop() {
    if (runner_ && (state_ == State::Running || state_ == State::Paused)) runner_->requestStop();
}

void AgentPanelModel::cancel() {
    if (runner_ && (state_ == State::Running || state_ == State::Paused)) runner_->cancel();
}

void AgentPanelModel::onStep(const core::Step& step) {
    timeline_.append(step);
    if (step.actor == core::Actor::Person && personStepsToSkip_ > 0) {
        --personStepsToSkip_;  // the runner replaying the person's prompts: the AI tool recorded them
        return;
    }
    submitted_ += step.action.isPrompt() ? 1 : 0;  // the agent's prompt joins the exchange
    ai_->adoptStep(step);
    if (!step.error.empty()) Q_EMIT errorOccurred(QString::fromStdString(step.error));
}

void AgentPanelModel::onFinished(const core::Trajectory& trajectory) {
    outcome_ = QString::fromStdString(core::toString(trajectory.outcome));
    setState(State::Finished);
}

}  // namespace medsam::ui
