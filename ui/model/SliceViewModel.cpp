#include "ui/model/SliceViewModel.h"

#include <algorithm>
#include <cmath>

namespace medsam::ui {

SliceViewModel::SliceViewModel(core::AnatomicalPlane plane, ViewerModel* viewer, QObject* parent)
    : QObject(parent), plane_(plane), viewer_(viewer) {
    connect(viewer_, &ViewerModel::imageChanged, this, &SliceViewModel::onImageChanged);
    connect(viewer_, &ViewerModel::labelsChanged, this, &SliceViewModel::invalidate);
    connect(viewer_, &ViewerModel::labelsEditing, this, &SliceViewModel::invalidate);
    connect(viewer_, &ViewerModel::overlayChanged, this, &SliceViewModel::invalidate);
    connect(viewer_, &ViewerModel::windowLevelChanged, this, &SliceViewModel::invalidate);
    // A cursor move repaints the crosshair; only a new slice index needs a new picture (checked in image()).
    connect(viewer_, &ViewerModel::cursorChanged, this, &SliceViewModel::changed);
    onImageChanged();
}

QString SliceViewModel::planeName() const {
    switch (plane_) {
        case core::AnatomicalPlane::Axial:
            return tr("Axial");
        case core::AnatomicalPlane::Coronal:
            return tr("Coronal");
        case core::AnatomicalPlane::Sagittal:
            return tr("Sagittal");
    }
    return {};
}

void SliceViewModel::onImageChanged() {
    if (viewer_->hasImage()) axes_ = core::displayAxes(viewer_->geometry(), plane_);
    resetView();
    invalidate();
}

void SliceViewModel::invalidate() {
    dirty_ = true;
    Q_EMIT changed();
}

core::EdgeMarkers SliceViewModel::markers() const {
    if (!hasImage()) return {};
    return core::edgeMarkers(viewer_->geometry(), axes_);
}

int SliceViewModel::sliceIndex() const {
    return hasImage() ? viewer_->cursor()[axes_.normalAxis] : 0;
}

int SliceViewModel::sliceCount() const {
    return hasImage() ? viewer_->geometry().size[axes_.normalAxis] : 0;
}

void SliceViewModel::scrollSlices(int delta) {
    if (!hasImage()) return;
    auto cursor = viewer_->cursor();
    cursor[axes_.normalAxis] += delta;
    viewer_->setCursor(cursor);
}

double SliceViewModel::fitZoom() const {
    if (!hasImage()) return 1.0;
    const auto size = core::displaySize(viewer_->geometry(), axes_);
    const auto spacing = core::displaySpacing(viewer_->geometry(), axes_);
    const double w = size[0] * spacing[0], h = size[1] * spacing[1];
    if (w <= 0 || h <= 0 || viewport_.isEmpty()) return 1.0;
    return std::min(viewport_.width() / w, viewport_.height() / h);
}

void SliceViewModel::setViewportSize(const QSizeF& size) {
    if (size == viewport_) return;
    viewport_ = size;
    if (fitted_) resetView();
    Q_EMIT changed();
}

void SliceViewModel::resetView() {
    fitted_ = true;
    zoom_ = fitZoom();
    if (hasImage()) {
        const auto size = core::displaySize(viewer_->geometry(), axes_);
        const auto spacing = core::displaySpacing(viewer_->geometry(), axes_);
        centerMm_ = QPointF(size[0] * spacing[0] / 2.0, size[1] * spacing[1] / 2.0);
    }
    Q_EMIT changed();
}

void SliceViewModel::zoomAround(const QPointF& screen, double factor) {
    if (!(factor > 0) || !std::isfinite(factor)) return;
    const double fit = fitZoom();
    const double next = std::clamp(zoom_ * factor, fit / 8.0, fit * 64.0);
    // Keep the millimetre point under `screen` fixed: mm = centre + (screen - viewport/2) / zoom.
    const QPointF offset = screen - QPointF(viewport_.width() / 2.0, viewport_.height() / 2.0);
    const QPointF mm = centerMm_ + offset / zoom_;
    zoom_ = next;
    centerMm_ = mm - offset / zoom_;
    fitted_ = false;
    Q_EMIT changed();
}

void SliceViewModel::panBy(const QPointF& screenDelta) {
    centerMm_ -= screenDelta / zoom_;
    fitted_ = false;
    Q_EMIT changed();
}

QTransform SliceViewModel::imageToScreen() const {
    if (!hasImage()) return {};
    const auto spacing = core::displaySpacing(viewer_->geometry(), axes_);
    // screen = viewport/2 + zoom * (pixel * spacing - centreMm)
    QTransform t;
    t.translate(viewport_.width() / 2.0 - zoom_ * centerMm_.x(),
                viewport_.height() / 2.0 - zoom_ * centerMm_.y());
    t.scale(zoom_ * spacing[0], zoom_ * spacing[1]);
    return t;
}

QPointF SliceViewModel::screenToImage(const QPointF& screen) const {
    return imageToScreen().inverted().map(screen);
}

std::array<int, 3> SliceViewModel::screenToVoxel(const QPointF& screen) const {
    if (!hasImage()) return {0, 0, 0};
    const QPointF p = screenToImage(screen);
    const auto size = core::displaySize(viewer_->geometry(), axes_);
    const int x = std::clamp(static_cast<int>(std::floor(p.x())), 0, size[0] - 1);
    const int y = std::clamp(static_cast<int>(std::floor(p.y())), 0, size[1] - 1);
    return core::displayToIndex(viewer_->geometry(), axes_, sliceIndex(), x, y);
}

QPointF SliceViewModel::voxelToScreen(const std::array<int, 3>& index) const {
    if (!hasImage()) return {};
    const auto d = core::indexToDisplay(viewer_->geometry(), axes_, index);
    return imageToScreen().map(QPointF(d[0] + 0.5, d[1] + 0.5));
}

void SliceViewModel::setCursorFromScreen(const QPointF& screen) {
    if (hasImage()) viewer_->setCursor(screenToVoxel(screen));
}

bool SliceViewModel::aiGesture() const {
    return ai_ && brush_ && brush_->tool() == PaintbrushModel::Tool::AiPrompt;
}

void SliceViewModel::setAiPrompt(AiPromptModel* ai) {
    ai_ = ai;
    connect(ai_, &AiPromptModel::previewChanged, this, [this] {
        const auto slice = ai_->slice();
        const core::Mask* mask = ai_->preview();
        previewImage_ = mask && slice ? maskImage(*mask, *slice, qRgba(255, 230, 0, 120)) : QImage();
        Q_EMIT changed();
    });
}

void SliceViewModel::setReplay(ReplayModel* replay) {
    replay_ = replay;
    connect(replay_, &ReplayModel::stepChanged, this, [this] {
        const auto slice = replay_->slice();
        const core::Mask* mask = replay_->mask();
        replayImage_ = mask && slice ? maskImage(*mask, *slice, qRgba(0, 220, 255, 120)) : QImage();
        Q_EMIT changed();
    });
}

// A 2D mask of `slice` in this view's display layout (ARGB, `colour` inside, transparent outside): each
// display pixel looks up its voxel on the slice. Null when the slice is not across this view's normal or does
// not fit.
QImage SliceViewModel::maskImage(const core::Mask& mask, const core::SliceRef& slice, QRgb colour) const {
    if (!hasImage() || slice.axis != axes_.normalAxis) return {};
    const auto [u, v] = core::inPlaneAxes(slice.axis);
    const auto& g = viewer_->geometry();
    if (mask.width() != g.size[u] || mask.height() != g.size[v]) return {};
    const auto size = core::displaySize(g, axes_);
    QImage image(size[0], size[1], QImage::Format_ARGB32);
    for (int y = 0; y < size[1]; ++y) {
        auto* row = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < size[0]; ++x) {
            const auto voxel = core::displayToIndex(g, axes_, slice.index, x, y);
            row[x] = mask.at(voxel[u], voxel[v]) ? colour : qRgba(0, 0, 0, 0);
        }
    }
    return image;
}

bool SliceViewModel::polygonGesture() const {
    return polygon_ && brush_ && brush_->tool() == PaintbrushModel::Tool::Polygon;
}

void SliceViewModel::setPolygon(PolygonModel* polygon) {
    polygon_ = polygon;
    connect(polygon_, &PolygonModel::changed, this, &SliceViewModel::changed);
}

bool SliceViewModel::polygonActive() const {
    return polygon_ && polygon_->active() && polygon_->slice() == currentSlice();
}

QPolygonF SliceViewModel::polygonOnScreen() const {
    QPolygonF out;
    if (!polygonActive()) return out;
    for (const auto& p : polygon_->vertices()) out << displayPixelOnScreen(sliceToVoxel(p[0], p[1])).center();
    return out;
}

void SliceViewModel::pressPrimary(const QPointF& screen) {
    if (!hasImage()) return;
    if (polygonGesture()) {
        const auto [u, v] = core::inPlaneAxes(axes_.normalAxis);
        const auto voxel = screenToVoxel(screen);
        polygon_->addVertex(currentSlice(), voxel[u], voxel[v]);
        pressAt_ = screen;
        lasso_ = false;
        return;
    }
    if (aiGesture()) {
        pressAt_ = screen;
        rubber_ = QRectF();
    } else if (brush_ && brush_->tool() != PaintbrushModel::Tool::Navigate) {
        brush_->beginStroke(axes_, screenToVoxel(screen));
    } else {
        setCursorFromScreen(screen);
    }
}

void SliceViewModel::dragPrimary(const QPointF& screen) {
    if (!hasImage()) return;
    if (polygonGesture()) {
        // A drag traces a lasso: a vertex every few screen pixels along the path.
        if ((screen - pressAt_).manhattanLength() < 4) return;
        const auto [u, v] = core::inPlaneAxes(axes_.normalAxis);
        const auto voxel = screenToVoxel(screen);
        polygon_->addVertex(currentSlice(), voxel[u], voxel[v]);
        pressAt_ = screen;
        lasso_ = true;
        return;
    }
    if (aiGesture()) {
        rubber_ = QRectF(pressAt_, screen).normalized();
        Q_EMIT changed();
    } else if (brush_ && brush_->stroking()) {
        brush_->continueStroke(screenToVoxel(screen));
    } else {
        setCursorFromScreen(screen);
    }
}

void SliceViewModel::releasePrimary(const QPointF& screen, bool negative) {
    if (brush_ && brush_->stroking()) brush_->endStroke();
    if (polygonGesture()) {
        if (lasso_) polygon_->close();  // a lasso closes when the button is released
        lasso_ = false;
        return;
    }
    if (!aiGesture() || !hasImage()) return;
    const auto [u, v] = core::inPlaneAxes(axes_.normalAxis);
    const auto end = screenToVoxel(screen);
    // A drag of a few pixels is a click: a hand is never perfectly still.
    if (rubber_.width() > 4 || rubber_.height() > 4) {
        const auto start = screenToVoxel(pressAt_);
        ai_->addBox(currentSlice(), start[u], start[v], end[u], end[v]);
    } else {
        ai_->addPoint(currentSlice(), end[u], end[v], !negative);
    }
    rubber_ = QRectF();
    Q_EMIT changed();
}

void SliceViewModel::secondaryClick(const QPointF& screen) {
    if (!aiGesture() || !hasImage()) return;
    const auto [u, v] = core::inPlaneAxes(axes_.normalAxis);
    const auto voxel = screenToVoxel(screen);
    ai_->addPoint(currentSlice(), voxel[u], voxel[v], false);
}

std::array<int, 3> SliceViewModel::sliceToVoxel(double x, double y) const {
    const auto [u, v] = core::inPlaneAxes(axes_.normalAxis);
    std::array<int, 3> voxel{};
    voxel[axes_.normalAxis] = sliceIndex();
    voxel[u] = static_cast<int>(std::lround(x));
    voxel[v] = static_cast<int>(std::lround(y));
    return voxel;
}

QRectF SliceViewModel::displayPixelOnScreen(const std::array<int, 3>& voxel) const {
    const auto d = core::indexToDisplay(viewer_->geometry(), axes_, voxel);
    return imageToScreen().mapRect(QRectF(d[0], d[1], 1, 1));
}

void SliceViewModel::prepareAi() {
    if (aiGesture() && hasImage()) ai_->prepareSlice(currentSlice());
}

void SliceViewModel::acceptAi() {
    if (polygonActive())
        polygon_->close();
    else if (ai_)
        ai_->accept();
}

void SliceViewModel::rejectAi() {
    if (polygonActive())
        polygon_->cancel();
    else if (ai_)
        ai_->reject();
}

SliceViewModel::AiOverlay SliceViewModel::aiOverlay() const {
    AiOverlay overlay;
    overlay.rubberBand = rubber_;
    if (!hasImage()) return overlay;
    auto boxOnScreen = [this](const auto& box) {
        return displayPixelOnScreen(sliceToVoxel(box.x0, box.y0))
            .united(displayPixelOnScreen(sliceToVoxel(box.x1, box.y1)));
    };
    // A replayed step is drawn in place of the AI exchange while a session is being replayed on this slice.
    if (replay_ && replay_->active() && replay_->slice() == currentSlice()) {
        overlay.replay = true;
        if (const auto box = replay_->box()) overlay.box = boxOnScreen(*box);
        for (const auto& p : replay_->points()) {
            overlay.points.emplace_back(displayPixelOnScreen(sliceToVoxel(p.x0, p.y0)).center(),
                                        p.kind == core::ActionKind::PositivePoint);
        }
        overlay.preview = replayImage_;
        return overlay;
    }
    if (!ai_) return overlay;
    const auto slice = ai_->slice();
    if (!slice || *slice != currentSlice()) return overlay;
    const auto& prompts = ai_->prompts();
    if (prompts.box) overlay.box = boxOnScreen(*prompts.box);
    for (const auto& p : prompts.points)
        overlay.points.emplace_back(displayPixelOnScreen(sliceToVoxel(p.x, p.y)).center(), p.positive);
    overlay.preview = previewImage_;
    return overlay;
}

const QImage& SliceViewModel::image() {
    if (!hasImage()) {
        image_ = QImage();
        return image_;
    }
    if (dirty_ || renderedSlice_ != sliceIndex()) {
        const auto labels = viewer_->labelMap();
        pixels_ = core::renderDisplaySlice(viewer_->volume().image, labels ? &labels->labels : nullptr,
                                           viewer_->labelColors(), axes_, sliceIndex(),
                                           viewer_->windowLevel(), viewer_->overlayStyle());
        // Wraps pixels_ without a copy; pixels_ lives as long as image_ is used.
        image_ = QImage(pixels_.rgb.data(), pixels_.width, pixels_.height, pixels_.width * 3,
                        QImage::Format_RGB888);
        renderedSlice_ = sliceIndex();
        dirty_ = false;
    }
    return image_;
}

}  // namespace medsam::ui
