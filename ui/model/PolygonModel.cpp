#include "ui/model/PolygonModel.h"

#include <QUndoStack>

#include "core/image/Polygon.h"
#include "ui/commands/LabelEditCommand.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

PolygonModel::PolygonModel(ViewerModel* viewer, PaintbrushModel* brush, QUndoStack* undo, QObject* parent)
    : QObject(parent), viewer_(viewer), brush_(brush), undo_(undo) {
    connect(viewer_, &ViewerModel::imageChanged, this, &PolygonModel::cancel);
}

void PolygonModel::addVertex(const core::SliceRef& slice, double x, double y) {
    if (!slice_ || *slice_ != slice) {
        slice_ = slice;
        vertices_.clear();
    }
    vertices_.push_back({x, y});
    Q_EMIT changed();
}

void PolygonModel::cancel() {
    if (!slice_) return;
    slice_.reset();
    vertices_.clear();
    Q_EMIT changed();
}

bool PolygonModel::close() {
    if (!slice_ || vertices_.size() < 3 || !viewer_->hasImage()) return false;
    const core::SliceRef slice = *slice_;
    const core::Mask inside = core::fillPolygon(core::sliceGeometry(viewer_->geometry(), slice), vertices_);
    auto& labels = viewer_->beginEdit();
    const auto [u, v] = core::inPlaneAxes(slice.axis);
    // The slice's box in the volume, in x-fastest order, before and after.
    std::array<int, 3> lo{0, 0, 0}, hi{0, 0, 0};
    lo[slice.axis] = hi[slice.axis] = slice.index;
    hi[u] = labels.size()[u] - 1;
    hi[v] = labels.size()[v] - 1;
    const std::uint16_t value = brush_->activeLabel();
    std::vector<std::uint16_t> before, after;
    int idx[3];
    for (int k = lo[2]; k <= hi[2]; ++k)
        for (int j = lo[1]; j <= hi[1]; ++j)
            for (int i = lo[0]; i <= hi[0]; ++i) {
                idx[0] = i, idx[1] = j, idx[2] = k;
                std::uint16_t& voxel = labels.at(i, j, k);
                before.push_back(voxel);
                if (inside.at(idx[u], idx[v]) && voxel != value && brush_->mayOverwrite(voxel)) voxel = value;
                after.push_back(voxel);
            }
    core::LabelDelta delta = core::LabelDelta::fromBox(labels.size(), lo, hi, before, after);
    slice_.reset();
    vertices_.clear();
    if (!delta.empty()) {
        viewer_->finishEdit(delta);
        undo_->push(new LabelEditCommand(viewer_, std::move(delta), tr("Polygon fill")));
    }
    Q_EMIT changed();
    return true;
}

}  // namespace medsam::ui
