#pragma once

#include <QAbstractTableModel>
#include <QImage>
#include <vector>

#include "core/trajectory/Trajectory.h"

namespace medsam::ui {

// The agent panel's timeline: one row per step of the running episode (who acted, what, Dice/IoU against the
// reference when there is one, latency, the model's raw reply or the error).
class AgentTimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Thumbnail, Actor, Action, Dice, Iou, Latency, Text, ColumnCount };
    static constexpr int kThumbnailSize = 40;
    using QAbstractTableModel::QAbstractTableModel;

    void clear();
    void append(const core::Step& step);
    const std::vector<core::Step>& steps() const { return steps_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::Step> steps_;
    std::vector<QImage> thumbnails_;  // the step's mask, white on black, at most kThumbnailSize
};

}  // namespace medsam::ui
