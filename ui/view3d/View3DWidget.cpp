#include "ui/view3d/View3DWidget.h"

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLState.h>
#include <vtkPlaneSource.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkVersion.h>

#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <QWheelEvent>
#include <array>

#include "ui/view3d/LabelSurfaces.h"

namespace medsam::ui {

struct View3DWidget::Vtk {
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window =
        vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    vtkSmartPointer<vtkRenderer> renderer = vtkSmartPointer<vtkRenderer>::New();
    vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor =
        vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
    std::vector<std::pair<std::uint16_t, vtkSmartPointer<vtkActor>>> surfaceActors;
    std::array<vtkSmartPointer<vtkPlaneSource>, 3> planes;
    std::array<vtkSmartPointer<vtkActor>, 3> planeActors;
    std::array<vtkSmartPointer<vtkActor>, 3> frameActors;
    std::vector<unsigned long> observers;
    std::vector<LabelSurface> surfaces;
};

namespace {

// Colours of the slice planes, matching the slice views' frames (SliceViewWidget::accentColor), by plane.
constexpr double kPlaneColors[3][3] = {{0.35, 0.55, 1.0}, {0.31, 0.78, 0.31}, {0.9, 0.31, 0.31}};

}  // namespace

View3DWidget::View3DWidget(ViewerModel* viewer, QWidget* parent)
    : QOpenGLWidget(parent), viewer_(viewer), vtk_(std::make_unique<Vtk>()) {
    setObjectName(QStringLiteral("view3d"));
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(120, 120);
    QSurfaceFormat format = QSurfaceFormat::defaultFormat();
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    setFormat(format);

    vtk_->window->SetOwnContext(false);
    vtk_->window->SetFrameBlitModeToNoBlit();
    vtk_->window->AddRenderer(vtk_->renderer);
    vtk_->renderer->SetBackground(0.08, 0.08, 0.1);
    vtk_->renderer->SetBackground2(0.22, 0.22, 0.28);
    vtk_->renderer->GradientBackgroundOn();
    vtk_->interactor->SetRenderWindow(vtk_->window);
    vtk_->interactor->SetInteractorStyle(vtkSmartPointer<vtkInteractorStyleTrackballCamera>::New());
    // The interactor style would render outside paintGL: let it only move the camera and repaint through Qt.
    vtk_->interactor->EnableRenderOff();

    for (int p = 0; p < 3; ++p) {
        vtk_->planes[p] = vtkSmartPointer<vtkPlaneSource>::New();
        auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
        mapper->SetInputConnection(vtk_->planes[p]->GetOutputPort());
        // A translucent fill and an opaque frame (a wireframe of the one quad: no triangulation diagonal).
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        actor->GetProperty()->SetColor(kPlaneColors[p][0], kPlaneColors[p][1], kPlaneColors[p][2]);
        actor->GetProperty()->SetOpacity(0.15);
        actor->GetProperty()->LightingOff();
        auto frame = vtkSmartPointer<vtkActor>::New();
        frame->SetMapper(mapper);
        frame->GetProperty()->SetColor(kPlaneColors[p][0], kPlaneColors[p][1], kPlaneColors[p][2]);
        frame->GetProperty()->SetRepresentationToWireframe();
        frame->GetProperty()->SetLineWidth(2.0);
        frame->GetProperty()->LightingOff();
        for (auto& a : {actor, frame}) {
            a->VisibilityOff();
            vtk_->renderer->AddActor(a);
        }
        vtk_->planeActors[p] = actor;
        vtk_->frameActors[p] = frame;
    }

    // VTK asks its host to make the context current and whether it is: the recipe of stack-notes.md (calling
    // QOpenGLWidget::makeCurrent() here would rebind Qt's framebuffer behind VTK's state cache).
    auto makeCurrent = vtkSmartPointer<vtkCallbackCommand>::New();
    makeCurrent->SetClientData(this);
    makeCurrent->SetCallback([](vtkObject*, unsigned long, void* client, void*) {
        auto* self = static_cast<View3DWidget*>(client);
        if (self->context() && QOpenGLContext::currentContext() != self->context())
            self->context()->makeCurrent(self->context()->surface());
    });
    vtk_->observers.push_back(vtk_->window->AddObserver(vtkCommand::WindowMakeCurrentEvent, makeCurrent));
    auto isCurrent = vtkSmartPointer<vtkCallbackCommand>::New();
    isCurrent->SetClientData(this);
    isCurrent->SetCallback([](vtkObject*, unsigned long, void* client, void* data) {
        auto* self = static_cast<View3DWidget*>(client);
        *static_cast<bool*>(data) = self->context() && QOpenGLContext::currentContext() == self->context();
    });
    vtk_->observers.push_back(vtk_->window->AddObserver(vtkCommand::WindowIsCurrentEvent, isCurrent));
    auto yes = vtkSmartPointer<vtkCallbackCommand>::New();
    yes->SetCallback([](vtkObject*, unsigned long, void*, void* data) { *static_cast<int*>(data) = 1; });
    vtk_->observers.push_back(vtk_->window->AddObserver(vtkCommand::WindowSupportsOpenGLEvent, yes));
    vtk_->observers.push_back(vtk_->window->AddObserver(vtkCommand::WindowIsDirectEvent, yes));

    connect(viewer_, &ViewerModel::imageChanged, this, [this] {
        cameraPending_ = true;
        updateSlicePlanes();
    });
    connect(viewer_, &ViewerModel::labelsChanged, this, &View3DWidget::scheduleExtraction);
    connect(viewer_, &ViewerModel::overlayChanged, this, &View3DWidget::updateColors);
    connect(viewer_, &ViewerModel::cursorChanged, this, &View3DWidget::updateSlicePlanes);
    connect(&extraction_, &BackgroundTask::finished, this, [this] {
        if (extractionPending_) scheduleExtraction();
    });
}

View3DWidget::~View3DWidget() {
    extraction_.cancel();
    extraction_.wait();
    for (unsigned long tag : vtk_->observers) vtk_->window->RemoveObserver(tag);
    makeCurrent();
    vtk_->window->Finalize();
    doneCurrent();
}

QString View3DWidget::vtkVersionText() {
    return QString::fromLatin1(::vtkVersion::GetVTKVersion());
}

bool View3DWidget::canRender() {
    const QString platform = QGuiApplication::platformName();
    return platform != QLatin1String("offscreen") && platform != QLatin1String("minimal");
}

std::size_t View3DWidget::surfaceCount() const {
    return vtk_->surfaces.size();
}

bool View3DWidget::isUpToDate() const {
    return !extraction_.isRunning() && !extractionPending_ && drawnLatest_;
}

void View3DWidget::scheduleExtraction() {
    if (extraction_.isRunning()) {
        extractionPending_ = true;
        extraction_.cancel();
        return;
    }
    extractionPending_ = false;
    drawnLatest_ = false;
    const auto labels = viewer_->labelMap();
    const auto values = viewer_->labelValues();
    auto result = std::make_shared<std::vector<LabelSurface>>();
    extraction_.start(
        tr("Extracting surfaces"),
        [labels, values, result](TaskContext& ctx) {
            if (labels) *result = extractLabelSurfaces(labels->labels, values, ctx.cancelFlag());
        },
        [this, result] {
            vtk_->surfaces = std::move(*result);
            rebuildSurfaceActors();
        });
}

void View3DWidget::rebuildSurfaceActors() {
    for (auto& [value, actor] : vtk_->surfaceActors) vtk_->renderer->RemoveActor(actor);
    vtk_->surfaceActors.clear();
    for (const auto& surface : vtk_->surfaces) {
        auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
        mapper->SetInputData(surface.mesh);
        mapper->ScalarVisibilityOff();
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        actor->GetProperty()->SetSpecular(0.3);
        actor->GetProperty()->SetSpecularPower(20);
        vtk_->renderer->AddActor(actor);
        vtk_->surfaceActors.emplace_back(surface.value, actor);
    }
    updateColors();
    drawnLatest_ = false;
    update();
}

void View3DWidget::updateColors() {
    const auto& colors = viewer_->labelColors();
    for (auto& [value, actor] : vtk_->surfaceActors) {
        if (value >= colors.size()) continue;
        const auto& c = colors[value];
        actor->GetProperty()->SetColor(c.r / 255.0, c.g / 255.0, c.b / 255.0);
        actor->SetVisibility(c.alpha > 0);
    }
    update();
}

void View3DWidget::updateSlicePlanes() {
    if (!viewer_->hasImage()) {
        for (int p = 0; p < 3; ++p) {
            vtk_->planeActors[p]->VisibilityOff();
            vtk_->frameActors[p]->VisibilityOff();
        }
        update();
        return;
    }
    const auto& g = viewer_->geometry();
    const auto cursor = viewer_->cursor();
    const auto normals = core::planeNormalAxes(g);
    for (int p = 0; p < 3; ++p) {
        const int n = normals[p];
        const auto [u, v] = core::inPlaneAxes(n);
        // Corners of the slice's voxel footprint (index -0.5 .. size-0.5) in patient space.
        core::Vec3 o{0, 0, 0};
        o[n] = cursor[n];
        o[u] = -0.5;
        o[v] = -0.5;
        core::Vec3 a = o, b = o;
        a[u] = g.size[u] - 0.5;
        b[v] = g.size[v] - 0.5;
        const auto wo = g.indexToWorld(o), wa = g.indexToWorld(a), wb = g.indexToWorld(b);
        vtk_->planes[p]->SetOrigin(wo[0], wo[1], wo[2]);
        vtk_->planes[p]->SetPoint1(wa[0], wa[1], wa[2]);
        vtk_->planes[p]->SetPoint2(wb[0], wb[1], wb[2]);
        vtk_->planeActors[p]->VisibilityOn();
        vtk_->frameActors[p]->VisibilityOn();
    }
    update();
}

void View3DWidget::resetCamera() {
    vtkCamera* camera = vtk_->renderer->GetActiveCamera();
    // Seen from the front (anterior is -y in LPS), head up (+z): how the coronal view shows the patient.
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0, -1, 0);
    camera->SetViewUp(0, 0, 1);
    camera->Azimuth(30);
    camera->Elevation(15);
    vtk_->renderer->ResetCamera();
    camera->Zoom(1.3);  // the bounds include the slice planes' corners; come closer to the anatomy
    camera->OrthogonalizeViewUp();
    update();
}

void View3DWidget::initializeGL() {
    vtk_->window->SetReadyForRendering(false);
    vtk_->window->OpenGLInitContext();
}

void View3DWidget::resizeGL(int w, int h) {
    const qreal ratio = devicePixelRatioF();
    vtk_->window->SetSize(int(w * ratio), int(h * ratio));
    vtk_->interactor->SetSize(int(w * ratio), int(h * ratio));
}

void View3DWidget::paintGL() {
    if (cameraPending_ && viewer_->hasImage()) {
        cameraPending_ = false;
        resetCamera();
    }
    vtkOpenGLState* state = vtk_->window->GetState();
    state->Reset();
    state->Push();
    state->vtkglDepthFunc(GL_LEQUAL);  // Qt leaves GL_LESS; VTK expects LEQUAL
    vtk_->window->SetReadyForRendering(true);
    vtk_->window->Render();
    vtk_->window->SetReadyForRendering(false);
    // NoBlit mode: VTK rendered into its own framebuffer; copy it into the one Qt composes from.
    context()->makeCurrent(context()->surface());
    context()->functions()->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    vtk_->window->BlitDisplayFramebuffer();
    state->Pop();
    // grab() reads alpha: make the whole frame opaque or the picture comes out transparent.
    auto* gl = context()->functions();
    gl->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
    gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    gl->glClearColor(0, 0, 0, 1);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    if (!drawnLatest_ && !extraction_.isRunning() && !extractionPending_) {
        drawnLatest_ = true;
        QMetaObject::invokeMethod(this, &View3DWidget::upToDate, Qt::QueuedConnection);
    }
}

void View3DWidget::forwardMouse(QMouseEvent* event, unsigned long vtkEvent) {
    const qreal ratio = devicePixelRatioF();
    const QPointF p = event->position() * ratio;
    vtk_->interactor->SetEventInformationFlipY(int(p.x()), int(p.y()),
                                               event->modifiers() & Qt::ControlModifier,
                                               event->modifiers() & Qt::ShiftModifier);
    vtk_->interactor->InvokeEvent(vtkEvent, nullptr);
    update();
}

namespace {
// The VTK event for a Qt button going down or up; 0 for buttons VTK's trackball style does not use.
unsigned long vtkButtonEvent(Qt::MouseButton button, bool press) {
    switch (button) {
        case Qt::LeftButton:
            return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
        case Qt::MiddleButton:
            return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
        case Qt::RightButton:
            return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
        default:
            return 0;
    }
}
}  // namespace

void View3DWidget::mousePressEvent(QMouseEvent* event) {
    if (const unsigned long e = vtkButtonEvent(event->button(), true)) forwardMouse(event, e);
}

void View3DWidget::mouseReleaseEvent(QMouseEvent* event) {
    if (const unsigned long e = vtkButtonEvent(event->button(), false)) forwardMouse(event, e);
}

void View3DWidget::mouseMoveEvent(QMouseEvent* event) {
    forwardMouse(event, vtkCommand::MouseMoveEvent);
}

void View3DWidget::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) Q_EMIT maximiseRequested();
}

void View3DWidget::wheelEvent(QWheelEvent* event) {
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0) return;
    vtk_->renderer->GetActiveCamera()->Zoom(std::pow(1.1, steps));
    update();
    event->accept();
}

void View3DWidget::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_R)
        resetCamera();
    else if (event->key() == Qt::Key_F)
        Q_EMIT maximiseRequested();
    else
        QOpenGLWidget::keyPressEvent(event);
}

}  // namespace medsam::ui
