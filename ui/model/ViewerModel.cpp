#include "ui/model/ViewerModel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

#include "core/io/VolumeSummary.h"

namespace medsam::ui {

std::array<std::uint8_t, 3> defaultLabelColor(std::uint16_t value) {
    static constexpr std::array<std::uint8_t, 3> kFirst[] = {
        {255, 0, 0},   {0, 255, 0},     {0, 0, 255}, {255, 255, 0},  {0, 255, 255},
        {255, 0, 255}, {255, 239, 213}, {0, 0, 205}, {205, 133, 63}, {210, 180, 140},
    };
    if (value >= 1 && value <= std::size(kFirst)) return kFirst[value - 1];
    // Golden-angle hues keep neighbouring values apart; full saturation and value, as a quick HSV->RGB.
    const double hue = std::fmod(value * 137.508, 360.0) / 60.0;
    const double x = 1.0 - std::abs(std::fmod(hue, 2.0) - 1.0);
    const int sector = static_cast<int>(hue);
    const double rgb[6][3] = {{1, x, 0}, {x, 1, 0}, {0, 1, x}, {0, x, 1}, {x, 0, 1}, {1, 0, x}};
    const auto& c = rgb[sector % 6];
    return {static_cast<std::uint8_t>(c[0] * 255), static_cast<std::uint8_t>(c[1] * 255),
            static_cast<std::uint8_t>(c[2] * 255)};
}

ViewerModel::ViewerModel(QObject* parent) : QObject(parent) {}

const core::Volume& ViewerModel::volume() const {
    if (!image_.volume) throw std::logic_error("ViewerModel: no image is loaded");
    return *image_.volume;
}

const core::ImageGeometry& ViewerModel::geometry() const {
    return volume().image.geometry();
}

bool ViewerModel::isCt() const {
    if (!hasImage()) return false;
    const auto& meta = image_.volume->metadata;
    const auto it = meta.find("modality");
    if (it != meta.end() && !it->second.empty()) return it->second == "CT";
    // NIfTI and friends carry no modality: air at about -1000 HU is the tell of a CT in Hounsfield units.
    return image_.histogram.min <= -900.0 && image_.histogram.max >= 200.0;
}

void ViewerModel::setImage(LoadedImage image) {
    static std::atomic<std::uint64_t> nextSerial{1};
    image_ = std::move(image);
    serial_ = nextSerial++;
    labels_.reset();
    counts_.clear();
    hidden_.clear();
    locked_.clear();
    opacity_.clear();
    colors_.clear();
    window_ = image_.autoWindow;
    if (image_.volume) {
        const auto& size = image_.volume->image.size();
        cursor_ = {size[0] / 2, size[1] / 2, size[2] / 2};
    }
    Q_EMIT imageChanged();
    Q_EMIT labelsChanged();
    Q_EMIT windowLevelChanged();
    Q_EMIT cursorChanged();
}

void ViewerModel::clear() {
    setImage(LoadedImage{});
}

void ViewerModel::setLabelMap(std::shared_ptr<core::LabelMap> labels,
                              std::map<std::uint16_t, std::size_t> voxelCounts) {
    if (labels && (!hasImage() || !labels->labels.geometry().sameGrid(geometry()))) {
        throw std::invalid_argument("the label map's grid " + labels->labels.geometry().describe() +
                                    " is not the image's grid " +
                                    (hasImage() ? geometry().describe() : std::string("(no image is open)")));
    }
    labels_ = std::move(labels);  // shared with the caller until the first edit copies it (beginEdit)
    counts_ =
        labels_ && voxelCounts.empty() ? core::labelVoxelCounts(labels_->labels) : std::move(voxelCounts);
    if (!labels_) counts_.clear();
    rebuildColors();
    Q_EMIT labelsChanged();
}

void ViewerModel::rebuildColors() {
    colors_.clear();
    if (!labels_) return;
    std::uint16_t maxValue = 0;
    for (const auto& [value, count] : counts_) maxValue = std::max(maxValue, value);
    for (const auto& info : labels_->table) maxValue = std::max(maxValue, info.value);
    colors_.assign(static_cast<std::size_t>(maxValue) + 1, core::LabelColor{});
    for (std::size_t value = 1; value < colors_.size(); ++value) {
        const auto* info = labels_->find(static_cast<std::uint16_t>(value));
        const auto rgb = info ? info->color : defaultLabelColor(static_cast<std::uint16_t>(value));
        const bool hidden = std::find(hidden_.begin(), hidden_.end(), value) != hidden_.end();
        const double opacity = labelOpacity(static_cast<std::uint16_t>(value));
        colors_[value] = {rgb[0], rgb[1], rgb[2],
                          static_cast<std::uint8_t>(hidden ? 0 : std::lround(255 * opacity))};
    }
}

std::vector<std::uint16_t> ViewerModel::labelValues() const {
    std::vector<std::uint16_t> values;
    for (const auto& [value, count] : counts_) {
        if (value != 0 && count > 0) values.push_back(value);
    }
    if (labels_) {
        for (const auto& info : labels_->table) {
            if (info.value != 0 && !counts_.count(info.value)) values.push_back(info.value);
        }
    }
    std::sort(values.begin(), values.end());
    return values;
}

std::size_t ViewerModel::labelVoxelCount(std::uint16_t value) const {
    const auto it = counts_.find(value);
    return it == counts_.end() ? 0 : it->second;
}

QString ViewerModel::labelName(std::uint16_t value) const {
    const auto* info = labels_ ? labels_->find(value) : nullptr;
    return info && !info->name.empty() ? QString::fromStdString(info->name) : tr("Label %1").arg(value);
}

core::Image<std::uint16_t>& ViewerModel::beginEdit() {
    if (!hasImage()) throw std::logic_error("ViewerModel: no image to edit labels on");
    if (!labels_) {
        labels_ = std::make_shared<core::LabelMap>();
        labels_->labels = core::Image<std::uint16_t>(geometry(), 0);
        counts_ = {{0, labels_->labels.voxels().size()}};
    } else if (labels_.use_count() > 1) {
        labels_ = std::make_shared<core::LabelMap>(*labels_);  // copy on write: a reader keeps the old one
    }
    return labels_->labels;
}

void ViewerModel::notifyEditInProgress() {
    Q_EMIT labelsEditing();
}

void ViewerModel::finishEdit(const core::LabelDelta& delta) {
    delta.forEachChange([this](std::uint16_t before, std::uint16_t after, std::size_t count) {
        counts_[before] -= count;
        counts_[after] += count;
    });
    for (auto it = counts_.begin(); it != counts_.end();)
        it = it->second == 0 && it->first != 0 ? counts_.erase(it) : std::next(it);
    rebuildColors();
    Q_EMIT labelsChanged();
}

void ViewerModel::applyDelta(const core::LabelDelta& delta, bool forward) {
    auto& labels = beginEdit();
    if (forward) {
        delta.redo(labels);
        finishEdit(delta);
    } else {
        delta.undo(labels);
        finishEdit(delta.reversed());
    }
}

void ViewerModel::setLabelInfo(const core::LabelInfo& info) {
    if (info.value == 0) throw std::invalid_argument("label value 0 is the background");
    beginEdit();
    auto& table = labels_->table;
    const auto it =
        std::find_if(table.begin(), table.end(), [&](const auto& l) { return l.value == info.value; });
    if (it == table.end())
        table.push_back(info);
    else
        *it = info;
    rebuildColors();
    Q_EMIT labelsChanged();
}

void ViewerModel::removeLabelInfo(std::uint16_t value) {
    if (!labels_) return;
    beginEdit();
    auto& table = labels_->table;
    table.erase(std::remove_if(table.begin(), table.end(), [&](const auto& l) { return l.value == value; }),
                table.end());
    rebuildColors();
    Q_EMIT labelsChanged();
}

double ViewerModel::labelOpacity(std::uint16_t value) const {
    const auto it = opacity_.find(value);
    return it == opacity_.end() ? 1.0 : it->second;
}

void ViewerModel::setLabelOpacity(std::uint16_t value, double opacity) {
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == labelOpacity(value)) return;
    opacity_[value] = opacity;
    rebuildColors();
    Q_EMIT overlayChanged();
}

bool ViewerModel::labelLocked(std::uint16_t value) const {
    return std::find(locked_.begin(), locked_.end(), value) != locked_.end();
}

void ViewerModel::setLabelLocked(std::uint16_t value, bool locked) {
    if (labelLocked(value) == locked) return;
    if (locked)
        locked_.push_back(value);
    else
        locked_.erase(std::remove(locked_.begin(), locked_.end(), value), locked_.end());
    Q_EMIT overlayChanged();
}

bool ViewerModel::labelVisible(std::uint16_t value) const {
    return std::find(hidden_.begin(), hidden_.end(), value) == hidden_.end();
}

void ViewerModel::setLabelVisible(std::uint16_t value, bool visible) {
    if (labelVisible(value) == visible) return;
    if (visible)
        hidden_.erase(std::remove(hidden_.begin(), hidden_.end(), value), hidden_.end());
    else
        hidden_.push_back(value);
    rebuildColors();
    Q_EMIT overlayChanged();
}

void ViewerModel::setOverlayOpacity(double opacity) {
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == overlay_.opacity) return;
    overlay_.opacity = opacity;
    Q_EMIT overlayChanged();
}

void ViewerModel::setOverlayOutline(bool outline) {
    if (outline == overlay_.outline) return;
    overlay_.outline = outline;
    Q_EMIT overlayChanged();
}

void ViewerModel::setCursor(const std::array<int, 3>& index) {
    if (!hasImage()) return;
    const auto& size = geometry().size;
    std::array<int, 3> clamped{};
    for (int a = 0; a < 3; ++a) clamped[a] = std::clamp(index[a], 0, size[a] - 1);
    if (clamped == cursor_) return;
    cursor_ = clamped;
    Q_EMIT cursorChanged();
}

float ViewerModel::valueAtCursor() const {
    return volume().image.at(cursor_[0], cursor_[1], cursor_[2]);
}

std::uint16_t ViewerModel::labelAtCursor() const {
    return labels_ ? labels_->labels.at(cursor_[0], cursor_[1], cursor_[2]) : 0;
}

void ViewerModel::setWindowLevel(const core::WindowLevel& window, bool commit) {
    core::WindowLevel w = window;
    if (!std::isfinite(w.center) || !std::isfinite(w.width)) return;
    w.width = std::max(w.width, 1e-6);
    const bool changed = w.center != window_.center || w.width != window_.width;
    window_ = w;
    if (changed) Q_EMIT windowLevelChanged();
    if (commit) Q_EMIT windowLevelCommitted();
}

QStringList ViewerModel::windowPresetNames() const {
    QStringList names{QStringLiteral("auto")};
    if (isCt()) {
        for (const auto& preset : core::ctWindowPresets()) names << QString::fromStdString(preset.name);
    }
    return names;
}

QString ViewerModel::windowPresetTitle(const QString& name) {
    // The keys of windowPresetNames(), listed for lupdate; English shows the keys themselves. "auto" is the
    // 0.5/99.5 percentile window, the others are CT presets (Hounsfield units).
    static const char* const titles[] = {QT_TR_NOOP("auto"),        QT_TR_NOOP("ct-brain"),
                                         QT_TR_NOOP("ct-subdural"), QT_TR_NOOP("ct-stroke"),
                                         QT_TR_NOOP("ct-lung"),     QT_TR_NOOP("ct-mediastinum"),
                                         QT_TR_NOOP("ct-abdomen"),  QT_TR_NOOP("ct-liver"),
                                         QT_TR_NOOP("ct-bone"),     QT_TR_NOOP("ct-soft-tissue")};
    for (const char* key : titles)
        if (name == QLatin1String(key)) return tr(key);
    return name;
}

bool ViewerModel::applyWindowPreset(const QString& name) {
    if (name == QLatin1String("auto")) {
        setWindowLevel(image_.autoWindow);
        return true;
    }
    const auto preset = core::findWindowPreset(name.toStdString());
    if (!preset) return false;
    setWindowLevel(*preset);
    return true;
}

}  // namespace medsam::ui
