#pragma once

#include <QOpenGLWidget>
#include <memory>
#include <vector>

#include "ui/model/BackgroundTask.h"
#include "ui/model/ViewerModel.h"

class vtkActor;
class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkRenderer;

namespace medsam::ui {

// VTK stays inside the .cpp (the pimpl below): users of this widget need no VTK headers.
// The 3D view: label surfaces (one colour per label, hidden with the label) and the three slice planes at the
// cursor, drawn by VTK inside our own QOpenGLWidget (Debian's VTK has no Qt 6 widget; the recipe is in
// ../shared/docs/stack-notes.md). Surfaces are extracted on a worker whenever the label map changes.
// Left drag rotates, right drag or wheel zooms, middle drag pans, R resets the camera.
class View3DWidget : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit View3DWidget(ViewerModel* viewer, QWidget* parent = nullptr);
    ~View3DWidget() override;

    // False on Qt platforms without OpenGL windows (offscreen, minimal), where a QOpenGLWidget crashes
    // Qt 6.4.
    static bool canRender();
    // The VTK version compiled in (Help > About).
    static QString vtkVersionText();

    // True when no extraction is running or pending and the latest surfaces have been drawn.
    bool isUpToDate() const;
    std::size_t surfaceCount() const;
    void resetCamera();

Q_SIGNALS:
    void maximiseRequested();
    void upToDate();

protected:
    void initializeGL() override;
    void paintGL() override;
    void resizeGL(int width, int height) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void scheduleExtraction();
    void rebuildSurfaceActors();
    void updateColors();
    void updateSlicePlanes();
    void forwardMouse(QMouseEvent* event, unsigned long vtkEvent);

    ViewerModel* viewer_;
    BackgroundTask extraction_;
    bool extractionPending_ = false;
    bool cameraPending_ = true;
    bool drawnLatest_ = true;
    struct Vtk;
    std::unique_ptr<Vtk> vtk_;
};

}  // namespace medsam::ui
