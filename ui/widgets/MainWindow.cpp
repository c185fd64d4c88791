#include "ui/widgets/MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <cstdio>
#include <tuple>

#include "resources/Resources.h"
#include "storage/db/ProjectStats.h"
#include "ui/model/Language.h"
#include "ui/view3d/View3DWidget.h"
#include "ui/widgets/AgentPanel.h"
#include "ui/widgets/AiPromptPanel.h"
#include "ui/widgets/ExportDialog.h"
#include "ui/widgets/HelpDialogs.h"
#include "ui/widgets/HistogramWidget.h"
#include "ui/widgets/LabelTableWidget.h"
#include "ui/widgets/PaintbrushPanel.h"
#include "ui/widgets/ProjectOverviewDialog.h"
#include "ui/widgets/SeriesPickerDialog.h"
#include "ui/widgets/SessionsPanel.h"
#include "ui/widgets/SliceViewWidget.h"
#include "ui/widgets/ViewLayoutWidget.h"

namespace medsam::ui {

namespace {
// A function, not a static: translated when a dialog opens, after the translator is installed.
QString imageFilter() {
    return QObject::tr(
        "Images (*.nii *.nii.gz *.hdr *.img *.nrrd *.nhdr *.mha *.mhd *.png *.jpg *.jpeg *.dcm *.db);;All "
        "files "
        "(*)");
}
}  // namespace

MainWindow::MainWindow(StudioModel* studio, QWidget* parent)
    : QMainWindow(parent),
      studio_(studio),
      cursor_(studio->viewer()),
      info_(studio->viewer()),
      shortcuts_(studio->settings()),
      review_(studio) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    createViews();
    createDocks();
    createMenus();
    createStatusBar();

    connect(studio_, &StudioModel::errorOccurred, this, &MainWindow::showError);
    connect(studio_, &StudioModel::seriesChoiceNeeded, this, &MainWindow::chooseSeries);
    connect(studio_, &StudioModel::projectChanged, this, &MainWindow::updateTitle);
    connect(studio_, &StudioModel::imageOpened, this, [this] {
        updateTitle();
        rebuildPresets();
    });
    connect(studio_->recentFiles(), &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    rebuildPresets();
    updateTitle();
    resize(1400, 900);
}

MainWindow::~MainWindow() = default;

void MainWindow::createViews() {
    ViewerModel* viewer = studio_->viewer();
    std::array<QWidget*, LayoutModel::ViewCount> views{};
    const core::AnatomicalPlane planes[3] = {core::AnatomicalPlane::Axial, core::AnatomicalPlane::Coronal,
                                             core::AnatomicalPlane::Sagittal};
    for (int v = 0; v < 3; ++v) {
        const int p = static_cast<int>(planes[v]);
        slices_[p] = new SliceViewModel(planes[v], viewer, this);
        slices_[p]->setBrush(studio_->brush());
        slices_[p]->setAiPrompt(studio_->aiPrompt());
        slices_[p]->setPolygon(studio_->polygon());
        sliceViews_[p] = new SliceViewWidget(slices_[p]);
        connect(sliceViews_[p], &SliceViewWidget::maximiseRequested, this,
                [this, v] { layout_.toggleMaximise(v); });
        views[v] = sliceViews_[p];
    }
    if (View3DWidget::canRender()) {
        view3d_ = new View3DWidget(viewer);
        connect(view3d_, &View3DWidget::maximiseRequested, this,
                [this] { layout_.toggleMaximise(LayoutModel::ThreeD); });
        views[LayoutModel::ThreeD] = view3d_;
    } else {
        auto* placeholder = new QLabel(
            tr("The 3D view needs an OpenGL display (platform '%1')").arg(QGuiApplication::platformName()));
        placeholder->setAlignment(Qt::AlignCenter);
        placeholder->setObjectName(QStringLiteral("view3dPlaceholder"));
        views[LayoutModel::ThreeD] = placeholder;
    }
    setCentralWidget(new ViewLayoutWidget(&layout_, views, this));
}

void MainWindow::createDocks() {
    ViewerModel* viewer = studio_->viewer();

    auto* infoDock = new QDockWidget(tr("Image information"), this);
    infoDock->setObjectName(QStringLiteral("imageInfoDock"));
    auto* infoPanel = new QWidget(infoDock);
    auto* infoLayout = new QVBoxLayout(infoPanel);
    auto* table = new QTableView(infoPanel);
    table->setObjectName(QStringLiteral("imageInfoTable"));
    table->setModel(&info_);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setWordWrap(true);
    connect(&info_, &QAbstractItemModel::modelReset, table, [table] { table->resizeColumnToContents(0); });
    infoLayout->addWidget(table, 3);
    infoLayout->addWidget(new QLabel(tr("Histogram and window")));
    infoLayout->addWidget(new HistogramWidget(viewer, infoPanel), 1);
    infoDock->setWidget(infoPanel);
    addDockWidget(Qt::RightDockWidgetArea, infoDock);

    auto* labelDock = new QDockWidget(tr("Labels"), this);
    labelDock->setObjectName(QStringLiteral("labelsDock"));
    auto* labelPanel = new QWidget(labelDock);
    auto* labelLayout = new QVBoxLayout(labelPanel);
    labelLayout->addWidget(new LabelTableWidget(studio_->labelTable(), labelPanel));
    auto* opacity = new QSlider(Qt::Horizontal, labelPanel);
    opacity->setObjectName(QStringLiteral("overlayOpacity"));
    opacity->setRange(0, 100);
    opacity->setValue(int(viewer->overlayStyle().opacity * 100));
    connect(opacity, &QSlider::valueChanged, viewer,
            [viewer](int v) { viewer->setOverlayOpacity(v / 100.0); });
    labelLayout->addWidget(new QLabel(tr("Overlay opacity")));
    labelLayout->addWidget(opacity);
    auto* outline = new QCheckBox(tr("Outline only"), labelPanel);
    outline->setObjectName(QStringLiteral("overlayOutline"));
    connect(outline, &QCheckBox::toggled, viewer, &ViewerModel::setOverlayOutline);
    labelLayout->addWidget(outline);
    labelDock->setWidget(labelPanel);
    addDockWidget(Qt::RightDockWidgetArea, labelDock);

    // Left: the manual tools, and the AI (the prompt tool with the agent that continues from it), tabbed.
    auto* toolsDock = new QDockWidget(tr("Tools"), this);
    toolsDock->setObjectName(QStringLiteral("toolsDock"));
    toolsDock->setWidget(new PaintbrushPanel(studio_->brush(), studio_->labelTable(), toolsDock));
    addDockWidget(Qt::LeftDockWidgetArea, toolsDock);
    auto* aiDock = new QDockWidget(tr("AI"), this);
    aiDock->setObjectName(QStringLiteral("aiDock"));
    auto* aiPanel = new QWidget(aiDock);
    auto* aiLayout = new QVBoxLayout(aiPanel);
    aiLayout->setContentsMargins(0, 0, 0, 0);
    aiLayout->addWidget(new AiPromptPanel(studio_->aiPrompt(), aiPanel));
    aiLayout->addWidget(new AgentPanel(studio_->agentPanel(), aiPanel), 1);
    auto* propagate = new QPushButton(tr("Propagate through the volume"), aiPanel);
    propagate->setObjectName(QStringLiteral("propagateButton"));
    propagate->setToolTip(
        tr("From the last accepted slice, the agent (the policy above, box if none) segments "
           "the next slices up and down until the structure ends; one undo step."));
    connect(propagate, &QPushButton::clicked, studio_, &StudioModel::propagate);
    auto* pausePropagation = new QPushButton(tr("Pause"), aiPanel);
    pausePropagation->setCheckable(true);
    pausePropagation->setToolTip(
        tr("Pause the propagation after the slice in progress (Cancel is in the status bar)"));
    connect(pausePropagation, &QPushButton::toggled, studio_, &StudioModel::setPropagationPaused);
    connect(studio_->task(), &BackgroundTask::finished, pausePropagation,
            [pausePropagation] { pausePropagation->setChecked(false); });
    auto* propagateRow = new QHBoxLayout;
    propagateRow->addWidget(propagate, 1);
    propagateRow->addWidget(pausePropagation);
    aiLayout->addLayout(propagateRow);
    // Per-slice review of the last propagation: double-click goes to the slice.
    ui::PropagationReviewModel* review = studio_->propagationReview();
    auto* reviewList = new QListView(aiPanel);
    reviewList->setObjectName(QStringLiteral("propagationReview"));
    reviewList->setModel(review);
    reviewList->setMaximumHeight(120);
    aiLayout->addWidget(reviewList);
    auto* reviewButtons = new QHBoxLayout;
    const std::pair<QString, std::function<void(int)>> reviewActions[] = {
        {tr("Accept slice"), [review](int row) { review->accept(row); }},
        {tr("Reject slice"), [review](int row) { review->reject(row); }},
        {tr("Redo slice"), [review](int row) { review->redo(row); }}};
    for (const auto& [text, act] : reviewActions) {
        auto* button = new QPushButton(text, aiPanel);
        const auto action = act;
        connect(button, &QPushButton::clicked, reviewList, [reviewList, action] {
            if (reviewList->currentIndex().isValid()) action(reviewList->currentIndex().row());
        });
        reviewButtons->addWidget(button);
    }
    aiLayout->addLayout(reviewButtons);
    connect(reviewList, &QListView::activated, review,
            [review](const QModelIndex& index) { review->goTo(index.row()); });
    aiDock->setWidget(aiPanel);
    addDockWidget(Qt::LeftDockWidgetArea, aiDock);
    tabifyDockWidget(toolsDock, aiDock);
    aiDock->raise();

    auto* projectDock = new QDockWidget(tr("Project"), this);
    projectDock->setObjectName(QStringLiteral("projectDock"));
    auto* images = new QListView(projectDock);
    images->setObjectName(QStringLiteral("projectImages"));
    images->setModel(studio_->projectImages());
    connect(images, &QListView::activated, this, [this](const QModelIndex& index) {
        studio_->openProjectImage(studio_->projectImages()->imageId(index.row()));
    });
    projectDock->setWidget(images);
    addDockWidget(Qt::RightDockWidgetArea, projectDock);
    tabifyDockWidget(labelDock, projectDock);
    labelDock->raise();

    // Bottom: the sessions browser with replay and review (View > Sessions browser, F9).
    sessionsDock_ = new QDockWidget(tr("Sessions"), this);
    sessionsDock_->setObjectName(QStringLiteral("sessionsDock"));
    sessionsPanel_ = new SessionsPanel(&review_, &shortcuts_, sessionsDock_);
    sessionsDock_->setWidget(sessionsPanel_);
    addDockWidget(Qt::BottomDockWidgetArea, sessionsDock_);
    // Hidden until a project with sessions opens: a person segmenting a bare image has no use for it.
    sessionsDock_->hide();
    connect(review_.browser(), &SessionBrowserModel::countsChanged, this, [this] {
        if (review_.browser()->hasProject() && review_.browser()->totalCount() > 0 && !sessionsShown_) {
            sessionsShown_ = true;
            sessionsDock_->show();
        }
    });
    for (SliceViewModel* slice : slices_) slice->setReplay(review_.replay());
    connect(&review_, &ReviewModel::errorOccurred, this,
            [this](const QString& message) { showError(tr("Review"), message); });
    connect(&review_, &ReviewModel::correctionSaved, this,
            [this](storage::Id, storage::Id, const QString& summary) {
                statusBar()->showMessage(summary, 10000);
            });
    connect(&review_, &ReviewModel::reviewed, this, [this](storage::Id id, storage::ReviewStatus status) {
        statusBar()->showMessage(tr("Session %1: %2").arg(id).arg(SessionBrowserModel::statusText(status)),
                                 5000);
    });
}

void MainWindow::bindShortcut(QAction* action, const QString& id, const QKeySequence& defaultKey) {
    shortcuts_.add(id, QString(action->text()).remove(QLatin1Char('&')), QStringLiteral("main"), defaultKey);
    action->setShortcut(shortcuts_.key(id));
    connect(&shortcuts_, &ShortcutRegistry::changed, action, [this, action, id](const QString& changed) {
        if (changed == id) action->setShortcut(shortcuts_.key(id));
    });
}

void MainWindow::exportSessionsDialog() {
    if (!studio_->hasProject()) {
        showError(tr("Export curated sessions"), tr("open a project first: the export reads its sessions"));
        return;
    }
    export_.setProjectPath(studio_->projectPath());
    export_.setWho(QString::fromStdString(StudioModel::userName()));
    if (export_.outputFolder().isEmpty())
        export_.setOutputFolder(QFileInfo(studio_->projectPath()).absolutePath() + QStringLiteral("/export"));
    ExportDialog dialog(&export_, this);
    dialog.exec();
}

void MainWindow::overviewDialog() {
    const auto project = studio_->project();
    if (!project) {
        showError(tr("Project overview"), tr("open a project first"));
        return;
    }
    try {
        ProjectOverviewDialog(storage::projectStats(*project), this).exec();
    } catch (const std::exception& e) {
        showError(tr("Project overview"), QString::fromStdString(e.what()));
    }
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QToolBar* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    // Every action with a shortcut is bound to an id of the registry, so Settings > Keyboard shortcuts can
    // change it and Help > Keyboard shortcuts lists it.
    auto add = [this](QMenu* menu, const QString& id, const QString& text, const QKeySequence& key, auto slot,
                      const QString& icon = {}) {
        QAction* action = menu->addAction(text);
        if (!icon.isEmpty()) action->setIcon(resources::icon(icon));
        bindShortcut(action, id, key);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    tools->addAction(add(file, QStringLiteral("file.open"), tr("&Open image or project..."),
                         QKeySequence::Open, &MainWindow::openDialog, QStringLiteral("open")));
    tools->addAction(add(file, QStringLiteral("file.openDicom"), tr("Open &DICOM folder..."),
                         QKeySequence(Qt::CTRL | Qt::Key_D), &MainWindow::openDicomDialog,
                         QStringLiteral("open-folder")));
    file->addSeparator();
    add(file, QStringLiteral("file.newProject"), tr("&New project..."), QKeySequence::New,
        &MainWindow::newProjectDialog);
    add(file, QStringLiteral("file.openProject"), tr("Open &project..."),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), &MainWindow::openProjectDialog);
    tools->addAction(add(file, QStringLiteral("file.save"), tr("&Save labels to project"), QKeySequence::Save,
                         &MainWindow::saveToProject, QStringLiteral("save")));
    add(file, QStringLiteral("file.exportLabels"), tr("&Export labels..."),
        QKeySequence(Qt::CTRL | Qt::Key_E), &MainWindow::exportLabelsDialog);
    QAction* exportSessions =
        add(file, QStringLiteral("file.exportSessions"), tr("Export curated &sessions..."),
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), &MainWindow::exportSessionsDialog,
            QStringLiteral("export"));
    file->addSeparator();
    add(file, QStringLiteral("file.loadLabels"), tr("Load &label map..."), QKeySequence(Qt::CTRL | Qt::Key_L),
        &MainWindow::loadLabelMapDialog);
    recentMenu_ = file->addMenu(tr("&Recent files"));
    file->addSeparator();
    add(file, QStringLiteral("file.screenshot"), tr("Save screens&hot..."),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), &MainWindow::saveScreenshotDialog);
    file->addSeparator();
    add(file, QStringLiteral("file.quit"), tr("&Quit"), QKeySequence::Quit, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = studio_->undoStack()->createUndoAction(this, tr("&Undo"));
    bindShortcut(undo, QStringLiteral("edit.undo"), QKeySequence::Undo);
    undo->setIcon(resources::icon(QStringLiteral("undo")));
    QAction* redo = studio_->undoStack()->createRedoAction(this, tr("&Redo"));
    bindShortcut(redo, QStringLiteral("edit.redo"), QKeySequence::Redo);
    redo->setIcon(resources::icon(QStringLiteral("redo")));
    edit->addAction(undo);
    edit->addAction(redo);
    tools->addAction(undo);
    tools->addAction(redo);
    edit->addSeparator();
    struct ToolAction {
        PaintbrushModel::Tool tool;
        const char* id;
        QString text;
        Qt::Key key;
        const char* icon;
    };
    const ToolAction toolActions[] = {
        {PaintbrushModel::Tool::Navigate, "tool.navigate", tr("&Navigate"), Qt::Key_N, "navigate"},
        {PaintbrushModel::Tool::Brush, "tool.brush", tr("&Brush"), Qt::Key_B, "brush"},
        {PaintbrushModel::Tool::Eraser, "tool.eraser", tr("&Eraser"), Qt::Key_E, "eraser"},
        {PaintbrushModel::Tool::AiPrompt, "tool.ai", tr("&AI prompt"), Qt::Key_A, "ai-prompt"},
        {PaintbrushModel::Tool::Polygon, "tool.polygon", tr("&Polygon / lasso"), Qt::Key_P, "polygon"}};
    tools->addSeparator();
    auto* toolGroup = new QActionGroup(this);
    for (const auto& t : toolActions) {
        const PaintbrushModel::Tool tool = t.tool;
        QAction* action = add(
            edit, QString::fromLatin1(t.id), t.text, QKeySequence(t.key),
            [this, tool] { studio_->brush()->setTool(tool); }, QString::fromLatin1(t.icon));
        action->setCheckable(true);
        action->setChecked(studio_->brush()->tool() == tool);
        toolGroup->addAction(action);
        connect(studio_->brush(), &PaintbrushModel::changed, action,
                [this, action, tool] { action->setChecked(studio_->brush()->tool() == tool); });
        tools->addAction(action);
    }
    // Labels 1-9: the n-th row of the label table becomes the active label.
    QMenu* labelMenu = edit->addMenu(tr("Active &label"));
    for (int n = 1; n <= 9; ++n) {
        add(labelMenu, QStringLiteral("label.%1").arg(n), tr("Label in row %1").arg(n),
            QKeySequence(Qt::Key_0 + n), [this, n] {
                LabelTableModel* table = studio_->labelTable();
                if (n - 1 < table->rowCount()) studio_->brush()->setActiveLabel(table->valueAt(n - 1));
            });
    }
    edit->addSeparator();
    add(edit, QStringLiteral("edit.propagate"), tr("&Propagate through the volume"),
        QKeySequence(Qt::CTRL | Qt::Key_P), [this] { studio_->propagate(); });
    // The agent on the AI tool's exchange.
    QMenu* agentMenu = edit->addMenu(tr("A&gent"));
    AgentPanelModel* agent = studio_->agentPanel();
    tools->addSeparator();
    tools->addAction(add(
        agentMenu, QStringLiteral("agent.run"), tr("&Run the agent"), QKeySequence(Qt::CTRL | Qt::Key_Return),
        [agent] { agent->run(); }, QStringLiteral("agent-run")));
    tools->addAction(add(
        agentMenu, QStringLiteral("agent.pause"), tr("&Pause / resume the agent"),
        QKeySequence(Qt::CTRL | Qt::Key_Space),
        [agent] {
            if (agent->state() == AgentPanelModel::State::Paused)
                agent->resume();
            else
                agent->pause();
        },
        QStringLiteral("agent-pause")));
    tools->addAction(add(
        agentMenu, QStringLiteral("agent.step"), tr("&Step the agent one turn"),
        QKeySequence(Qt::CTRL | Qt::Key_Period), [agent] { agent->stepOnce(); },
        QStringLiteral("agent-step")));
    tools->addAction(add(
        agentMenu, QStringLiteral("agent.stop"), tr("S&top the agent"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Period), [agent] { agent->stop(); },
        QStringLiteral("agent-stop")));
    connect(
        studio_, &StudioModel::propagated, this, [this](int slices, const QString& up, const QString& down) {
            statusBar()->showMessage(
                tr("Propagated to %n slice(s); upwards it stopped at %1, downwards at %2", nullptr, slices)
                    .arg(up, down),
                10000);
        });
    connect(studio_, &StudioModel::notice, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(studio_->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(studio_, &StudioModel::labelsSaved, this, [this](int written) {
        statusBar()->showMessage(tr("Saved %n label mask(s) to the project", nullptr, written), 5000);
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto* layouts = new QActionGroup(this);
    tools->addSeparator();
    const std::pair<QString, QString> names[] = {
        {QStringLiteral("1x3"), tr("Layout 1x3 + 3D")},    {QStringLiteral("2x2"), tr("Layout 2x2")},
        {QStringLiteral("axial"), tr("Axial only")},       {QStringLiteral("coronal"), tr("Coronal only")},
        {QStringLiteral("sagittal"), tr("Sagittal only")}, {QStringLiteral("3d"), tr("3D only")}};
    int n = 1;
    for (const auto& [key, text] : names) {
        QAction* action = view->addAction(text);
        action->setCheckable(true);
        bindShortcut(action, QStringLiteral("view.layout.") + key, QKeySequence(Qt::ALT | (Qt::Key_0 + n++)));
        layouts->addAction(action);
        connect(action, &QAction::triggered, this, [this, key] { layout_.setFromName(key); });
        connect(&layout_, &LayoutModel::changed, action,
                [this, action, key] { action->setChecked(layout_.name() == key); });
        action->setChecked(layout_.name() == key);
        if (n <= 3) tools->addAction(action);
    }
    view->addSeparator();
    add(view, QStringLiteral("view.reset"), tr("&Reset views"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] {
        for (auto* slice : slices_) slice->resetView();
        if (view3d_) view3d_->resetCamera();
    });
    // Next / previous slice of the view that is maximised (the axial view in the multi-view layouts).
    auto scroll = [this](int delta) {
        const int shown =
            layout_.layout() == LayoutModel::Layout::Single ? layout_.maximisedView() : LayoutModel::Axial;
        if (shown < LayoutModel::ThreeD) slices_[static_cast<std::size_t>(shown)]->scrollSlices(delta);
    };
    add(view, QStringLiteral("slice.next"), tr("&Next slice"), QKeySequence(Qt::Key_Period),
        [scroll] { scroll(1); });
    add(view, QStringLiteral("slice.previous"), tr("P&revious slice"), QKeySequence(Qt::Key_Comma),
        [scroll] { scroll(-1); });
    view->addSeparator();
    QAction* sessionsAction = sessionsDock_->toggleViewAction();
    sessionsAction->setText(tr("&Sessions browser"));
    sessionsAction->setIcon(resources::icon(QStringLiteral("sessions")));
    bindShortcut(sessionsAction, QStringLiteral("view.sessions"), QKeySequence(Qt::Key_F9));
    view->addAction(sessionsAction);
    tools->addSeparator();
    tools->addAction(sessionsAction);
    presetMenu_ = view->addMenu(tr("&Window/level preset"));
    tools->addSeparator();
    auto* windowLabel = new QLabel(tr("Window:"));
    windowLabel->setContentsMargins(8, 0, 4, 0);
    tools->addWidget(windowLabel);
    presetCombo_ = new QComboBox(this);
    presetCombo_->setObjectName(QStringLiteral("presetCombo"));
    presetCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(presetCombo_, &QComboBox::activated, studio_->viewer(), [this](int index) {
        studio_->viewer()->applyWindowPreset(presetCombo_->itemData(index).toString());
    });
    tools->addWidget(presetCombo_);

    QMenu* project = menuBar()->addMenu(tr("&Project"));
    tools->addAction(add(project, QStringLiteral("project.overview"), tr("&Overview..."),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), &MainWindow::overviewDialog,
                         QStringLiteral("overview")));
    project->addAction(sessionsAction);
    project->addAction(exportSessions);

    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    QAction* sam = settings->addAction(tr("Use a &SAM-family model folder..."));
    connect(sam, &QAction::triggered, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("SAM-family model folder (encoder.pt, decoder.pt, model.json)"), studio_->samModel());
        if (!folder.isEmpty()) studio_->setSamModel(folder);
    });
    QAction* classical = settings->addAction(tr("Use the &weight-free tool (default)"));
    connect(classical, &QAction::triggered, this, [this] { studio_->setSamModel({}); });
    settings->addSeparator();
    QMenu* languages = settings->addMenu(tr("&Language"));
    auto* languageGroup = new QActionGroup(languages);
    const QString current = studio_->settings() ? languageSetting(*studio_->settings()) : QString();
    auto chooseLanguage = [this](const QString& code) {
        if (studio_->settings() && setLanguage(*studio_->settings(), code))
            statusBar()->showMessage(tr("The new language applies at the next start."), 8000);
    };
    QAction* system = languages->addAction(tr("System language"));
    connect(system, &QAction::triggered, this, [chooseLanguage] { chooseLanguage({}); });
    languages->addSeparator();
    for (const QString& code : availableLanguages()) {
        QAction* action = languages->addAction(languageName(code));
        action->setObjectName(QStringLiteral("language_") + code);
        action->setCheckable(true);
        action->setChecked(code == current);
        languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [chooseLanguage, code] { chooseLanguage(code); });
    }
    QAction* keys =
        settings->addAction(resources::icon(QStringLiteral("settings")), tr("&Keyboard shortcuts..."));
    connect(keys, &QAction::triggered, this, [this] { ShortcutsDialog(&shortcuts_, true, this).exec(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(
        help, QStringLiteral("help.shortcuts"), tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1),
        [this] { ShortcutsDialog(&shortcuts_, false, this).exec(); }, QStringLiteral("help"));
    QAction* about = help->addAction(tr("&About MedSAM Agent Studio"));
    connect(about, &QAction::triggered, this, [this] { AboutDialog(this).exec(); });

    // The sessions panel's keys (they act while it has the focus; see SessionsPanel).
    const std::tuple<const char*, QString, Qt::Key> reviewKeys[] = {
        {"review.approve", tr("Approve the session and go to the next"), Qt::Key_A},
        {"review.reject", tr("Reject the session and go to the next"), Qt::Key_R},
        {"review.correct", tr("Mark the session for correction and correct it"), Qt::Key_C},
        {"review.next", tr("Next session"), Qt::Key_N},
        {"review.previous", tr("Previous session"), Qt::Key_P}};
    for (const auto& [id, text, key] : reviewKeys)
        shortcuts_.add(QString::fromLatin1(id), text, QStringLiteral("sessions"), QKeySequence(key));
}

void MainWindow::createStatusBar() {
    cursorLabel_ = new QLabel(cursor_.text(), this);
    cursorLabel_->setObjectName(QStringLiteral("cursorLabel"));
    statusBar()->addWidget(cursorLabel_, 1);
    connect(&cursor_, &CursorInspectionModel::changed, cursorLabel_,
            [this] { cursorLabel_->setText(cursor_.text()); });
    taskLabel_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("taskProgress"));
    progress_->setMaximumWidth(220);
    cancel_ = new QToolButton(this);
    cancel_->setObjectName(QStringLiteral("taskCancel"));
    cancel_->setText(tr("Cancel"));
    for (QWidget* w : {static_cast<QWidget*>(taskLabel_), static_cast<QWidget*>(progress_),
                       static_cast<QWidget*>(cancel_)}) {
        statusBar()->addPermanentWidget(w);
        w->hide();
    }
    BackgroundTask* task = studio_->task();
    connect(cancel_, &QToolButton::clicked, studio_, &StudioModel::cancel);
    connect(task, &BackgroundTask::started, this, [this](const QString& title) {
        taskLabel_->setText(title);
        progress_->setRange(0, 0);  // busy until the first report
        for (QWidget* w : {static_cast<QWidget*>(taskLabel_), static_cast<QWidget*>(progress_),
                           static_cast<QWidget*>(cancel_)})
            w->show();
    });
    connect(task, &BackgroundTask::progress, this, [this](qint64 done, qint64 total, const QString& what) {
        taskLabel_->setText(what);
        if (total > 0) {
            progress_->setRange(0, 1000);
            progress_->setValue(int(1000 * done / total));
        } else {
            progress_->setRange(0, 0);
        }
    });
    connect(task, &BackgroundTask::finished, this, [this] {
        for (QWidget* w : {static_cast<QWidget*>(taskLabel_), static_cast<QWidget*>(progress_),
                           static_cast<QWidget*>(cancel_)})
            w->hide();
    });
    connect(task, &BackgroundTask::cancelled, this,
            [this] { statusBar()->showMessage(tr("Cancelled"), 4000); });
}

bool MainWindow::isSettled() const {
    if (studio_->busy()) return false;
    if (!studio_->viewer()->hasImage()) return true;
    for (int v = 0; v < 3; ++v) {
        if (layout_.isVisible(v) && !sliceViews_[static_cast<std::size_t>(2 - v)]->hasDrawn()) return false;
    }
    return !layout_.isVisible(LayoutModel::ThreeD) || !view3d_ || view3d_->isUpToDate();
}

void MainWindow::showError(const QString& title, const QString& message) {
    std::fprintf(stderr, "medsam-studio: %s: %s\n", qPrintable(title), qPrintable(message));
    Q_EMIT errorShown(title, message);
    if (interactive_) QMessageBox::critical(this, title, message);
}

void MainWindow::chooseSeries() {
    if (!interactive_) {
        studio_->loadSeries(0);  // --screenshot and tests: the first series, as listed
        return;
    }
    SeriesPickerDialog dialog(studio_->seriesList(), this);
    if (dialog.exec() == QDialog::Accepted && dialog.selectedRow() >= 0)
        studio_->loadSeries(dialog.selectedRow());
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList paths = studio_->recentFiles()->paths();
    for (const QString& path : paths) {
        QAction* action = recentMenu_->addAction(path);
        connect(action, &QAction::triggered, this, [this, path] { studio_->open(path); });
    }
    if (!paths.isEmpty()) {
        recentMenu_->addSeparator();
        connect(recentMenu_->addAction(tr("Clear list")), &QAction::triggered, studio_->recentFiles(),
                &RecentFiles::clear);
    }
    recentMenu_->setEnabled(!paths.isEmpty());
}

void MainWindow::rebuildPresets() {
    const QStringList names = studio_->viewer()->windowPresetNames();
    presetMenu_->clear();
    presetCombo_->clear();
    for (const QString& name : names) {
        const QString title = ViewerModel::windowPresetTitle(name);
        connect(presetMenu_->addAction(title), &QAction::triggered, studio_->viewer(),
                [this, name] { studio_->viewer()->applyWindowPreset(name); });
        presetCombo_->addItem(title, name);
    }
}

void MainWindow::updateTitle() {
    QString title = tr("MedSAM Agent Studio");
    if (studio_->viewer()->hasImage())
        title = studio_->viewer()->image().displayName + QStringLiteral(" - ") + title;
    if (studio_->hasProject())
        title += QStringLiteral(" [%1]").arg(QFileInfo(studio_->projectPath()).fileName());
    else if (studio_->viewer()->hasImage())
        title += QStringLiteral(" [%1]").arg(tr("not in a project"));
    if (studio_->labelsModified()) title.prepend(QStringLiteral("* "));  // unsaved label edits
    setWindowTitle(title);
}

void MainWindow::openDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open image or project"), {}, imageFilter());
    if (!path.isEmpty()) studio_->open(path);
}

void MainWindow::openDicomDialog() {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open DICOM folder"));
    if (!path.isEmpty()) studio_->openDicom(path);
}

void MainWindow::openProjectDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open project"), {}, tr("Projects (*.db);;All files (*)"));
    if (!path.isEmpty()) studio_->openProject(path);
}

void MainWindow::newProjectDialog() {
    QString path = QFileDialog::getSaveFileName(this, tr("New project"), {}, tr("Projects (*.db)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QLatin1String(".db"))) path += QStringLiteral(".db");
    studio_->newProject(path);
}

void MainWindow::saveToProject() {
    if (!studio_->viewer()->hasImage()) return;
    if (studio_->hasProject()) {
        studio_->saveLabels();
        return;
    }
    if (QMessageBox::question(
            this, tr("Create a project?"),
            tr("The image is not in a project yet. Create a project, add the image and save its "
               "labels there?")) != QMessageBox::Yes)
        return;
    newProjectDialog();
    studio_->whenIdle([this] {
        if (studio_->hasProject() && studio_->viewer()->labelMap()) studio_->saveLabels();
    });
}

void MainWindow::exportLabelsDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export labels"), {},
                                                      tr("Label maps (*.nii.gz *.nii *.nrrd *.mha)"));
    if (!path.isEmpty()) studio_->exportLabels(path);
}

void MainWindow::loadLabelMapDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load label map"), {}, imageFilter());
    if (!path.isEmpty()) studio_->loadLabelMap(path);
}

void MainWindow::saveScreenshotDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save screenshot"), {}, tr("PNG (*.png)"));
    if (!path.isEmpty() && !grab().save(path, "PNG")) showError(tr("Cannot save the screenshot"), path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.front().isLocalFile()) return;
    studio_->open(urls.front().toLocalFile());
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    studio_->cancel();
    studio_->task()->wait();
    event->accept();
}

}  // namespace medsam::ui
