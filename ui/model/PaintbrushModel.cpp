#include "ui/model/PaintbrushModel.h"

#include <QUndoStack>
#include <algorithm>
#include <cmath>

#include "ui/commands/LabelEditCommand.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

PaintbrushModel::PaintbrushModel(ViewerModel* viewer, QUndoStack* undo, QObject* parent)
    : QObject(parent), viewer_(viewer), undo_(undo) {}

void PaintbrushModel::setTool(Tool tool) {
    if (stroking_) endStroke();
    tool_ = tool;
    Q_EMIT changed();
}
void PaintbrushModel::setShape(Shape shape) {
    shape_ = shape;
    Q_EMIT changed();
}
void PaintbrushModel::setSize(double size) {
    if (!(size > 0) || !std::isfinite(size)) return;
    size_ = std::min(size, 500.0);
    Q_EMIT changed();
}
void PaintbrushModel::setSizeInMm(bool mm) {
    sizeInMm_ = mm;
    Q_EMIT changed();
}
void PaintbrushModel::setBall(bool ball) {
    ball_ = ball;
    Q_EMIT changed();
}
void PaintbrushModel::setPaintOver(PaintOver mode, std::uint16_t label) {
    paintOver_ = mode;
    paintOverLabel_ = label;
    Q_EMIT changed();
}
void PaintbrushModel::setActiveLabel(std::uint16_t value) {
    if (value == 0) return;  // 0 is the eraser's job
    activeLabel_ = value;
    Q_EMIT changed();
}

bool PaintbrushModel::mayOverwrite(std::uint16_t value) const {
    if (viewer_->labelLocked(value)) return false;
    switch (paintOver_) {
        case PaintOver::All:
            return true;
        case PaintOver::Background:
            return value == 0;
        case PaintOver::OneLabel:
            return value == paintOverLabel_;
    }
    return false;
}

std::vector<std::array<int, 3>> PaintbrushModel::footprint(const core::DisplayAxes& axes,
                                                           const std::array<int, 3>& centre) const {
    const core::ImageGeometry& g = viewer_->geometry();
    // Radius along each index axis in voxels; the normal axis only counts for a ball.
    std::array<double, 3> radius{};
    for (int a = 0; a < 3; ++a) radius[a] = sizeInMm_ ? size_ / 2.0 / g.spacing[a] : size_ / 2.0;
    if (!ball_) radius[axes.normalAxis] = 0.0;
    std::array<int, 3> reach{};
    for (int a = 0; a < 3; ++a) reach[a] = static_cast<int>(std::floor(radius[a] - 1e-9 + 0.5));
    std::vector<std::array<int, 3>> out;
    for (int dk = -reach[2]; dk <= reach[2]; ++dk)
        for (int dj = -reach[1]; dj <= reach[1]; ++dj)
            for (int di = -reach[0]; di <= reach[0]; ++di) {
                const std::array<int, 3> d{di, dj, dk};
                double sum = 0.0, most = 0.0;
                for (int a = 0; a < 3; ++a) {
                    const double t = radius[a] > 0 ? std::abs(d[a]) / std::max(radius[a], 0.5) : 0.0;
                    sum += t * t;
                    most = std::max(most, t);
                }
                if ((shape_ == Shape::Round ? sum : most * most) > 1.0 + 1e-9) continue;
                const std::array<int, 3> v{centre[0] + di, centre[1] + dj, centre[2] + dk};
                if (g.contains(v[0], v[1], v[2])) out.push_back(v);
            }
    return out;
}

void PaintbrushModel::dab(const std::array<int, 3>& centre) {
    auto& labels = viewer_->beginEdit();
    const std::uint16_t target = tool_ == Tool::Eraser ? 0 : activeLabel_;
    for (const auto& v : footprint(axes_, centre)) {
        std::uint16_t& voxel = labels.at(v[0], v[1], v[2]);
        if (voxel == target || !mayOverwrite(voxel)) continue;
        const std::size_t index = labels.geometry().linearIndex(v[0], v[1], v[2]);
        if (before_.emplace(index, voxel).second) {
            if (before_.size() == 1) min_ = max_ = v;
            for (int a = 0; a < 3; ++a) {
                min_[a] = std::min(min_[a], v[a]);
                max_[a] = std::max(max_[a], v[a]);
            }
        }
        voxel = target;
    }
}

void PaintbrushModel::beginStroke(const core::DisplayAxes& axes, const std::array<int, 3>& voxel) {
    if ((tool_ != Tool::Brush && tool_ != Tool::Eraser) || !viewer_->hasImage()) return;
    stroking_ = true;
    axes_ = axes;
    before_.clear();
    last_ = voxel;
    dab(voxel);
    viewer_->notifyEditInProgress();
}

void PaintbrushModel::continueStroke(const std::array<int, 3>& voxel) {
    if (!stroking_) return;
    // Join the previous position to this one so a fast drag leaves no gaps.
    int steps = 0;
    for (int a = 0; a < 3; ++a) steps = std::max(steps, std::abs(voxel[a] - last_[a]));
    for (int s = 1; s <= steps; ++s) {
        std::array<int, 3> p{};
        for (int a = 0; a < 3; ++a)
            p[a] = last_[a] + static_cast<int>(std::lround(double(voxel[a] - last_[a]) * s / steps));
        dab(p);
    }
    last_ = voxel;
    viewer_->notifyEditInProgress();
}

void PaintbrushModel::endStroke() {
    if (!stroking_) return;
    stroking_ = false;
    if (before_.empty()) return;
    const auto& labels = viewer_->labelMap()->labels;
    const core::ImageGeometry& g = labels.geometry();
    std::vector<std::uint16_t> after, before;
    for (int k = min_[2]; k <= max_[2]; ++k)
        for (int j = min_[1]; j <= max_[1]; ++j)
            for (int i = min_[0]; i <= max_[0]; ++i) {
                const std::size_t index = g.linearIndex(i, j, k);
                after.push_back(labels.voxels()[index]);
                const auto it = before_.find(index);
                before.push_back(it == before_.end() ? after.back() : it->second);
            }
    before_.clear();
    core::LabelDelta delta = core::LabelDelta::fromBox(g.size, min_, max_, before, after);
    if (delta.empty()) return;
    viewer_->finishEdit(delta);
    undo_->push(new LabelEditCommand(viewer_, std::move(delta),
                                     tool_ == Tool::Eraser ? tr("Eraser stroke") : tr("Brush stroke")));
}

}  // namespace medsam::ui
