#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

#include "agent/tools/PromptableSegmenter.h"
#include "core/image/SliceRef.h"
#include "core/trajectory/Trajectory.h"
#include "ui/model/BackgroundTask.h"

class QUndoStack;

namespace medsam::ui {

class PaintbrushModel;
class ViewerModel;

// A person prompting the segmenter directly (MITK's SAM tool flow: prompt, preview, confirm): a box by drag,
// positive and negative clicks on one slice. The segmenter answers on a worker with the accumulated prompts
// and the previous preview as prior; the preview is shown over the slice; Accept writes it into the active
// label (respecting locks and paint-over, one undo step), Reject discards it. Each answered prompt is a
// person Step (stepTaken) and the end of the exchange a session outcome (sessionEnded), which the studio
// records in the project. A prompt on another slice, or a new box, starts afresh.
class AiPromptModel : public QObject {
    Q_OBJECT
public:
    using SegmenterFactory = std::function<std::unique_ptr<agent::PromptableSegmenter>()>;

    AiPromptModel(ViewerModel* viewer, PaintbrushModel* brush, QUndoStack* undo, QObject* parent = nullptr);
    ~AiPromptModel() override;

    // Default: the weight-free classical tool. Replacing the factory drops the current exchange. The factory
    // runs on the worker, with the first request.
    void setSegmenterFactory(SegmenterFactory factory);
    QString toolName() const;

    // Prompts in the slice's pixel coordinates (SliceRef convention: x along the first in-plane axis).
    void addBox(const core::SliceRef& slice, double x0, double y0, double x1, double y1);
    void addPoint(const core::SliceRef& slice, double x, double y, bool positive);
    void accept();
    void reject();

    bool active() const { return slice_.has_value(); }
    std::optional<core::SliceRef> slice() const { return slice_; }
    const agent::PromptSet& prompts() const { return prompts_; }
    const core::Mask* preview() const { return preview_ ? &*preview_ : nullptr; }
    bool busy() const { return task_.isRunning() || !queue_.empty(); }

    // The exchange's actions so far (the person's and adopted agent actions), in order.
    const std::vector<core::Action>& actions() const { return actions_; }
    // A step another actor took in this exchange (the agent, run by AgentPanelModel): its mask becomes the
    // preview, its prompt joins the exchange, and it is recorded like the person's steps (stepTaken).
    void adoptStep(const core::Step& step);

    // Precomputes the tool's per-slice features on the worker (cached by the tool), so the first prompt on a
    // slice costs only the prompt. Called when a slice is shown with the AI tool active.
    void prepareSlice(const core::SliceRef& slice);

Q_SIGNALS:
    void previewChanged();
    void stepTaken(const core::SliceRef& slice, const core::Step& step);
    void sessionEnded(const core::SliceRef& slice, core::Outcome outcome, const core::Mask& finalMask);
    void errorOccurred(const QString& message);
    void answered();  // a prediction came back (or failed)

private:
    void startFresh(const core::SliceRef& slice);
    void endExchange(core::SliceRef slice, core::Outcome outcome, const core::Mask& finalMask);
    void request(const core::Action& action);
    void runPending();
    void updateToolName(const std::shared_ptr<agent::PromptableSegmenter>& segmenter);
    std::string cacheKey(const core::SliceRef& slice) const;

    ViewerModel* viewer_;
    PaintbrushModel* brush_;
    QUndoStack* undo_;
    SegmenterFactory factory_;
    // Made on the worker by the first request (loading a model may take a while); used only there, one
    // request at a time.
    std::shared_ptr<std::shared_ptr<agent::PromptableSegmenter>> segmenter_;
    QString toolName_;
    BackgroundTask task_;
    std::optional<core::SliceRef> slice_;
    agent::PromptSet prompts_;
    std::vector<core::Action> actions_;
    std::optional<core::Mask> preview_;
    struct Request {
        core::Action action;
        agent::PromptSet prompts;  // every prompt of the exchange up to and including `action`
    };
    std::vector<Request> queue_;  // answered in order: each prompt is its own recorded step
    int steps_ = 0;
};

}  // namespace medsam::ui
