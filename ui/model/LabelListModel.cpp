#include "ui/model/LabelListModel.h"

#include <QColor>

namespace medsam::ui {

LabelListModel::LabelListModel(ViewerModel* viewer, QObject* parent)
    : QAbstractListModel(parent), viewer_(viewer) {
    connect(viewer_, &ViewerModel::labelsChanged, this, &LabelListModel::rebuild);
    connect(viewer_, &ViewerModel::overlayChanged, this, [this] {
        if (!values_.empty()) Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::CheckStateRole});
    });
    rebuild();
}

void LabelListModel::rebuild() {
    beginResetModel();
    values_ = viewer_->labelValues();
    endResetModel();
}

int LabelListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(values_.size());
}

QVariant LabelListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const std::uint16_t value = values_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            return tr("%1  %2  (%3 voxels)")
                .arg(value)
                .arg(viewer_->labelName(value))
                .arg(static_cast<qulonglong>(viewer_->labelVoxelCount(value)));
        case Qt::DecorationRole: {
            const auto& colors = viewer_->labelColors();
            if (value < colors.size()) {
                const auto& c = colors[value];
                return QColor(c.r, c.g, c.b);
            }
            return {};
        }
        case Qt::CheckStateRole:
            return viewer_->labelVisible(value) ? Qt::Checked : Qt::Unchecked;
        case ValueRole:
            return value;
        default:
            return {};
    }
}

bool LabelListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::CheckStateRole) return false;
    const std::uint16_t label = values_[static_cast<std::size_t>(index.row())];
    viewer_->setLabelVisible(label, value.toInt() == Qt::Checked);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole, Qt::DecorationRole});
    return true;
}

Qt::ItemFlags LabelListModel::flags(const QModelIndex& index) const {
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable
                           : Qt::NoItemFlags;
}

}  // namespace medsam::ui
