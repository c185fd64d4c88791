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

void SliceViewModel::pressPrimary(const QPointF& screen) {
    if (!hasImage()) return;
    if (brush_ && brush_->tool() != PaintbrushModel::Tool::Navigate)
        brush_->beginStroke(axes_, screenToVoxel(screen));
    else
        setCursorFromScreen(screen);
}

void SliceViewModel::dragPrimary(const QPointF& screen) {
    if (!hasImage()) return;
    if (brush_ && brush_->stroking())
        brush_->continueStroke(screenToVoxel(screen));
    else
        setCursorFromScreen(screen);
}

void SliceViewModel::releasePrimary() {
    if (brush_ && brush_->stroking()) brush_->endStroke();
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
