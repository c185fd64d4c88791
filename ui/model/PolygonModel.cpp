#include "ui/model/PolygonModel.h"

#include <QUndoStack>

#include "core/image/Polygon.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/SliceEdit.h"
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
    slice_.reset();
    vertices_.clear();
    commitSliceMask(*viewer_, *brush_, *undo_, slice, inside, brush_->activeLabel(), tr("Polygon fill"));
    Q_EMIT changed();
    return true;
}

}  // namespace medsam::ui
