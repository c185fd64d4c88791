#include "ui/model/PropagationReviewModel.h"

#include <QUndoStack>
#include <algorithm>

#include "agent/propagation/Propagation.h"
#include "agent/runner/Episode.h"
#include "core/codec/MaskCodec.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/SliceEdit.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

PropagationReviewModel::PropagationReviewModel(ViewerModel* viewer, PaintbrushModel* brush, QUndoStack* undo,
                                               QObject* parent)
    : QAbstractListModel(parent), viewer_(viewer), brush_(brush), undo_(undo) {
    connect(viewer_, &ViewerModel::imageChanged, this, [this] { setRun(2, 0, 1, {}, {}); });
    connect(&task_, &BackgroundTask::failed, this, &PropagationReviewModel::errorOccurred);
}

void PropagationReviewModel::setRun(int axis, int startIndex, std::uint16_t value, std::vector<int> slices,
                                    agent::AgentSpec spec) {
    beginResetModel();
    axis_ = axis;
    start_ = startIndex;
    value_ = value;
    spec_ = std::move(spec);
    std::sort(slices.begin(), slices.end());
    rows_.clear();
    for (int s : slices) rows_.push_back({s, State::Pending});
    endResetModel();
}

std::size_t PropagationReviewModel::area(int sliceIndex) const {
    const auto labels = viewer_->labelMap();
    if (!labels) return 0;
    const auto slice = core::extractSlice(labels->labels, core::SliceRef{axis_, sliceIndex});
    return static_cast<std::size_t>(std::count(slice.voxels().begin(), slice.voxels().end(), value_));
}

int PropagationReviewModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant PropagationReviewModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || role != Qt::DisplayRole) return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    static const char* const states[] = {QT_TR_NOOP("to review"), QT_TR_NOOP("accepted"),
                                         QT_TR_NOOP("rejected"), QT_TR_NOOP("redone")};
    return tr("slice %1  %2 px  %3")
        .arg(r.index)
        .arg(static_cast<qulonglong>(area(r.index)))
        .arg(tr(states[int(r.state)]));
}

void PropagationReviewModel::setState(int row, State state) {
    rows_[static_cast<std::size_t>(row)].state = state;
    Q_EMIT dataChanged(index(row), index(row));
}

void PropagationReviewModel::goTo(int row) {
    if (row < 0 || row >= rowCount() || !viewer_->hasImage()) return;
    auto cursor = viewer_->cursor();
    cursor[axis_] = rows_[static_cast<std::size_t>(row)].index;
    viewer_->setCursor(cursor);
}

void PropagationReviewModel::accept(int row) {
    if (row >= 0 && row < rowCount()) setState(row, State::Accepted);
}

void PropagationReviewModel::reject(int row) {
    if (row < 0 || row >= rowCount() || !viewer_->labelMap()) return;
    const core::SliceRef slice{axis_, rows_[static_cast<std::size_t>(row)].index};
    // The slice's voxels of the propagated label become background (never a locked label's).
    if (viewer_->labelLocked(value_)) return;
    const std::uint16_t value = value_;
    commitSliceEdit(
        *viewer_, *undo_, slice,
        [value](std::uint16_t voxel, int, int) { return voxel == value ? 0 : voxel; },
        tr("Reject propagated slice %1").arg(slice.index));
    setState(row, State::Rejected);
}

bool PropagationReviewModel::redo(int row) {
    if (row < 0 || row >= rowCount() || !viewer_->labelMap()) return false;
    if (task_.isRunning()) {
        Q_EMIT errorOccurred(tr("a slice is being redone: wait for it"));
        return false;
    }
    const int index = rows_[static_cast<std::size_t>(row)].index;
    // The neighbour towards the start slice gives the prompt, as the propagation did.
    const int neighbour = index > start_ ? index - 1 : index + 1;
    const auto labels = viewer_->labelMap();
    const auto volume = viewer_->image().volume;
    const core::Mask prior =
        core::extractSlice(core::maskForValues(labels->labels, {value_}), core::SliceRef{axis_, neighbour});
    const auto prompt = agent::boxFromMask(prior, agent::PropagationConfig{}.boxMargin);
    if (!prompt) {
        Q_EMIT errorOccurred(tr("slice %1's neighbour has no mask to start from").arg(index));
        return false;
    }
    const agent::AgentSpec spec = spec_;
    const core::SliceRef slice{axis_, index};
    auto mask = std::make_shared<core::Mask>();
    task_.start(
        tr("Redoing slice %1").arg(index),
        [=](TaskContext& ctx) {
            auto tool = agent::makeTool(spec);
            auto policy = agent::makePolicy(spec, ctx.cancelFlag());
            agent::SegmentationEnv env(*tool, {});
            agent::EpisodeRequest request;
            request.slice = core::extractSlice(volume->image, slice);
            request.task.slice = slice;
            request.initialPrompt = prompt;
            const core::Trajectory t = agent::runEpisode(env, *policy, request, {}, ctx.cancelFlag());
            *mask = env.mask();
        },
        [=] {
            // Replace the slice: clear the label there, then write the new mask, as one undo step.
            undo_->beginMacro(tr("Redo propagated slice %1").arg(index));
            reject(row);
            commitSliceMask(*viewer_, *brush_, *undo_, slice, *mask, value_,
                            tr("Redone slice %1").arg(index));
            undo_->endMacro();
            setState(row, State::Redone);
            Q_EMIT redone(row);
        });
    return true;
}

}  // namespace medsam::ui
