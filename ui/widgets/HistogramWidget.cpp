#include "ui/widgets/HistogramWidget.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace medsam::ui {

HistogramWidget::HistogramWidget(ViewerModel* viewer, QWidget* parent) : QWidget(parent), viewer_(viewer) {
    setMinimumHeight(100);
    connect(viewer_, &ViewerModel::imageChanged, this, qOverload<>(&QWidget::update));
    connect(viewer_, &ViewerModel::windowLevelChanged, this, qOverload<>(&QWidget::update));
}

void HistogramWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (!viewer_->hasImage()) return;
    const core::Histogram& h = viewer_->image().histogram;
    if (h.counts.empty() || !(h.max > h.min)) return;
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -18);
    double peak = 0.0;
    for (std::size_t c : h.counts) peak = std::max(peak, std::log1p(static_cast<double>(c)));
    const double barWidth = area.width() / static_cast<double>(h.counts.size());
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().text().color().lighter(150));
    for (std::size_t b = 0; b < h.counts.size(); ++b) {
        const double height = peak > 0 ? area.height() * std::log1p(double(h.counts[b])) / peak : 0.0;
        painter.drawRect(QRectF(area.left() + b * barWidth, area.bottom() - height, barWidth, height));
    }
    // The window as a ramp: 0 below lower, 1 above upper.
    const core::WindowLevel w = viewer_->windowLevel();
    auto xOf = [&](double intensity) {
        return area.left() + (intensity - h.min) / (h.max - h.min) * area.width();
    };
    QPainterPath ramp;
    ramp.moveTo(area.left(), area.bottom());
    ramp.lineTo(std::clamp(xOf(w.lower()), area.left(), area.right()), area.bottom());
    ramp.lineTo(std::clamp(xOf(w.upper()), area.left(), area.right()), area.top());
    ramp.lineTo(area.right(), area.top());
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(220, 60, 60), 1.5));
    painter.drawPath(ramp);
    painter.setPen(palette().text().color());
    const QRectF labels(area.left(), area.bottom() + 2, area.width(), 14);
    painter.drawText(labels, Qt::AlignLeft, QString::number(h.min, 'g', 5));
    painter.drawText(labels, Qt::AlignRight, QString::number(h.max, 'g', 5));
}

}  // namespace medsam::ui
