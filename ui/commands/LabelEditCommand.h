#pragma once

#include <QUndoCommand>

#include "core/image/LabelDelta.h"

namespace medsam::ui {

class ViewerModel;

// One undo step of the label map (a brush stroke, a fill, an accepted AI result): the run-length delta of the
// voxels it changed, never a copy of the map. Pushed after the edit is applied, so the first redo does
// nothing.
class LabelEditCommand : public QUndoCommand {
public:
    LabelEditCommand(ViewerModel* viewer, core::LabelDelta delta, const QString& text);

    void undo() override;
    void redo() override;
    const core::LabelDelta& delta() const { return delta_; }

private:
    ViewerModel* viewer_;
    core::LabelDelta delta_;
    bool applied_ = true;
};

}  // namespace medsam::ui
