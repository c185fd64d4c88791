#pragma once

#include <QAbstractListModel>
#include <vector>

#include "agent/eval/Factories.h"
#include "core/image/SliceRef.h"
#include "ui/model/BackgroundTask.h"

class QUndoStack;

namespace medsam::ui {

class PaintbrushModel;
class ViewerModel;

// Review of a propagation, slice by slice: each propagated slice with its mask area and state. Go to a slice,
// accept it, reject it (its voxels of the propagated label become background, one undo step) or redo it (one
// new episode on that slice from its neighbour's current mask, on a worker, replacing the slice, one undo
// step).
class PropagationReviewModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum class State { Pending, Accepted, Rejected, Redone };
    struct Row {
        int index = 0;  // slice index along `axis`
        State state = State::Pending;
    };

    PropagationReviewModel(ViewerModel* viewer, PaintbrushModel* brush, QUndoStack* undo,
                           QObject* parent = nullptr);

    // A new propagation to review: `axis`, the start slice and the propagated slices (in any order).
    void setRun(int axis, int startIndex, std::uint16_t value, std::vector<int> slices,
                agent::AgentSpec spec);
    const std::vector<Row>& rows() const { return rows_; }

    void goTo(int row);
    void accept(int row);
    void reject(int row);
    bool redo(int row);  // false when a redo is already running
    bool busy() const { return task_.isRunning(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void errorOccurred(const QString& message);
    void redone(int row);

private:
    void setState(int row, State state);
    std::size_t area(int sliceIndex) const;

    ViewerModel* viewer_;
    PaintbrushModel* brush_;
    QUndoStack* undo_;
    int axis_ = 2;
    int start_ = 0;
    std::uint16_t value_ = 1;
    agent::AgentSpec spec_;
    std::vector<Row> rows_;
    BackgroundTask task_;
};

}  // namespace medsam::ui
