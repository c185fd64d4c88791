#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QUndoStack>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "storage/db/Records.h"
#include "ui/model/AgentPanelModel.h"
#include "ui/model/AiPromptModel.h"
#include "ui/model/BackgroundTask.h"
#include "ui/model/LabelTableModel.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/PolygonModel.h"
#include "ui/model/ProjectImagesModel.h"
#include "ui/model/PropagationReviewModel.h"
#include "ui/model/RecentFiles.h"
#include "ui/model/SeriesListModel.h"
#include "ui/model/ViewerModel.h"

namespace medsam::storage {
class ProjectDb;
}

namespace medsam::ui {

// The document behind the main window: what is open (a project, an image in it or a bare image, a label map)
// and every way of opening things. Decoding, hashing and opening a database run on a BackgroundTask; this
// class turns their results into ViewerModel state and remembers per-image settings in the project.
class StudioModel : public QObject {
    Q_OBJECT
public:
    enum class PathKind { Project, Dicom, Image, Missing, Unknown };
    static PathKind classify(const QString& path);

    explicit StudioModel(QSettings* settings, QObject* parent = nullptr);
    ~StudioModel() override;

    ViewerModel* viewer() { return &viewer_; }
    QSettings* settings() const { return settings_; }
    BackgroundTask* task() { return &task_; }
    RecentFiles* recentFiles() { return &recent_; }
    SeriesListModel* seriesList() { return &series_; }
    ProjectImagesModel* projectImages() { return &projectImages_; }
    QUndoStack* undoStack() { return &undo_; }
    PaintbrushModel* brush() { return &brush_; }
    LabelTableModel* labelTable() { return &labelTable_; }
    AiPromptModel* aiPrompt() { return &ai_; }
    AgentPanelModel* agentPanel() { return &agent_; }
    PolygonModel* polygon() { return &polygon_; }
    PropagationReviewModel* propagationReview() { return &review_; }

    // A project .db, a DICOM folder or file, or an image file. An unknown or missing path is an error signal.
    void open(const QString& path);
    void openImage(const QString& path);
    void openDicom(const QString& path);  // scans; one series loads, several ask seriesChoiceNeeded()
    void loadSeries(int row);             // a row of seriesList()
    // An existing project; its first image opens unless `openFirstImage` is false.
    void openProject(const QString& path, bool openFirstImage = true);
    void newProject(const QString& path);  // creates it; the open bare image (if any) is added to it
    void openProjectImage(storage::Id imageId);
    void loadLabelMap(const QString& path);  // must be on the open image's grid
    // Stores the label map in the project (one final-mask version per changed label); an error without one.
    void saveLabels();
    void exportLabels(const QString& path);  // NIfTI/NRRD/MetaImage by extension, on the image's geometry
    bool labelsModified() const { return !undo_.isClean(); }
    // Runs the agent slice by slice up and down from the last accepted AI slice (agent/propagation), with the
    // agent panel's policy and reference; the result is one undo step in the active label, and each slice is
    // its own recorded session of one propagation run (settings: {"propagation": run id, "from": start
    // slice}).
    void propagate();
    // Pauses a running propagation after the slice in progress (cancel with cancel()).
    void setPropagationPaused(bool paused) { propagationPaused_->store(paused); }
    bool propagationPaused() const { return propagationPaused_->load(); }
    // The segmenter of the AI tool, the agent and propagation: a SAM-family model folder (TorchScript files +
    // model.json, loaded through the torch plugin on the worker with the first prompt), or empty for the
    // weight-free default. Remembered in QSettings ("ai/samModel").
    void setSamModel(const QString& folder);
    QString samModel() const { return samModel_; }
    std::optional<core::SliceRef> lastAcceptedSlice() const { return lastAccepted_; }
    void cancel() { task_.cancel(); }

    bool hasProject() const { return static_cast<bool>(project_); }
    // The open project, shared with presenters that query it on the UI thread (sessions browser, review).
    std::shared_ptr<storage::ProjectDb> project() const { return project_; }
    // Who acts in this process (the audit log's "who", a session's annotator, a review's reviewer): $USER.
    static std::string userName();
    QString projectPath() const;
    std::optional<storage::Id> currentImageId() const { return imageId_; }
    bool busy() const { return task_.isRunning() || !queue_.empty(); }

    // Runs `action` once no job is running (at once when idle); a failed or cancelled job drops the queue.
    // Lets a caller chain "open project, then the image, then the label map" without nesting callbacks.
    void whenIdle(std::function<void()> action);

Q_SIGNALS:
    void errorOccurred(const QString& title, const QString& message);
    void seriesChoiceNeeded();
    void projectChanged();
    void imageOpened();
    void labelMapOpened();
    void labelsSaved(int labelsWritten);
    void propagated(int slices, const QString& stopUp, const QString& stopDown);
    void notice(const QString& message);  // something a person should know, not an error
    void idle();

private:
    void startLoad(const QString& title, std::function<core::Volume(TaskContext&)> read, const QString& path);
    void refreshProjectImages();
    void rememberWindow();
    void rememberLabel(const core::LabelInfo& info);
    void recordPromptStep(const core::SliceRef& slice, const core::Step& step);
    void endPromptSession(core::Outcome outcome, const core::Mask& finalMask);
    void runQueue();
    bool startTask(const QString& title, BackgroundTask::Work work, std::function<void()> onSuccess);
    void fail(const QString& title, const QString& message);

    QSettings* settings_;
    ViewerModel viewer_;
    QUndoStack undo_;
    PaintbrushModel brush_{&viewer_, &undo_};
    LabelTableModel labelTable_{&viewer_, &undo_};
    AiPromptModel ai_{&viewer_, &brush_, &undo_};
    AgentPanelModel agent_{&viewer_, &ai_};
    PolygonModel polygon_{&viewer_, &brush_, &undo_};
    PropagationReviewModel review_{&viewer_, &brush_, &undo_};
    std::optional<storage::Id> promptSession_;
    std::optional<core::SliceRef> lastAccepted_;
    std::shared_ptr<std::atomic<bool>> propagationPaused_ = std::make_shared<std::atomic<bool>>(false);
    QString samModel_;
    BackgroundTask task_;
    RecentFiles recent_;
    SeriesListModel series_;
    ProjectImagesModel projectImages_;
    QString dicomPath_;
    std::shared_ptr<storage::ProjectDb> project_;
    std::optional<storage::Id> imageId_;
    std::vector<std::function<void()>> queue_;
    QString failingTitle_;
};

}  // namespace medsam::ui
