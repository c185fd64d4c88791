#pragma once

#include <QString>
#include <functional>

#include "core/image/Image.h"
#include "core/image/SliceRef.h"

class QUndoStack;

namespace medsam::ui {

class PaintbrushModel;
class ViewerModel;

// Writes a 2D mask on one slice into label `value` (callers pass the brush's active label, or the label a
// propagation wrote), never over a locked label and only where the brush's paint-over allows, as one undo
// step named `text` (an accepted AI result, a polygon fill, a redone slice). Returns whether any voxel
// changed.
// Rewrites the voxels of one slice, `rewrite(voxel, x, y)` giving each one's new value (x, y in the slice's
// pixel coordinates), as one undo step named `text`; only the slice is read and compared, never the whole
// map. Returns whether any voxel changed.
bool commitSliceEdit(ViewerModel& viewer, QUndoStack& undo, const core::SliceRef& slice,
                     const std::function<std::uint16_t(std::uint16_t voxel, int x, int y)>& rewrite,
                     const QString& text);

bool commitSliceMask(ViewerModel& viewer, const PaintbrushModel& brush, QUndoStack& undo,
                     const core::SliceRef& slice, const core::Mask& mask, std::uint16_t value,
                     const QString& text);

}  // namespace medsam::ui
