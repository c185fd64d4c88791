#include "ui/widgets/LabelTableWidget.h"

#include <QColorDialog>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace medsam::ui {

LabelTableWidget::LabelTableWidget(LabelTableModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setObjectName(QStringLiteral("labelTable"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    layout->addWidget(table_);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.column() != LabelTableModel::Color) return;
        const QColor chosen = QColorDialog::getColor(model_->data(index, Qt::EditRole).value<QColor>(), this);
        if (chosen.isValid()) model_->setData(index, chosen, Qt::EditRole);
    });
    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add label"), this);
    auto* remove = new QPushButton(tr("Delete label"), this);
    auto* import = new QPushButton(tr("Import..."), this);
    auto* exportButton = new QPushButton(tr("Export..."), this);
    import->setToolTip(tr("Read an ITK-SNAP label description file"));
    exportButton->setToolTip(tr("Write the labels as an ITK-SNAP label description file"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(import);
    buttons->addWidget(exportButton);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = model_->rowOf(model_->addLabel());
        if (row >= 0) table_->selectRow(row);
    });
    connect(remove, &QPushButton::clicked, this, &LabelTableWidget::deleteSelected);
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import labels"), {}, tr("Label descriptions (*.txt *.label);;All files (*)"));
        if (path.isEmpty()) return;
        try {
            model_->importDescriptions(core::readLabelDescriptions(path.toStdString()));
        } catch (const std::exception& e) {
            QMessageBox::critical(this, tr("Cannot import the labels"), QString::fromStdString(e.what()));
        }
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export labels"), {}, tr("Label descriptions (*.txt)"));
        if (path.isEmpty()) return;
        try {
            core::writeLabelDescriptions(path.toStdString(), model_->descriptions());
        } catch (const std::exception& e) {
            QMessageBox::critical(this, tr("Cannot export the labels"), QString::fromStdString(e.what()));
        }
    });
    connect(model_, &QAbstractItemModel::modelReset, table_, [this] { table_->resizeColumnsToContents(); });
}

void LabelTableWidget::deleteSelected() {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    const std::uint16_t value = model_->valueAt(rows.front().row());
    const auto voxels =
        model_->data(model_->index(rows.front().row(), LabelTableModel::Voxels)).toULongLong();
    if (voxels > 0 && QMessageBox::question(
                          this, tr("Delete label %1?").arg(value),
                          tr("%n voxel(s) carry this label; they become background (Undo brings them back).",
                             nullptr, int(std::min<qulonglong>(voxels, INT_MAX)))) != QMessageBox::Yes)
        return;
    if (!model_->removeLabel(value))
        QMessageBox::information(this, tr("Label is locked"),
                                 tr("Unlock label %1 before deleting it.").arg(value));
}

}  // namespace medsam::ui
