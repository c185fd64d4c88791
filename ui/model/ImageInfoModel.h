#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <utility>
#include <vector>

#include "ui/model/ViewerModel.h"

namespace medsam::ui {

// The image information panel (ITK-SNAP's ImageInfoModel): one row per fact (file, format, size, spacing,
// origin, orientation, direction, modality, series, intensity range, the loader's warnings).
class ImageInfoModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ImageInfoModel(ViewerModel* viewer, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString value(const QString& fact) const;  // "" when the row is absent
    QStringList warnings() const;              // the loader's warnings, for a prominent display

private:
    void rebuild();
    ViewerModel* viewer_;
    std::vector<std::pair<QString, QString>> rows_;
};

}  // namespace medsam::ui
