#include "ui/widgets/PaintbrushPanel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QSignalBlocker>
#include <QToolButton>

namespace medsam::ui {

namespace {
using Tool = PaintbrushModel::Tool;
using PaintOver = PaintbrushModel::PaintOver;
}  // namespace

PaintbrushPanel::PaintbrushPanel(PaintbrushModel* brush, LabelTableModel* labels, QWidget* parent)
    : QWidget(parent), brush_(brush), labels_(labels) {
    setObjectName(QStringLiteral("paintbrushPanel"));
    auto* form = new QFormLayout(this);
    auto* grid = new QGridLayout;
    tools_ = new QButtonGroup(this);
    const std::pair<Tool, QString> tools[] = {{Tool::Navigate, tr("Navigate (N)")},
                                              {Tool::Brush, tr("Brush (B)")},
                                              {Tool::Eraser, tr("Eraser (E)")},
                                              {Tool::AiPrompt, tr("AI prompt (A)")},
                                              {Tool::Polygon, tr("Polygon / lasso (P)")}};
    int n = 0;
    for (const auto& [tool, text] : tools) {
        auto* button = new QToolButton(this);
        button->setText(text);
        button->setCheckable(true);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setObjectName(QStringLiteral("tool%1").arg(int(tool)));
        tools_->addButton(button, int(tool));
        grid->addWidget(button, n / 2, n % 2);
        ++n;
    }
    form->addRow(grid);
    size_ = new QDoubleSpinBox(this);
    size_->setObjectName(QStringLiteral("brushSize"));
    size_->setRange(1, 500);
    size_->setDecimals(1);
    form->addRow(tr("Size"), size_);
    mm_ = new QCheckBox(tr("in mm (else voxels)"), this);
    form->addRow(QString(), mm_);
    shape_ = new QComboBox(this);
    shape_->addItems({tr("Round"), tr("Square")});
    form->addRow(tr("Shape"), shape_);
    ball_ = new QCheckBox(tr("3D (a ball through slices)"), this);
    form->addRow(QString(), ball_);
    active_ = new QComboBox(this);
    active_->setObjectName(QStringLiteral("activeLabel"));
    form->addRow(tr("Label"), active_);
    paintOver_ = new QComboBox(this);
    paintOver_->setObjectName(QStringLiteral("paintOver"));
    form->addRow(tr("Paint over"), paintOver_);

    connect(tools_, &QButtonGroup::idClicked, brush_,
            [this](int id) { brush_->setTool(static_cast<Tool>(id)); });
    connect(size_, &QDoubleSpinBox::valueChanged, brush_, &PaintbrushModel::setSize);
    connect(mm_, &QCheckBox::toggled, brush_, &PaintbrushModel::setSizeInMm);
    connect(ball_, &QCheckBox::toggled, brush_, &PaintbrushModel::setBall);
    connect(shape_, &QComboBox::currentIndexChanged, brush_,
            [this](int i) { brush_->setShape(static_cast<PaintbrushModel::Shape>(i)); });
    connect(active_, &QComboBox::activated, brush_, [this](int i) {
        brush_->setActiveLabel(static_cast<std::uint16_t>(active_->itemData(i).toUInt()));
    });
    connect(paintOver_, &QComboBox::activated, brush_, [this](int i) {
        const int value = paintOver_->itemData(i).toInt();
        if (value < 0)
            brush_->setPaintOver(value == -1 ? PaintOver::All : PaintOver::Background);
        else
            brush_->setPaintOver(PaintOver::OneLabel, static_cast<std::uint16_t>(value));
    });
    connect(brush_, &PaintbrushModel::changed, this, &PaintbrushPanel::syncFromModel);
    connect(labels_, &QAbstractItemModel::modelReset, this, &PaintbrushPanel::rebuildLabelChoices);
    connect(labels_, &QAbstractItemModel::dataChanged, this, &PaintbrushPanel::rebuildLabelChoices);
    rebuildLabelChoices();
    syncFromModel();
}

void PaintbrushPanel::rebuildLabelChoices() {
    const QSignalBlocker a(active_), b(paintOver_);
    active_->clear();
    paintOver_->clear();
    paintOver_->addItem(tr("All labels"), -1);
    paintOver_->addItem(tr("Background only"), -2);
    bool activeListed = false;
    for (int row = 0; row < labels_->rowCount(); ++row) {
        const std::uint16_t value = labels_->valueAt(row);
        const QString text =
            QStringLiteral("%1  %2").arg(value).arg(QString::fromStdString(labels_->info(value).name));
        const QColor color =
            labels_->data(labels_->index(row, LabelTableModel::Color), Qt::DecorationRole).value<QColor>();
        active_->addItem(text, value);
        active_->setItemData(active_->count() - 1, color, Qt::DecorationRole);
        paintOver_->addItem(tr("Only %1").arg(text), int(value));
        activeListed |= value == brush_->activeLabel();
    }
    if (!activeListed)
        active_->addItem(QStringLiteral("%1  %2").arg(brush_->activeLabel()).arg(tr("(new)")),
                         brush_->activeLabel());
    syncFromModel();
}

void PaintbrushPanel::syncFromModel() {
    const QSignalBlocker a(size_), b(mm_), c(ball_), d(shape_), e(active_), f(paintOver_);
    if (auto* button = tools_->button(int(brush_->tool()))) button->setChecked(true);
    size_->setValue(brush_->size());
    mm_->setChecked(brush_->sizeInMm());
    ball_->setChecked(brush_->ball());
    shape_->setCurrentIndex(int(brush_->shape()));
    active_->setCurrentIndex(std::max(0, active_->findData(brush_->activeLabel())));
    const int over = brush_->paintOver() == PaintOver::All          ? -1
                     : brush_->paintOver() == PaintOver::Background ? -2
                                                                    : int(brush_->paintOverLabel());
    paintOver_->setCurrentIndex(std::max(0, paintOver_->findData(over)));
}

}  // namespace medsam::ui
