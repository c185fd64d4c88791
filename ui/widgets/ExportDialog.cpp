#include "ui/widgets/ExportDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/model/ExportModel.h"
#include "ui/model/SessionBrowserModel.h"

namespace medsam::ui {

ExportDialog::ExportDialog(ExportModel* model, QWidget* parent) : QDialog(parent), model_(model) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export curated sessions"));
    auto* layout = new QVBoxLayout(this);

    auto* where = new QHBoxLayout;
    folder_ = new QLineEdit(model_->outputFolder(), this);
    folder_->setObjectName(QStringLiteral("exportFolder"));
    folder_->setPlaceholderText(tr("Output folder"));
    auto* browse = new QPushButton(tr("Choose..."), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export into"), folder_->text());
        if (!dir.isEmpty()) folder_->setText(dir);
    });
    where->addWidget(folder_, 1);
    where->addWidget(browse);
    layout->addLayout(where);

    auto* which = new QGroupBox(tr("Sessions whose latest review is"), this);
    auto* whichLayout = new QVBoxLayout(which);
    auto box = [which, whichLayout](const QString& name, storage::ReviewStatus status, bool on) {
        auto* check = new QCheckBox(SessionBrowserModel::statusText(status), which);
        check->setObjectName(name);
        check->setChecked(on);
        whichLayout->addWidget(check);
        return check;
    };
    const auto& chosen = model_->statuses();
    auto has = [&chosen](storage::ReviewStatus s) {
        return std::find(chosen.begin(), chosen.end(), s) != chosen.end();
    };
    approved_ = box(QStringLiteral("exportApproved"), storage::ReviewStatus::Approved,
                    has(storage::ReviewStatus::Approved));
    corrected_ = box(QStringLiteral("exportCorrected"), storage::ReviewStatus::Completed,
                     has(storage::ReviewStatus::Completed));
    flagged_ = box(QStringLiteral("exportFlagged"), storage::ReviewStatus::Flagged,
                   has(storage::ReviewStatus::Flagged));
    notReviewed_ = box(QStringLiteral("exportNotReviewed"), storage::ReviewStatus::NotStarted,
                       has(storage::ReviewStatus::NotStarted));
    rejected_ = box(QStringLiteral("exportRejected"), storage::ReviewStatus::Rejected,
                    has(storage::ReviewStatus::Rejected));
    layout->addWidget(which);

    auto* formats = new QGroupBox(tr("Formats"), this);
    auto* formatLayout = new QVBoxLayout(formats);
    sft_ = new QCheckBox(tr("SFT conversations (LLaMA-Factory JSONL with the step pictures)"), formats);
    sft_->setObjectName(QStringLiteral("exportSft"));
    rl_ = new QCheckBox(tr("RL rows (image and reference mask per task)"), formats);
    rl_->setObjectName(QStringLiteral("exportRl"));
    labelMaps_ = new QCheckBox(tr("Label maps (NIfTI and NRRD, one per image)"), formats);
    labelMaps_->setObjectName(QStringLiteral("exportLabelMaps"));
    dicomSeg_ = new QCheckBox(tr("DICOM SEG beside the label map of each DICOM image"), formats);
    dicomSeg_->setObjectName(QStringLiteral("exportDicomSeg"));
    sft_->setChecked(model_->sft());
    rl_->setChecked(model_->rl());
    labelMaps_->setChecked(model_->labelMaps());
    dicomSeg_->setChecked(model_->dicomSeg());
    connect(labelMaps_, &QCheckBox::toggled, dicomSeg_, &QCheckBox::setEnabled);
    for (QCheckBox* c : {sft_, rl_, labelMaps_, dicomSeg_}) formatLayout->addWidget(c);
    layout->addWidget(formats);

    auto* privacy = new QGroupBox(tr("Patient identity"), this);
    auto* privacyLayout = new QVBoxLayout(privacy);
    auto* note =
        new QLabel(tr("SFT conversations and RL rows never carry patient identity: cases and sessions "
                      "are named by pseudonyms keyed with this project's secret."),
                   privacy);
    note->setWordWrap(true);
    privacyLayout->addWidget(note);
    deidentify_ = new QCheckBox(tr("De-identify DICOM SEG files (DICOM PS3.15 Basic Confidentiality Profile) "
                                   "and leave source paths out of the manifest"),
                                privacy);
    deidentify_->setObjectName(QStringLiteral("exportDeidentify"));
    retainUids_ = new QCheckBox(tr("Keep the study, series and instance UIDs (Retain UIDs Option)"), privacy);
    retainUids_->setObjectName(QStringLiteral("exportRetainUids"));
    deidentify_->setChecked(model_->deidentify());
    retainUids_->setChecked(model_->retainUids());
    retainUids_->setEnabled(model_->deidentify());
    connect(deidentify_, &QCheckBox::toggled, retainUids_, &QCheckBox::setEnabled);
    privacyLayout->addWidget(deidentify_);
    privacyLayout->addWidget(retainUids_);
    layout->addWidget(privacy);

    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("exportProgress"));
    progress_->setVisible(false);
    layout->addWidget(progress_);
    summary_ = new QPlainTextEdit(this);
    summary_->setObjectName(QStringLiteral("exportSummary"));
    summary_->setReadOnly(true);
    summary_->setPlaceholderText(tr("The summary appears here when the export has finished."));
    layout->addWidget(summary_, 1);

    auto* buttons = new QDialogButtonBox(this);
    export_ = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    export_->setObjectName(QStringLiteral("exportButton"));
    cancel_ = buttons->addButton(tr("Cancel export"), QDialogButtonBox::ActionRole);
    cancel_->setObjectName(QStringLiteral("cancelExportButton"));
    cancel_->setEnabled(false);
    QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
    connect(export_, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(cancel_, &QPushButton::clicked, model_, &ExportModel::cancel);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(model_, &ExportModel::progress, this, [this](qint64 done, qint64 total, const QString& what) {
        progress_->setRange(0, static_cast<int>(std::max<qint64>(total, 1)));
        progress_->setValue(static_cast<int>(done));
        progress_->setFormat(what);
    });
    connect(model_, &ExportModel::errorOccurred, this,
            [this](const QString& message) { summary_->setPlainText(tr("Cannot export: %1").arg(message)); });
    connect(model_, &ExportModel::finished, this, [this](bool, const QString& summary) {
        setRunning(false);
        summary_->setPlainText(summary);
    });
    resize(620, 560);
}

void ExportDialog::startExport() {
    std::vector<storage::ReviewStatus> statuses;
    const std::pair<QCheckBox*, storage::ReviewStatus> boxes[] = {
        {approved_, storage::ReviewStatus::Approved},
        {corrected_, storage::ReviewStatus::Completed},
        {flagged_, storage::ReviewStatus::Flagged},
        {notReviewed_, storage::ReviewStatus::NotStarted},
        {rejected_, storage::ReviewStatus::Rejected}};
    for (const auto& [check, status] : boxes) {
        if (check->isChecked()) statuses.push_back(status);
    }
    model_->setOutputFolder(folder_->text().trimmed());
    model_->setStatuses(statuses);
    model_->setFormats(sft_->isChecked(), rl_->isChecked(), labelMaps_->isChecked(), dicomSeg_->isChecked());
    model_->setDeidentify(deidentify_->isChecked(), retainUids_->isChecked());
    summary_->clear();
    if (model_->start()) setRunning(true);
}

void ExportDialog::setRunning(bool running) {
    progress_->setVisible(running);
    progress_->setValue(0);
    export_->setEnabled(!running);
    cancel_->setEnabled(running);
}

}  // namespace medsam::ui
