#include "ui/model/SliceEdit.h"

#include <QUndoStack>

#include "ui/commands/LabelEditCommand.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

bool commitSliceEdit(ViewerModel& viewer, QUndoStack& undo, const core::SliceRef& slice,
                     const std::function<std::uint16_t(std::uint16_t, int, int)>& rewrite,
                     const QString& text) {
    auto& labels = viewer.beginEdit();
    const auto [u, v] = core::inPlaneAxes(slice.axis);
    // The slice is a box of the volume: walk it in x-fastest order, recording before and after.
    std::array<int, 3> lo{0, 0, 0}, hi{0, 0, 0};
    lo[slice.axis] = hi[slice.axis] = slice.index;
    hi[u] = labels.size()[u] - 1;
    hi[v] = labels.size()[v] - 1;
    std::vector<std::uint16_t> before, after;
    int idx[3];
    for (int k = lo[2]; k <= hi[2]; ++k)
        for (int j = lo[1]; j <= hi[1]; ++j)
            for (int i = lo[0]; i <= hi[0]; ++i) {
                idx[0] = i, idx[1] = j, idx[2] = k;
                std::uint16_t& voxel = labels.at(i, j, k);
                before.push_back(voxel);
                voxel = rewrite(voxel, idx[u], idx[v]);
                after.push_back(voxel);
            }
    core::LabelDelta delta = core::LabelDelta::fromBox(labels.size(), lo, hi, before, after);
    if (delta.empty()) return false;
    viewer.finishEdit(delta);
    undo.push(new LabelEditCommand(&viewer, std::move(delta), text));
    return true;
}

bool commitSliceMask(ViewerModel& viewer, const PaintbrushModel& brush, QUndoStack& undo,
                     const core::SliceRef& slice, const core::Mask& mask, std::uint16_t value,
                     const QString& text) {
    if (mask.empty()) return false;
    return commitSliceEdit(
        viewer, undo, slice,
        [&](std::uint16_t voxel, int x, int y) {
            return mask.at(x, y) && voxel != value && brush.mayOverwrite(voxel) ? value : voxel;
        },
        text);
}

}  // namespace medsam::ui
