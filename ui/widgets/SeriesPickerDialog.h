#pragma once

#include <QDialog>

#include "ui/model/SeriesListModel.h"

class QTableView;

namespace medsam::ui {

// Lets the person choose one series of a DICOM folder that holds several (double-click or Open).
class SeriesPickerDialog : public QDialog {
    Q_OBJECT
public:
    explicit SeriesPickerDialog(SeriesListModel* model, QWidget* parent = nullptr);
    int selectedRow() const;
    QTableView* table() const { return table_; }

private:
    QTableView* table_;
};

}  // namespace medsam::ui
