#pragma once

#include <QAbstractListModel>
#include <vector>

#include "storage/db/Records.h"

namespace medsam::ui {

// The images of the open project, one row each (file name, size, modality); the current one is bold.
class ProjectImagesModel : public QAbstractListModel {
    Q_OBJECT
public:
    using QAbstractListModel::QAbstractListModel;

    void setImages(std::vector<storage::ImageRecord> images);
    void setCurrent(std::optional<storage::Id> id);
    storage::Id imageId(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::vector<storage::ImageRecord> images_;
    std::optional<storage::Id> current_;
};

}  // namespace medsam::ui
