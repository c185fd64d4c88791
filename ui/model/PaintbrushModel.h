#pragma once

#include <QObject>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/render/DisplaySlice.h"

class QUndoStack;

namespace medsam::ui {

class ViewerModel;

// The manual tools (ITK-SNAP's PaintbrushModel + settings): brush and eraser, round or square, a size in
// voxels or millimetres, on the slice (2D) or as a ball (3D), and which voxels a stroke may change ("paint
// over" all labels, only the background, or one label). Locked labels are never changed. A stroke is one undo
// step, stored as a LabelDelta built from the voxels it touched, so a stroke costs memory in proportion to
// its size.
class PaintbrushModel : public QObject {
    Q_OBJECT
public:
    // The active tool of the slice views (kept here with the brush settings it mostly concerns). AiPrompt
    // routes the left button to AiPromptModel (box by drag, clicks) instead of painting.
    enum class Tool { Navigate, Brush, Eraser, AiPrompt, Polygon };
    enum class Shape { Round, Square };
    enum class PaintOver { All, Background, OneLabel };

    PaintbrushModel(ViewerModel* viewer, QUndoStack* undo, QObject* parent = nullptr);

    Tool tool() const { return tool_; }
    void setTool(Tool tool);
    Shape shape() const { return shape_; }
    void setShape(Shape shape);
    double size() const { return size_; }  // diameter
    void setSize(double size);
    bool sizeInMm() const { return sizeInMm_; }
    void setSizeInMm(bool mm);
    bool ball() const { return ball_; }  // 3D: a ball instead of a disc on the slice
    void setBall(bool ball);
    PaintOver paintOver() const { return paintOver_; }
    std::uint16_t paintOverLabel() const { return paintOverLabel_; }
    void setPaintOver(PaintOver mode, std::uint16_t label = 0);
    std::uint16_t activeLabel() const { return activeLabel_; }
    void setActiveLabel(std::uint16_t value);

    // Voxels the brush covers when centred on `centre` in a view with `axes` (inside the volume).
    std::vector<std::array<int, 3>> footprint(const core::DisplayAxes& axes,
                                              const std::array<int, 3>& centre) const;
    // Whether a stroke may change a voxel that holds `value` (locks and paint-over).
    bool mayOverwrite(std::uint16_t value) const;

    // A stroke in a slice view: positions are voxels on the view's slice; consecutive positions are joined.
    void beginStroke(const core::DisplayAxes& axes, const std::array<int, 3>& voxel);
    void continueStroke(const std::array<int, 3>& voxel);
    void endStroke();  // pushes the undo step (nothing when no voxel changed)
    bool stroking() const { return stroking_; }

Q_SIGNALS:
    void changed();

private:
    void dab(const std::array<int, 3>& centre);

    ViewerModel* viewer_;
    QUndoStack* undo_;
    Tool tool_ = Tool::Navigate;
    Shape shape_ = Shape::Round;
    double size_ = 8.0;
    bool sizeInMm_ = false;
    bool ball_ = false;
    PaintOver paintOver_ = PaintOver::All;
    std::uint16_t paintOverLabel_ = 0;
    std::uint16_t activeLabel_ = 1;

    bool stroking_ = false;
    core::DisplayAxes axes_;
    std::array<int, 3> last_{0, 0, 0};
    std::unordered_map<std::size_t, std::uint16_t> before_;  // first value of each voxel the stroke changed
    std::array<int, 3> min_{0, 0, 0}, max_{0, 0, 0};
};

}  // namespace medsam::ui
