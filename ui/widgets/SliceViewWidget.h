#pragma once

#include <QPoint>
#include <QWidget>

#include "ui/model/SliceViewModel.h"

namespace medsam::ui {

// Paints one SliceViewModel and forwards the person's gestures to it; no state of its own beyond the drag in
// progress. Left button: move the cursor, or paint with the brush tool (SliceViewModel::pressPrimary). Wheel
// / Page Up / Page Down / arrows: slices. Ctrl+wheel: zoom around the pointer. Middle drag: pan. Right drag:
// window (horizontal) and level (vertical). Double-click or F: maximise. R: reset the view. With the AI tool:
// left drag draws a box, left click is a positive click, right click or Shift+left click a negative one,
// Enter accepts the preview, Esc rejects it.
class SliceViewWidget : public QWidget {
    Q_OBJECT
public:
    explicit SliceViewWidget(SliceViewModel* model, QWidget* parent = nullptr);

    SliceViewModel* model() const { return model_; }
    QColor accentColor() const;
    bool hasDrawn() const { return drawn_; }  // painted at least once with an image

Q_SIGNALS:
    void maximiseRequested();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;

private:
    void drawOverlays(QPainter& painter);
    void drawAiOverlay(QPainter& painter);

    SliceViewModel* model_;
    Qt::MouseButton dragButton_ = Qt::NoButton;
    QPointF lastPos_;
    core::WindowLevel dragStartWindow_;
    QPointF dragStart_;
    bool drawn_ = false;
};

}  // namespace medsam::ui
