#pragma once

#include <QWidget>
#include <array>

#include "ui/model/LayoutModel.h"

class QGridLayout;

namespace medsam::ui {

// Arranges the four views (axial, coronal, sagittal, 3D) as the LayoutModel says.
class ViewLayoutWidget : public QWidget {
    Q_OBJECT
public:
    ViewLayoutWidget(LayoutModel* model, const std::array<QWidget*, LayoutModel::ViewCount>& views,
                     QWidget* parent = nullptr);

private:
    void arrange();
    LayoutModel* model_;
    std::array<QWidget*, LayoutModel::ViewCount> views_;
    QGridLayout* grid_;
};

}  // namespace medsam::ui
