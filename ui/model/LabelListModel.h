#pragma once

#include <QAbstractListModel>
#include <vector>

#include "ui/model/ViewerModel.h"

namespace medsam::ui {

// The labels of the open label map with their colour, voxel count and a visibility check box (hiding a label
// hides it in the slice views and the 3D view). Part of what ITK-SNAP's label quick list shows.
class LabelListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { ValueRole = Qt::UserRole + 1 };

    explicit LabelListModel(ViewerModel* viewer, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    void rebuild();
    ViewerModel* viewer_;
    std::vector<std::uint16_t> values_;
};

}  // namespace medsam::ui
