#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <array>
#include <map>
#include <memory>
#include <optional>

#include "core/image/Image.h"
#include "core/image/LabelDelta.h"
#include "core/image/LabelMap.h"
#include "core/render/DisplaySlice.h"
#include "core/render/Histogram.h"
#include "core/render/WindowLevel.h"

namespace medsam::ui {

// An image ready to show: decoded on a worker together with what is expensive to compute from it.
struct LoadedImage {
    std::shared_ptr<const core::Volume> volume;
    QString path;         // file or DICOM folder it came from
    QString displayName;  // what the title bar and the info panel call it
    core::WindowLevel autoWindow;
    core::Histogram histogram;
};

// What every view of one image shares (ITK-SNAP's IRISApplication + GlobalState, without the toolkit): the
// volume, its label map, the cursor (a voxel, linked across the views), window/level and the overlay's style.
// No widgets, no painting; the slice views and panels observe it through its signals.
class ViewerModel : public QObject {
    Q_OBJECT
public:
    explicit ViewerModel(QObject* parent = nullptr);

    // Replaces the image: the cursor goes to the centre, the label map is dropped, W/L becomes the auto
    // window.
    void setImage(LoadedImage image);
    void clear();
    bool hasImage() const { return static_cast<bool>(image_.volume); }
    const LoadedImage& image() const { return image_; }
    // A number no other image loaded in this process had: tools key their per-slice caches with it (an
    // address would be reused by the next image and hand it the previous image's features).
    std::uint64_t imageSerial() const { return serial_; }
    const core::Volume& volume() const;
    const core::ImageGeometry& geometry() const;
    bool isCt() const;  // modality CT, or no modality and intensities that look like Hounsfield units

    // A label map on the image's grid; throws std::invalid_argument naming both grids when it is not.
    // `voxelCounts` (value -> voxels, from core::labelVoxelCounts) is computed here when not given; loaders
    // compute it on their worker.
    void setLabelMap(std::shared_ptr<core::LabelMap> labels,
                     std::map<std::uint16_t, std::size_t> voxelCounts = {});
    std::shared_ptr<const core::LabelMap> labelMap() const { return labels_; }
    // Label values present in the map or named in its table (background excluded), ascending.
    std::vector<std::uint16_t> labelValues() const;
    std::size_t labelVoxelCount(std::uint16_t value) const;
    QString labelName(std::uint16_t value) const;
    const core::LabelColorTable& labelColors() const { return colors_; }
    bool labelVisible(std::uint16_t value) const;
    void setLabelVisible(std::uint16_t value, bool visible);
    // Editing (brush, undo, AI results). The map is copied first when someone else (the 3D view's worker)
    // still holds the current one: edits never race a reader. An image without a map gets an empty one.
    core::Image<std::uint16_t>& beginEdit();
    // During a stroke: the slice views redraw, nothing else is recomputed.
    void notifyEditInProgress();
    // After an edit that `delta` describes (already applied to the map): counts, colours, 3D, lists update.
    void finishEdit(const core::LabelDelta& delta);
    // Undo/redo: applies the delta backwards or forwards, then as finishEdit.
    void applyDelta(const core::LabelDelta& delta, bool forward);
    // The label table (names, colours, target descriptions) of the map.
    void setLabelInfo(const core::LabelInfo& info);  // adds or replaces the entry of info.value
    void removeLabelInfo(std::uint16_t value);
    bool labelLocked(std::uint16_t value) const;
    double labelOpacity(std::uint16_t value) const;  // 0..1, 1 unless set; the overlay's opacity scales it
    void setLabelOpacity(std::uint16_t value, double opacity);
    void setLabelLocked(std::uint16_t value, bool locked);

    core::OverlayStyle overlayStyle() const { return overlay_; }
    void setOverlayOpacity(double opacity);
    void setOverlayOutline(bool outline);

    // The cursor as a voxel index (clamped into the volume).
    std::array<int, 3> cursor() const { return cursor_; }
    void setCursor(const std::array<int, 3>& index);
    float valueAtCursor() const;
    std::uint16_t labelAtCursor() const;

    core::WindowLevel windowLevel() const { return window_; }
    // `commit`: a deliberate choice to remember for this image (a preset, the end of a drag), not a step of
    // it.
    void setWindowLevel(const core::WindowLevel& window, bool commit = true);
    // "auto" (0.5/99.5 percentiles, MR and everything else) then the CT presets when the image is CT.
    QStringList windowPresetNames() const;
    // A preset's name for menus in the user's language (English shows the key itself: "auto", "ct-lung").
    static QString windowPresetTitle(const QString& name);
    bool applyWindowPreset(const QString& name);  // false for an unknown name

Q_SIGNALS:
    void imageChanged();
    void labelsChanged();
    void labelsEditing();  // a stroke in progress changed voxels
    void cursorChanged();
    void windowLevelChanged();
    void windowLevelCommitted();
    void overlayChanged();

private:
    void rebuildColors();

    LoadedImage image_;
    std::uint64_t serial_ = 0;
    std::shared_ptr<core::LabelMap> labels_;
    std::vector<std::uint16_t> locked_;
    std::map<std::uint16_t, double> opacity_;
    std::map<std::uint16_t, std::size_t> counts_;
    core::LabelColorTable colors_;
    std::vector<std::uint16_t> hidden_;
    core::OverlayStyle overlay_;
    std::array<int, 3> cursor_{0, 0, 0};
    core::WindowLevel window_;
};

// Default colour of a label value without one in its table (ITK-SNAP's first colours, then a golden-angle
// hue).
std::array<std::uint8_t, 3> defaultLabelColor(std::uint16_t value);

}  // namespace medsam::ui
