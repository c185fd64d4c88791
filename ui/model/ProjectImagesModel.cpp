#include "ui/model/ProjectImagesModel.h"

#include <QFileInfo>
#include <QFont>
#include <stdexcept>

namespace medsam::ui {

void ProjectImagesModel::setImages(std::vector<storage::ImageRecord> images) {
    beginResetModel();
    images_ = std::move(images);
    endResetModel();
}

void ProjectImagesModel::setCurrent(std::optional<storage::Id> id) {
    current_ = id;
    if (!images_.empty()) Q_EMIT dataChanged(index(0), index(rowCount() - 1), {Qt::FontRole});
}

storage::Id ProjectImagesModel::imageId(int row) const {
    if (row < 0 || row >= rowCount())
        throw std::out_of_range("no project image at row " + std::to_string(row));
    return images_[static_cast<std::size_t>(row)].id;
}

int ProjectImagesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(images_.size());
}

QVariant ProjectImagesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& image = images_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole: {
            const auto& s = image.geometry.size;
            QString text = QStringLiteral("%1  %2x%3x%4")
                               .arg(QFileInfo(QString::fromStdString(image.storedPath)).fileName())
                               .arg(s[0])
                               .arg(s[1])
                               .arg(s[2]);
            if (!image.modality.empty())
                text += QStringLiteral("  ") + QString::fromStdString(image.modality);
            return text;
        }
        case Qt::ToolTipRole:
            return QString::fromStdString(image.absolutePath);
        case Qt::FontRole: {
            QFont font;
            font.setBold(current_ && *current_ == image.id);
            return font;
        }
        default:
            return {};
    }
}

}  // namespace medsam::ui
