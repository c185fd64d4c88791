#include "agent/env/SegmentationEnv.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "core/codec/MaskCodec.h"
#include "core/metrics/SegmentationMetrics.h"
#include "core/render/SliceRenderer.h"

namespace medsam::agent {

namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

PromptSet promptFor(const core::Action& a) {
    PromptSet p;
    if (a.kind == core::ActionKind::Box) {
        p.box = BoxPrompt{a.x0, a.y0, a.x1, a.y1};
    } else if (a.isPoint()) {
        p.points.push_back(PointPrompt{a.x0, a.y0, a.kind == core::ActionKind::PositivePoint});
    }
    return p;
}

}  // namespace

SegmentationEnv::SegmentationEnv(PromptableSegmenter& tool, EnvConfig config)
    : tool_(tool), config_(std::move(config)) {
    if (config_.maxTurns < 1) throw std::invalid_argument("SegmentationEnv: maxTurns must be at least 1");
    if (config_.renderSize < 8) throw std::invalid_argument("SegmentationEnv: renderSize must be at least 8");
}

PromptProtocol SegmentationEnv::protocol() const {
    return config_.protocol.value_or(tool_.preferredProtocol());
}

Observation SegmentationEnv::reset(const core::Task& task, core::Image<float> slice,
                                   std::optional<core::Mask> reference, const std::string& cacheKey,
                                   core::SliceAppearance appearance) {
    if (slice.empty() || !slice.is2D()) {
        throw std::invalid_argument("SegmentationEnv::reset: expected a 2D slice, got " +
                                    slice.geometry().describe());
    }
    if (reference && (reference->width() != slice.width() || reference->height() != slice.height())) {
        throw std::invalid_argument("SegmentationEnv::reset: the reference mask is " +
                                    reference->geometry().describe() + " but the slice is " +
                                    slice.geometry().describe());
    }
    slice_ = std::move(slice);
    reference_.reset();
    // The reference is drawn on the slice: give it the slice's geometry (readers of 2D label files may attach
    // a different origin or spacing to the same pixels).
    if (reference) reference_ = core::Mask(slice_.geometry(), std::move(reference->voxels()));
    mask_ = core::Mask(slice_.geometry());
    logits_ = {};
    history_.clear();
    promptTurns_ = 0;
    lastIou_.reset();
    reward_.reset();
    trajectory_ = {};
    trajectory_.task = task;
    trajectory_.tool = tool_.name();

    window_ = config_.window ? *config_.window : core::modelWindow(slice_, appearance);
    base_ = core::renderForModel(slice_, appearance, window_);  // checks the colour bytes fit the slice
    tool_.setAppearance(appearance);
    tool_.setImage(slice_, cacheKey);
    imageRgb_ = config_.renderPictures ? core::resize(base_, config_.renderSize, config_.renderSize).rgb
                                       : std::vector<std::uint8_t>{};
    return observation();
}

Observation SegmentationEnv::observation() const {
    Observation o;
    o.slice = &slice_;
    o.mask = &mask_;
    o.imageRgb = imageRgb_;
    // Re-rendered from the original each turn, as the published agent does: blend at slice resolution, then
    // one plain resize to the policy's square size.
    if (config_.renderPictures)
        o.overlayRgb = core::resize(core::blendMask(base_, mask_, {0, 255, 0}, 0.5), config_.renderSize,
                                    config_.renderSize)
                           .rgb;
    o.renderSize = config_.renderSize;
    o.history = history_;
    o.turn = promptTurns_;
    o.target = trajectory_.task.target;
    return o;
}

core::RgbImage SegmentationEnv::renderForPerson(int size) const {
    core::RgbImage overlay = core::resize(core::blendMask(base_, mask_, {0, 255, 0}, 0.5), size, size);
    const double sx = static_cast<double>(size) / slice_.width();
    const double sy = static_cast<double>(size) / slice_.height();
    core::drawPrompts(overlay, history_, sx, sy);
    return overlay;
}

core::Action SegmentationEnv::clampToSlice(const core::Action& action) const {
    core::Action a = action;
    const double w = slice_.width() - 1, h = slice_.height() - 1;
    a.x0 = std::clamp(a.x0, 0.0, w);
    a.x1 = std::clamp(a.x1, 0.0, w);
    a.y0 = std::clamp(a.y0, 0.0, h);
    a.y1 = std::clamp(a.y1, 0.0, h);
    if (a.kind == core::ActionKind::Box && (a.x0 > a.x1 || a.y0 > a.y1)) {
        throw std::invalid_argument("invalid box " + core::describe(action) +
                                    ": the first corner must be above and left of the second");
    }
    return a;
}

SegmentationResult SegmentationEnv::runTool(const core::Action& action) const {
    PredictOptions options;
    options.multimask = config_.multimask;
    if (protocol() == PromptProtocol::Paper) {
        if (!logits_.empty()) options.previousLogits = &logits_;
        return tool_.predict(promptFor(action), options);
    }
    PromptSet prompts;
    for (const auto& a : history_) {
        if (a.kind == core::ActionKind::Box) prompts.box = BoxPrompt{a.x0, a.y0, a.x1, a.y1};
        if (a.isPoint()) prompts.points.push_back({a.x0, a.y0, a.kind == core::ActionKind::PositivePoint});
    }
    if (action.kind == core::ActionKind::Box)
        prompts.box = BoxPrompt{action.x0, action.y0, action.x1, action.y1};
    if (action.isPoint()) {
        prompts.points.push_back({action.x0, action.y0, action.kind == core::ActionKind::PositivePoint});
    }
    // The previous mask is a prior for refining clicks. A new box re-frames the object, so it starts afresh
    // (as a SAM box does): with a prior, a box drawn after a bad first click would stay stuck to that mask.
    if (promptTurns_ > 0 && action.kind != core::ActionKind::Box) options.previousMask = &mask_;
    return tool_.predict(prompts, options);
}

core::Step& SegmentationEnv::appendStep(core::Actor actor, const core::Action& action,
                                        const std::string& rawText) {
    core::Step s;
    s.index = static_cast<int>(trajectory_.steps.size());
    s.actor = actor;
    s.action = action;
    s.rawText = rawText;
    s.timestampMs = nowMs();
    trajectory_.steps.push_back(std::move(s));
    return trajectory_.steps.back();
}

SegmentationEnv::StepResult SegmentationEnv::step(const core::Action& action, core::Actor actor,
                                                  const std::string& rawText, double decideMs,
                                                  std::vector<std::string> repairs) {
    if (done()) {
        throw std::logic_error("SegmentationEnv::step: the episode already ended (" +
                               core::toString(trajectory_.outcome) + "); call reset()");
    }
    if (slice_.empty()) throw std::logic_error("SegmentationEnv::step: call reset() first");

    const auto start = std::chrono::steady_clock::now();
    core::Action applied = action;
    SegmentationResult result;
    if (action.isPrompt()) {
        applied = clampToSlice(action);
        result = runTool(applied);
        if (result.mask.width() != slice_.width() || result.mask.height() != slice_.height()) {
            throw SegmenterError(tool_.name() + " returned a " + result.mask.geometry().describe() +
                                 " mask for a " + slice_.geometry().describe() + " slice");
        }
    }
    const double toolMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    core::Step& s = appendStep(actor, applied, rawText);
    s.repairs = std::move(repairs);
    if (applied.isPrompt()) {
        // The mask lives on the slice's grid and geometry, whatever geometry the tool attached.
        mask_ = core::Mask(slice_.geometry(), std::move(result.mask.voxels()));
        logits_ = std::move(result.logits);
        history_.push_back(applied);
        ++promptTurns_;
    }
    s.mask = core::encodeMask(mask_);
    s.maskWidth = mask_.width();
    s.maskHeight = mask_.height();
    if (applied.isPrompt() && !logits_.empty()) {
        s.lowResLogits = logits_.values;
        s.logitsWidth = logits_.width;
        s.logitsHeight = logits_.height;
    }
    if (reference_) {
        const core::Overlap o = core::overlap(mask_, *reference_);
        s.dice = o.dice();
        s.iou = o.iou();
        if (applied.isPrompt()) {
            s.reward = stepTerms(o.iou(), o.dice(), lastIou_ ? &*lastIou_ : nullptr, config_.reward);
            lastIou_ = o.iou();
        }
    }
    s.latencyMs = decideMs + toolMs;

    if (!applied.isPrompt()) {
        finish(core::Outcome::Stopped);
    } else if (promptTurns_ >= config_.maxTurns) {
        finish(core::Outcome::TurnLimit);
    }
    StepResult r;
    r.observation = observation();
    r.step = &trajectory_.steps.back();
    r.done = done();
    return r;
}

void SegmentationEnv::recordError(core::Actor actor, const std::string& message, const std::string& rawText,
                                  core::Outcome outcome, double decideMs) {
    if (done()) return;
    core::Step& s = appendStep(actor, core::Action::stop(), rawText);
    s.error = message.empty() ? std::string("unknown error") : message;
    s.mask = core::encodeMask(mask_);
    s.maskWidth = mask_.width();
    s.maskHeight = mask_.height();
    if (reference_) {
        const core::Overlap o = core::overlap(mask_, *reference_);
        s.dice = o.dice();
        s.iou = o.iou();
    }
    s.latencyMs = decideMs;
    finish(outcome == core::Outcome::Running ? core::Outcome::Error : outcome);
}

void SegmentationEnv::cancel() {
    if (!done()) finish(core::Outcome::Cancelled);
}

void SegmentationEnv::finish(core::Outcome outcome) {
    trajectory_.outcome = outcome;
    trajectory_.finalMask = core::encodeMask(mask_);
    if (reference_) {
        reward_ = computeReward(trajectory_, config_.reward);
        trajectory_.finalReward = reward_->total;
    }
}

ActionPreview SegmentationEnv::preview(const core::Action& action) {
    if (!reference_) throw std::logic_error("SegmentationEnv::preview needs a reference mask");
    if (!action.isPrompt()) {
        const core::Overlap o = core::overlap(mask_, *reference_);
        return {o.iou(), o.dice()};
    }
    SegmentationResult r = runTool(clampToSlice(action));
    const core::Overlap o =
        core::overlap(core::Mask(slice_.geometry(), std::move(r.mask.voxels())), *reference_);
    return {o.iou(), o.dice()};
}

ActionEvaluator SegmentationEnv::evaluator() {
    return [this](const core::Action& a) { return preview(a); };
}

}  // namespace medsam::agent
