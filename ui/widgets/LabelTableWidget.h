#pragma once

#include <QWidget>

#include "ui/model/LabelTableModel.h"

class QTableView;

namespace medsam::ui {

// The label table bound to LabelTableModel: edit names, colours (double-click the swatch) and target texts in
// place; Add and Delete (asking first when voxels carry the label).
class LabelTableWidget : public QWidget {
    Q_OBJECT
public:
    explicit LabelTableWidget(LabelTableModel* model, QWidget* parent = nullptr);
    QTableView* table() const { return table_; }

private:
    void deleteSelected();
    LabelTableModel* model_;
    QTableView* table_;
};

}  // namespace medsam::ui
