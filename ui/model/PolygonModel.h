#pragma once

#include <QObject>
#include <array>
#include <optional>
#include <vector>

#include "core/image/SliceRef.h"

class QUndoStack;

namespace medsam::ui {

class PaintbrushModel;
class ViewerModel;

// The polygon and lasso fill (ITK-SNAP's PolygonDrawingModel): vertices on one slice in its pixel coordinates
// (clicks for a polygon, the dragged path for a lasso); closing fills the inside with the active label,
// respecting locks and paint-over, as one undo step. A vertex on another slice starts a new polygon.
class PolygonModel : public QObject {
    Q_OBJECT
public:
    PolygonModel(ViewerModel* viewer, PaintbrushModel* brush, QUndoStack* undo, QObject* parent = nullptr);

    void addVertex(const core::SliceRef& slice, double x, double y);
    bool close();  // fills and clears; false (nothing done) with fewer than 3 vertices
    void cancel();
    bool active() const { return slice_.has_value(); }
    std::optional<core::SliceRef> slice() const { return slice_; }
    const std::vector<std::array<double, 2>>& vertices() const { return vertices_; }

Q_SIGNALS:
    void changed();

private:
    ViewerModel* viewer_;
    PaintbrushModel* brush_;
    QUndoStack* undo_;
    std::optional<core::SliceRef> slice_;
    std::vector<std::array<double, 2>> vertices_;
};

}  // namespace medsam::ui
