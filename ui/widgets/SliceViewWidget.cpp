#include "ui/widgets/SliceViewWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <cmath>

namespace medsam::ui {

SliceViewWidget::SliceViewWidget(SliceViewModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setMinimumSize(120, 120);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setObjectName(QStringLiteral("sliceView_") + model_->planeName().toLower());
    connect(model_, &SliceViewModel::changed, this, qOverload<>(&QWidget::update));
}

QColor SliceViewWidget::accentColor() const {
    // ITK-SNAP's view colours: axial red, sagittal green... we keep the common radiology tint per plane.
    switch (model_->plane()) {
        case core::AnatomicalPlane::Axial:
            return QColor(230, 80, 80);
        case core::AnatomicalPlane::Coronal:
            return QColor(80, 200, 80);
        case core::AnatomicalPlane::Sagittal:
            return QColor(90, 140, 255);
    }
    return Qt::white;
}

void SliceViewWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    model_->setViewportSize(size());
}

void SliceViewWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (!model_->hasImage()) {
        painter.setPen(QColor(140, 140, 140));
        painter.drawText(rect(), Qt::AlignCenter, model_->planeName());
        return;
    }
    const QImage& image = model_->image();
    painter.save();
    painter.setTransform(model_->imageToScreen());
    // Nearest neighbour when zoomed in (the voxels a person annotates must stay visible as voxels).
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(QPointF(0, 0), image);
    painter.restore();
    drawOverlays(painter);
    drawn_ = true;
}

void SliceViewWidget::drawAiOverlay(QPainter& painter) {
    const SliceViewModel::AiOverlay ai = model_->aiOverlay();
    if (!ai.preview.isNull()) {
        painter.save();
        painter.setTransform(model_->imageToScreen());
        painter.drawImage(QPointF(0, 0), ai.preview);
        painter.restore();
    }
    painter.setBrush(Qt::NoBrush);
    if (!ai.box.isNull()) {
        painter.setPen(QPen(ai.replay ? QColor(0, 220, 255) : QColor(255, 230, 0), 1.5, Qt::DashLine));
        painter.drawRect(ai.box);
    }
    if (!ai.rubberBand.isNull()) {
        painter.setPen(QPen(QColor(255, 255, 255), 1.0, Qt::DashLine));
        painter.drawRect(ai.rubberBand);
    }
    for (const auto& [at, positive] : ai.points) {
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(positive ? QColor(40, 220, 40) : QColor(230, 40, 40));
        painter.drawEllipse(at, 4.5, 4.5);
    }
    painter.setBrush(Qt::NoBrush);
}

void SliceViewWidget::drawOverlays(QPainter& painter) {
    drawAiOverlay(painter);
    const QPolygonF polygon = model_->polygonOnScreen();
    if (!polygon.isEmpty()) {
        painter.setPen(QPen(QColor(255, 160, 0), 1.5));
        painter.setBrush(QColor(255, 160, 0, 50));
        painter.drawPolygon(polygon);
        painter.setBrush(Qt::NoBrush);
    }
    const QPointF c = model_->voxelToScreen(model_->viewer()->cursor());
    QPen pen(QColor(255, 220, 60, 170));
    pen.setWidthF(1.0);
    painter.setPen(pen);
    painter.drawLine(QPointF(0, c.y()), QPointF(width(), c.y()));
    painter.drawLine(QPointF(c.x(), 0), QPointF(c.x(), height()));

    const core::EdgeMarkers m = model_->markers();
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(QColor(255, 255, 140));
    const QRect r = rect().adjusted(6, 4, -6, -4);
    painter.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(m.left));
    painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter, QString::fromStdString(m.right));
    painter.drawText(r, Qt::AlignHCenter | Qt::AlignTop, QString::fromStdString(m.top));
    painter.drawText(r, Qt::AlignHCenter | Qt::AlignBottom, QString::fromStdString(m.bottom));

    font.setBold(false);
    painter.setFont(font);
    painter.setPen(accentColor());
    painter.drawText(
        r, Qt::AlignLeft | Qt::AlignTop,
        tr("%1  %2/%3").arg(model_->planeName()).arg(model_->sliceIndex() + 1).arg(model_->sliceCount()));
    const core::WindowLevel w = model_->viewer()->windowLevel();
    painter.setPen(QColor(200, 200, 200));
    painter.drawText(r, Qt::AlignRight | Qt::AlignBottom,
                     tr("W %1  L %2").arg(w.width, 0, 'f', 0).arg(w.center, 0, 'f', 0));
    painter.setPen(QPen(accentColor(), 2));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
}

void SliceViewWidget::mousePressEvent(QMouseEvent* event) {
    dragButton_ = event->button();
    lastPos_ = dragStart_ = event->position();
    dragStartWindow_ = model_->viewer()->windowLevel();
    if (dragButton_ == Qt::LeftButton) model_->pressPrimary(event->position());
}

void SliceViewWidget::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    switch (dragButton_) {
        case Qt::LeftButton:
            model_->dragPrimary(pos);
            break;
        case Qt::MiddleButton:
            model_->panBy(pos - lastPos_);
            break;
        case Qt::RightButton: {
            // One screen width of drag spans the whole window again: fine control at any intensity scale.
            const QPointF d = pos - dragStart_;
            const double scale = std::max(dragStartWindow_.width, 1.0) / std::max(width(), 1);
            core::WindowLevel w = dragStartWindow_;
            w.width = std::max(1e-3, dragStartWindow_.width + d.x() * scale);
            w.center = dragStartWindow_.center - d.y() * scale;
            model_->viewer()->setWindowLevel(w, false);
            break;
        }
        default:
            break;
    }
    lastPos_ = pos;
}

void SliceViewWidget::mouseReleaseEvent(QMouseEvent* event) {
    const bool moved = (event->position() - dragStart_).manhattanLength() > 3;
    if (event->button() == Qt::RightButton && dragButton_ == Qt::RightButton) {
        if (moved)
            model_->viewer()->setWindowLevel(model_->viewer()->windowLevel(), true);
        else
            model_->secondaryClick(event->position());  // the AI tool's negative click
    }
    if (event->button() == Qt::LeftButton && dragButton_ == Qt::LeftButton)
        model_->releasePrimary(event->position(), event->modifiers() & Qt::ShiftModifier);
    dragButton_ = Qt::NoButton;
}

void SliceViewWidget::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    if (model_->polygonActive())
        model_->acceptAi();  // a double click closes the polygon being drawn
    else
        Q_EMIT maximiseRequested();
}

void SliceViewWidget::wheelEvent(QWheelEvent* event) {
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0) return;
    if (event->modifiers() & Qt::ControlModifier)
        model_->zoomAround(event->position(), std::pow(1.15, steps));
    else
        model_->scrollSlices(steps);
    model_->prepareAi();
    event->accept();
}

void SliceViewWidget::enterEvent(QEnterEvent* event) {
    QWidget::enterEvent(event);
    model_->prepareAi();  // the pointer is here: this view's slice is the one the next prompt will be on
}

void SliceViewWidget::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_PageUp:
        case Qt::Key_Up:
            model_->scrollSlices(1);
            break;
        case Qt::Key_PageDown:
        case Qt::Key_Down:
            model_->scrollSlices(-1);
            break;
        case Qt::Key_R:
            model_->resetView();
            break;
        case Qt::Key_F:
            Q_EMIT maximiseRequested();
            break;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            model_->acceptAi();
            break;
        case Qt::Key_Escape:
            model_->rejectAi();
            break;
        default:
            QWidget::keyPressEvent(event);
    }
}

}  // namespace medsam::ui
