#pragma once

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace medsam::ui {

class ExportModel;

// File > Export curated sessions: which sessions (approved only by default), which formats, where; a progress
// bar with Cancel while it runs, and the summary (counts, skipped sessions and why, the manifest) at the end.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(ExportModel* model, QWidget* parent = nullptr);

    void startExport();  // what the Export button does

private:
    void setRunning(bool running);

    ExportModel* model_;
    QLineEdit* folder_;
    QCheckBox *approved_, *corrected_, *notReviewed_, *flagged_, *rejected_;
    QCheckBox *sft_, *rl_, *labelMaps_, *dicomSeg_, *deidentify_, *retainUids_;
    QProgressBar* progress_;
    QPlainTextEdit* summary_;
    QPushButton* export_;
    QPushButton* cancel_;
};

}  // namespace medsam::ui
