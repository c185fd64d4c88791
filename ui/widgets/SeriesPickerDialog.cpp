#include "ui/widgets/SeriesPickerDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace medsam::ui {

SeriesPickerDialog::SeriesPickerDialog(SeriesListModel* model, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("seriesPicker"));
    setWindowTitle(tr("Choose a DICOM series"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("This folder holds %n series. Choose the one to open.", nullptr, model->rowCount())));
    table_ = new QTableView(this);
    table_->setModel(model);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setIconSize(QSize(SeriesListModel::kThumbnailSize, SeriesListModel::kThumbnailSize));
    table_->verticalHeader()->setDefaultSectionSize(SeriesListModel::kThumbnailSize + 6);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(SeriesListModel::Thumbnail, SeriesListModel::kThumbnailSize + 12);
    table_->resizeColumnsToContents();
    table_->setColumnWidth(SeriesListModel::Thumbnail, SeriesListModel::kThumbnailSize + 12);
    if (model->rowCount() > 0) table_->selectRow(0);
    layout->addWidget(table_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(table_, &QTableView::doubleClicked, this, &QDialog::accept);
    resize(900, 420);
}

int SeriesPickerDialog::selectedRow() const {
    const auto rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.front().row();
}

}  // namespace medsam::ui
