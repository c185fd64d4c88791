#include "ui/widgets/ViewLayoutWidget.h"

#include <QGridLayout>

namespace medsam::ui {

ViewLayoutWidget::ViewLayoutWidget(LayoutModel* model,
                                   const std::array<QWidget*, LayoutModel::ViewCount>& views, QWidget* parent)
    : QWidget(parent), model_(model), views_(views), grid_(new QGridLayout(this)) {
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(2);
    for (QWidget* view : views_) view->setParent(this);
    connect(model_, &LayoutModel::changed, this, &ViewLayoutWidget::arrange);
    arrange();
}

void ViewLayoutWidget::arrange() {
    for (QWidget* view : views_) grid_->removeWidget(view);
    for (int r = 0; r < 3; ++r) grid_->setRowStretch(r, 0);
    for (int c = 0; c < 3; ++c) grid_->setColumnStretch(c, 0);
    using L = LayoutModel;
    switch (model_->layout()) {
        case L::Layout::OneByThree:
            // The three slice views in a row, the 3D view below them across the whole width.
            grid_->addWidget(views_[L::Axial], 0, 0);
            grid_->addWidget(views_[L::Coronal], 0, 1);
            grid_->addWidget(views_[L::Sagittal], 0, 2);
            grid_->addWidget(views_[L::ThreeD], 1, 0, 1, 3);
            for (int c = 0; c < 3; ++c) grid_->setColumnStretch(c, 1);
            grid_->setRowStretch(0, 3);
            grid_->setRowStretch(1, 2);
            break;
        case L::Layout::TwoByTwo:
            // ITK-SNAP's arrangement: axial top left, sagittal top right, coronal bottom left, 3D bottom
            // right.
            grid_->addWidget(views_[L::Axial], 0, 0);
            grid_->addWidget(views_[L::Sagittal], 0, 1);
            grid_->addWidget(views_[L::Coronal], 1, 0);
            grid_->addWidget(views_[L::ThreeD], 1, 1);
            grid_->setRowStretch(0, 1);
            grid_->setRowStretch(1, 1);
            grid_->setColumnStretch(0, 1);
            grid_->setColumnStretch(1, 1);
            break;
        case L::Layout::Single:
            grid_->addWidget(views_[model_->maximisedView()], 0, 0);
            grid_->setRowStretch(0, 1);
            grid_->setColumnStretch(0, 1);
            break;
    }
    for (int v = 0; v < L::ViewCount; ++v) views_[v]->setVisible(model_->isVisible(v));
}

}  // namespace medsam::ui
