#include "ui/commands/LabelEditCommand.h"

#include "ui/model/ViewerModel.h"

namespace medsam::ui {

LabelEditCommand::LabelEditCommand(ViewerModel* viewer, core::LabelDelta delta, const QString& text)
    : QUndoCommand(text), viewer_(viewer), delta_(std::move(delta)) {}

void LabelEditCommand::undo() {
    viewer_->applyDelta(delta_, false);
    applied_ = false;
}

void LabelEditCommand::redo() {
    if (applied_) return;  // QUndoStack::push calls redo(); the edit is already in the map
    viewer_->applyDelta(delta_, true);
    applied_ = true;
}

}  // namespace medsam::ui
