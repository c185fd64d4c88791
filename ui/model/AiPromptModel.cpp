#include "ui/model/AiPromptModel.h"

#include <QDateTime>
#include <QUndoStack>
#include <chrono>

#include "agent/tools/ClassicalSegmenter.h"
#include "core/codec/MaskCodec.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/SliceEdit.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

AiPromptModel::AiPromptModel(ViewerModel* viewer, PaintbrushModel* brush, QUndoStack* undo, QObject* parent)
    : QObject(parent), viewer_(viewer), brush_(brush), undo_(undo) {
    setSegmenterFactory([] {
        return std::make_unique<agent::ClassicalSegmenter>(
            agent::classicalOptions(agent::kDefaultClassicalVersion));
    });
    connect(&task_, &BackgroundTask::finished, this, &AiPromptModel::runPending);
    connect(&task_, &BackgroundTask::failed, this, [this](const QString& message) {
        Q_EMIT errorOccurred(message);
        Q_EMIT answered();
    });
    // A new image ends the exchange: its prompts and preview belong to the old one.
    connect(viewer_, &ViewerModel::imageChanged, this, [this] {
        if (active()) reject();
    });
}

AiPromptModel::~AiPromptModel() {
    task_.cancel();
    task_.wait();
}

void AiPromptModel::setSegmenterFactory(SegmenterFactory factory) {
    if (active()) reject();
    task_.wait();
    factory_ = std::move(factory);
    segmenter_ = std::make_shared<std::shared_ptr<agent::PromptableSegmenter>>();
    toolName_ = tr("(loads with the first prompt)");
}

QString AiPromptModel::toolName() const {
    return toolName_;
}

void AiPromptModel::updateToolName(const std::shared_ptr<agent::PromptableSegmenter>& segmenter) {
    if (segmenter) toolName_ = QString::fromStdString(segmenter->name());
}

std::string AiPromptModel::cacheKey(const core::SliceRef& slice) const {
    return "image" + std::to_string(viewer_->imageSerial()) + "/" + slice.toString();
}

void AiPromptModel::startFresh(const core::SliceRef& slice) {
    if (active()) reject();
    slice_ = slice;
    prompts_ = {};
    actions_.clear();
    preview_.reset();
    steps_ = 0;
}

void AiPromptModel::addBox(const core::SliceRef& slice, double x0, double y0, double x1, double y1) {
    if (!viewer_->hasImage()) return;
    startFresh(slice);  // a new box starts afresh (the accumulated protocol)
    const core::Action box =
        core::Action::box(std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1));
    prompts_.box = agent::BoxPrompt{box.x0, box.y0, box.x1, box.y1};
    request(box);
}

void AiPromptModel::addPoint(const core::SliceRef& slice, double x, double y, bool positive) {
    if (!viewer_->hasImage()) return;
    if (!slice_ || *slice_ != slice) startFresh(slice);
    prompts_.points.push_back({x, y, positive});
    request(core::Action::point(x, y, positive));
}

void AiPromptModel::request(const core::Action& action) {
    actions_.push_back(action);
    queue_.push_back({action, prompts_});
    Q_EMIT previewChanged();  // the prompt shows at once, the mask when it comes
    runPending();
}

void AiPromptModel::prepareSlice(const core::SliceRef& slice) {
    if (!viewer_->hasImage() || task_.isRunning()) return;
    auto volume = viewer_->image().volume;
    const std::string key = cacheKey(slice);
    auto holder = segmenter_;
    const SegmenterFactory factory = factory_;
    task_.start(
        tr("Preparing the slice"),
        [volume, slice, key, holder, factory](TaskContext&) {
            try {
                if (!*holder) *holder = factory();  // on the worker: a model (the torch plugin) may load here
                (*holder)->setImage(core::extractSlice(volume->image, slice), key);
            } catch (const std::exception&) {
                // Only a head start: the next prompt makes the same calls and reports what went wrong.
            }
        },
        [this, holder] { updateToolName(*holder); });
}

void AiPromptModel::runPending() {
    if (queue_.empty() || task_.isRunning() || !slice_) return;
    const Request next = queue_.front();
    queue_.erase(queue_.begin());
    auto holder = segmenter_;
    const SegmenterFactory factory = factory_;
    auto volume = viewer_->image().volume;
    const core::SliceRef slice = *slice_;
    const std::string key = cacheKey(slice);
    const agent::PromptSet prompts = next.prompts;
    const core::Action action = next.action;
    auto prior = preview_ ? std::make_shared<core::Mask>(*preview_) : nullptr;
    auto result = std::make_shared<agent::SegmentationResult>();
    auto latency = std::make_shared<double>(0.0);
    task_.start(
        tr("Segmenting"),
        [=](TaskContext&) {
            const auto t0 = std::chrono::steady_clock::now();
            if (!*holder) *holder = factory();  // on the worker: a model (the torch plugin) may load here
            auto& segmenter = *holder;
            segmenter->setImage(core::extractSlice(volume->image, slice), key);
            agent::PredictOptions options;
            options.previousMask = prior.get();  // the accumulated protocol: the last preview is the prior
            *result = segmenter->predict(prompts, options);
            *latency =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        },
        [=] {
            updateToolName(*holder);
            if (!slice_ || *slice_ != slice) return;  // rejected or moved on while it ran
            preview_ = result->mask;
            core::Step step;
            step.index = steps_++;
            step.actor = core::Actor::Person;
            step.action = action;
            step.mask = core::encodeMask(result->mask);
            step.maskWidth = result->mask.width();
            step.maskHeight = result->mask.height();
            step.latencyMs = *latency;
            step.timestampMs = QDateTime::currentMSecsSinceEpoch();
            Q_EMIT previewChanged();
            Q_EMIT stepTaken(slice, step);
            Q_EMIT answered();
        });
}

void AiPromptModel::adoptStep(const core::Step& step) {
    if (!slice_) return;
    const core::Action& a = step.action;
    if (a.kind == core::ActionKind::Box) {
        prompts_.box = agent::BoxPrompt{a.x0, a.y0, a.x1, a.y1};
        prompts_.points.clear();  // a box re-frames the object (the accumulated protocol)
    } else if (a.isPoint()) {
        prompts_.points.push_back({a.x0, a.y0, a.kind == core::ActionKind::PositivePoint});
    }
    if (a.isPrompt()) actions_.push_back(a);
    if (!step.mask.empty() && step.error.empty()) preview_ = core::decodeMask(step.mask);
    core::Step recorded = step;
    recorded.index = steps_++;
    Q_EMIT previewChanged();
    Q_EMIT stepTaken(*slice_, recorded);
}

void AiPromptModel::accept() {
    if (!slice_) return;
    const core::SliceRef slice = *slice_;
    const core::Mask mask = preview_ ? *preview_ : core::Mask{};
    commitSliceMask(*viewer_, *brush_, *undo_, slice, mask, brush_->activeLabel(),
                    tr("AI segmentation (%n prompt(s))", nullptr, int(actions_.size())));
    endExchange(slice, core::Outcome::Stopped, mask);
}

void AiPromptModel::reject() {
    if (!slice_) return;
    endExchange(*slice_, core::Outcome::Cancelled, core::Mask{});
}

void AiPromptModel::endExchange(core::SliceRef slice, core::Outcome outcome, const core::Mask& finalMask) {
    slice_.reset();
    preview_.reset();
    prompts_ = {};
    actions_.clear();
    queue_.clear();
    Q_EMIT previewChanged();
    Q_EMIT sessionEnded(slice, outcome, finalMask);
}

}  // namespace medsam::ui
