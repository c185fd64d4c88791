#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "storage/db/Records.h"
#include "storage/export/Exporter.h"
#include "ui/model/BackgroundTask.h"

namespace medsam::ui {

// The export dialog's presenter over storage::exportProject: which sessions (approved only by default), which
// formats, where; the export runs on a worker with its own database handle (progress, Cancel), and ends in a
// summary: counts, the skipped sessions and why, the manifest's path.
class ExportModel : public QObject {
    Q_OBJECT
public:
    explicit ExportModel(QObject* parent = nullptr);

    void setProjectPath(const QString& path) { projectPath_ = path; }
    QString projectPath() const { return projectPath_; }
    void setOutputFolder(const QString& folder) { outDir_ = folder; }
    QString outputFolder() const { return outDir_; }
    void setStatuses(const std::vector<storage::ReviewStatus>& statuses) { statuses_ = statuses; }
    const std::vector<storage::ReviewStatus>& statuses() const { return statuses_; }
    void setFormats(bool sft, bool rl, bool labelMaps, bool dicomSeg);
    bool sft() const { return sft_; }
    bool rl() const { return rl_; }
    bool labelMaps() const { return masks_; }
    bool dicomSeg() const { return dicomSeg_; }
    // DICOM SEG keeps the source's identifiers unless de-identified (PS3.15 Basic Profile); retainUids keeps
    // the UIDs (the profile's Retain UIDs Option) and only counts with deidentify.
    void setDeidentify(bool deidentify, bool retainUids = false);
    bool deidentify() const { return deidentify_; }
    bool retainUids() const { return retainUids_; }
    QString who() const { return who_; }
    void setWho(const QString& who) { who_ = who; }

    // Starts the export; false (with errorOccurred) when the choices cannot work or a job runs.
    bool start();
    void cancel() { task_.cancel(); }
    bool running() const { return task_.isRunning(); }
    BackgroundTask* task() { return &task_; }

    const storage::ExportReport& report() const { return report_; }
    QString summary() const;  // what the last export did, for a person

Q_SIGNALS:
    void progress(qint64 done, qint64 total, const QString& what);
    void finished(bool ok, const QString& summary);
    void errorOccurred(const QString& message);

private:
    QString projectPath_, outDir_, who_;
    std::vector<storage::ReviewStatus> statuses_{storage::ReviewStatus::Approved};
    bool sft_ = true, rl_ = true, masks_ = true, dicomSeg_ = true;
    bool deidentify_ = false, retainUids_ = false;
    storage::ExportReport report_;
    BackgroundTask task_;
};

}  // namespace medsam::ui
