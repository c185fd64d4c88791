#pragma once

#include <QMainWindow>
#include <array>

#include "ui/model/CursorInspectionModel.h"
#include "ui/model/ExportModel.h"
#include "ui/model/ImageInfoModel.h"
#include "ui/model/LayoutModel.h"
#include "ui/model/ReviewModel.h"
#include "ui/model/ShortcutRegistry.h"
#include "ui/model/SliceViewModel.h"
#include "ui/model/StudioModel.h"

class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;

namespace medsam::ui {

class SessionsPanel;
class SliceViewWidget;
class View3DWidget;

// The main window: menus, tool bar, the four views in their layout, the information / labels / project docks
// and the status bar (cursor report, progress of the running job with Cancel). It wires presenters to widgets
// and holds no logic of its own: opening, loading and remembering live in StudioModel.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(StudioModel* studio, QWidget* parent = nullptr);
    ~MainWindow() override;

    LayoutModel* layoutModel() { return &layout_; }
    SliceViewModel* sliceModel(core::AnatomicalPlane plane) { return slices_[static_cast<int>(plane)]; }
    SliceViewWidget* sliceView(core::AnatomicalPlane plane) { return sliceViews_[static_cast<int>(plane)]; }
    View3DWidget* view3d() { return view3d_; }
    CursorInspectionModel* cursorInspection() { return &cursor_; }
    QLabel* cursorLabel() { return cursorLabel_; }
    ReviewModel* review() { return &review_; }
    ShortcutRegistry* shortcuts() { return &shortcuts_; }
    ExportModel* exportModel() { return &export_; }
    SessionsPanel* sessionsPanel() { return sessionsPanel_; }
    QDockWidget* sessionsDock() { return sessionsDock_; }

    // Off for --screenshot and tests: errors go to the errorShown signal (and stderr), never to a modal box.
    void setInteractive(bool interactive) { interactive_ = interactive; }
    // Every visible view has drawn the current image (the 3D view its latest surfaces) and no job runs.
    bool isSettled() const;

Q_SIGNALS:
    void errorShown(const QString& title, const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createViews();
    void createDocks();
    void createMenus();
    void createStatusBar();
    void showError(const QString& title, const QString& message);
    void chooseSeries();
    void rebuildRecentMenu();
    void rebuildPresets();
    void updateTitle();
    void openDialog();
    void openDicomDialog();
    void openProjectDialog();
    void newProjectDialog();
    void saveToProject();
    void exportLabelsDialog();
    void loadLabelMapDialog();
    void saveScreenshotDialog();
    void exportSessionsDialog();
    void overviewDialog();
    // Gives `action` the registry's key for `id` (registering it with `defaultKey`) and follows changes.
    void bindShortcut(QAction* action, const QString& id, const QKeySequence& defaultKey);

    StudioModel* studio_;
    LayoutModel layout_;
    CursorInspectionModel cursor_;
    ImageInfoModel info_;
    ShortcutRegistry shortcuts_;
    ReviewModel review_;
    ExportModel export_;
    QDockWidget* sessionsDock_ = nullptr;
    SessionsPanel* sessionsPanel_ = nullptr;
    bool sessionsShown_ = false;
    std::array<SliceViewModel*, 3> slices_{};
    std::array<SliceViewWidget*, 3> sliceViews_{};
    View3DWidget* view3d_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* presetMenu_ = nullptr;
    QComboBox* presetCombo_ = nullptr;
    QLabel* cursorLabel_ = nullptr;
    QLabel* taskLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancel_ = nullptr;
    bool interactive_ = true;
};

}  // namespace medsam::ui
