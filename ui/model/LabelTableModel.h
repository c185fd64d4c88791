#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <vector>

class QUndoStack;

#include "core/io/LabelDescription.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

// The label table (ITK-SNAP's LabelEditorModel): every label of the map and of its table, with value, colour,
// name, visibility, lock, voxel count and the description the agent receives as its target ("left kidney").
// Name, colour and description are edited in place; visibility and lock are check boxes.
class LabelTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Value, Color, Name, Visible, Opacity, Locked, Voxels, Description, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1 };

    LabelTableModel(ViewerModel* viewer, QUndoStack* undo, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    std::uint16_t valueAt(int row) const;
    int rowOf(std::uint16_t value) const;  // -1 when absent
    // The next free value (max + 1), named "Label N" with its default colour. Returns the value.
    std::uint16_t addLabel();
    core::LabelInfo info(std::uint16_t value) const;  // the table's entry, or the defaults
    // Clears the label's voxels (one undo step) and drops it from the table. Locked labels are refused
    // (false).
    bool removeLabel(std::uint16_t value);
    // ITK-SNAP label description files (core/io/LabelDescription.h): import sets names, colours and
    // visibility (target texts stay); export writes every row.
    void importDescriptions(const std::vector<core::LabelDescription>& labels);
    std::vector<core::LabelDescription> descriptions() const;

Q_SIGNALS:
    // A table entry changed (for the project's copy of the label table).
    void labelInfoChanged(const core::LabelInfo& info);
    void labelRemoved(std::uint16_t value);

private:
    void rebuild();
    ViewerModel* viewer_;
    QUndoStack* undo_;
    std::vector<std::uint16_t> values_;
};

}  // namespace medsam::ui
