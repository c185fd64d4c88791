#pragma once

#include <QImage>
#include <QObject>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QSizeF>
#include <QTransform>
#include <array>

#include "core/image/SliceRef.h"
#include "core/render/DisplaySlice.h"
#include "core/render/RgbImage.h"
#include "ui/model/AiPromptModel.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/PolygonModel.h"
#include "ui/model/ReplayModel.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

// One orthogonal slice view (ITK-SNAP's GenericSliceModel): which plane, which slice (the shared cursor's
// coordinate along the plane's normal), the zoom and pan, and the mapping between screen pixels, the
// displayed slice's pixels, voxel indices and patient coordinates. Pixels are drawn at their physical aspect:
// zoom is in screen pixels per millimetre, so anisotropic voxels are not squashed.
class SliceViewModel : public QObject {
    Q_OBJECT
public:
    SliceViewModel(core::AnatomicalPlane plane, ViewerModel* viewer, QObject* parent = nullptr);

    core::AnatomicalPlane plane() const { return plane_; }
    QString planeName() const;
    ViewerModel* viewer() const { return viewer_; }
    bool hasImage() const { return viewer_->hasImage(); }
    const core::DisplayAxes& axes() const { return axes_; }
    core::EdgeMarkers markers() const;

    int sliceIndex() const;  // along axes().normalAxis
    int sliceCount() const;
    void scrollSlices(int delta);  // moves the shared cursor along the normal, clamped

    // The viewport in screen pixels; until the person zooms or pans, the slice is fitted to it.
    void setViewportSize(const QSizeF& size);
    QSizeF viewportSize() const { return viewport_; }
    double zoom() const { return zoom_; }  // screen pixels per mm
    double fitZoom() const;
    void zoomAround(const QPointF& screen, double factor);  // the point under `screen` stays put
    void panBy(const QPointF& screenDelta);
    void resetView();  // fit the slice, centred

    // Displayed-slice pixel coordinates (continuous; pixel (x, y) covers [x, x+1) x [y, y+1)) <-> screen.
    QTransform imageToScreen() const;
    QPointF screenToImage(const QPointF& screen) const;
    // Voxel index under a screen point (clamped into the slice) and the screen centre of a voxel.
    std::array<int, 3> screenToVoxel(const QPointF& screen) const;
    QPointF voxelToScreen(const std::array<int, 3>& index) const;
    void setCursorFromScreen(const QPointF& screen);

    // The left button's gesture: moves the cursor, or paints/erases when the brush tool is active.
    void setBrush(PaintbrushModel* brush) { brush_ = brush; }
    void setAiPrompt(AiPromptModel* ai);
    void setPolygon(PolygonModel* polygon);
    // A session being replayed: its current step is drawn over its slice instead of the AI exchange.
    void setReplay(ReplayModel* replay);
    // The polygon being drawn on this view's slice, in screen coordinates (empty when none).
    QPolygonF polygonOnScreen() const;
    bool polygonActive() const;
    void pressPrimary(const QPointF& screen);
    void dragPrimary(const QPointF& screen);
    // `negative`: Shift held, a negative click for the AI tool.
    void releasePrimary(const QPointF& screen, bool negative = false);
    void secondaryClick(const QPointF& screen);  // right click without drag: a negative click for the AI tool

    // What the AI tool shows on this view: the rubber band of a box being dragged, the exchange's box and
    // clicks (screen coordinates) and the preview mask (display layout, ARGB) when they are on this slice.
    struct AiOverlay {
        QRectF rubberBand;
        QRectF box;
        std::vector<std::pair<QPointF, bool>> points;  // position, positive
        QImage preview;
        bool replay = false;  // drawn from a replayed session, not the live exchange
    };
    AiOverlay aiOverlay() const;
    core::SliceRef currentSlice() const { return {axes_.normalAxis, sliceIndex()}; }
    // With the AI tool active: precompute the tool's features for this view's slice. Enter / Esc in the view:
    // close (fill) or cancel the polygon being drawn, else accept or reject the AI exchange.
    void prepareAi();
    void acceptAi();
    void rejectAi();

    // The slice as drawn (grey + labels), re-rendered lazily when the slice, W/L, labels or overlay change.
    const QImage& image();

Q_SIGNALS:
    void changed();  // anything that needs a repaint

private:
    void onImageChanged();
    void invalidate();

    core::AnatomicalPlane plane_;
    ViewerModel* viewer_;
    PaintbrushModel* brush_ = nullptr;
    AiPromptModel* ai_ = nullptr;
    PolygonModel* polygon_ = nullptr;
    bool polygonGesture() const;
    bool lasso_ = false;
    bool aiGesture() const;
    QRectF displayPixelOnScreen(const std::array<int, 3>& voxel) const;
    std::array<int, 3> sliceToVoxel(double x, double y) const;
    QPointF pressAt_;
    QRectF rubber_;
    QImage maskImage(const core::Mask& mask, const core::SliceRef& slice, QRgb colour) const;
    ReplayModel* replay_ = nullptr;
    QImage previewImage_;
    QImage replayImage_;
    core::DisplayAxes axes_;
    QSizeF viewport_{256, 256};
    double zoom_ = 1.0;
    QPointF centerMm_;    // displayed-slice millimetres at the viewport's centre
    bool fitted_ = true;  // follow the viewport's size until the person zooms or pans
    int renderedSlice_ = -1;
    bool dirty_ = true;
    core::RgbImage pixels_;
    QImage image_;
};

}  // namespace medsam::ui
