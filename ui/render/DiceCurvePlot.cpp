#include "ui/render/DiceCurvePlot.h"

#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace medsam::ui {

void paintDiceCurves(QPainter& p, const QSize& size, const std::vector<DiceCurve>& curves,
                     const DicePlotText& text) {
    const int w = size.width(), h = size.height(), left = 70, right = 170, top = 40, bottom = 60;
    p.save();
    p.fillRect(QRect(0, 0, w, h), Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    std::size_t turns = 1;
    double lo = text.fitRange ? 0.0 : 1.0, hi = 0.0;
    for (const auto& c : curves) {
        turns = std::max(turns, c.values.size());
        for (double v : c.values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    // Dice: the y range starts at a round value under the lowest point, so differences between policies show.
    double yMin = std::max(0.0, std::floor(lo * 10.0 - 1.0) / 10.0), yMax = 1.0, yStep = 0.1;
    if (text.fitRange) {
        // Ten grid steps of 1, 2 or 5 times a power of ten.
        const double span = std::max(1e-9, hi - std::min(0.0, lo));
        const double raw = span / 10.0, unit = std::pow(10.0, std::floor(std::log10(raw)));
        yStep = raw <= unit ? unit : raw <= 2 * unit ? 2 * unit : raw <= 5 * unit ? 5 * unit : 10 * unit;
        yMin = std::floor(std::min(0.0, lo) / yStep) * yStep;
        yMax = std::max(yMin + yStep, std::ceil(hi / yStep) * yStep);
    }
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(yStep) + 1e-9)));
    const int pw = w - left - right, ph = h - top - bottom;
    auto X = [&](std::size_t k) {
        return left + (turns == 1 ? pw / 2.0 : pw * static_cast<double>(k) / static_cast<double>(turns - 1));
    };
    auto Y = [&](double v) { return top + ph * (1.0 - (v - yMin) / (yMax - yMin)); };

    p.setPen(QPen(QColor(220, 220, 220), 1));
    for (double v = yMin; v <= yMax + 1e-9; v += yStep)
        p.drawLine(QPointF(left, Y(v)), QPointF(left + pw, Y(v)));
    p.setPen(QPen(Qt::black, 1));
    p.drawRect(left, top, pw, ph);
    for (double v = yMin; v <= yMax + 1e-9; v += yStep) {
        p.drawText(QRectF(0, Y(v) - 8, left - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v, 'f', decimals));
    }
    const std::size_t labelEvery = (turns + 14) / 15;  // at most 15 step labels
    for (std::size_t k = 0; k < turns; k += labelEvery) {
        p.drawText(QRectF(X(k) - 20, top + ph + 4, 40, 16), Qt::AlignCenter, QString::number(k + 1));
    }
    p.drawText(QRectF(left, h - 28, pw, 20), Qt::AlignCenter, text.xAxis);
    p.save();
    p.translate(16, top + ph / 2.0);
    p.rotate(-90);
    p.drawText(QRectF(-ph / 2.0, -10, ph, 20), Qt::AlignCenter, text.yAxis);
    p.restore();
    p.drawText(QRectF(0, 8, w, 24), Qt::AlignCenter, text.title);

    const QColor palette[] = {QColor(0, 114, 178),   QColor(213, 94, 0),  QColor(0, 158, 115),
                              QColor(204, 121, 167), QColor(230, 159, 0), QColor(86, 180, 233)};
    for (std::size_t c = 0; c < curves.size(); ++c) {
        const QColor colour = palette[c % 6];
        p.setPen(QPen(colour, 2.5));
        QPainterPath line;
        bool started = false;
        for (std::size_t k = 0; k < curves[c].values.size(); ++k) {
            const double v = curves[c].values[k];
            if (!std::isfinite(v)) continue;
            const QPointF pt(X(k), Y(std::clamp(v, yMin, yMax)));
            started ? line.lineTo(pt) : line.moveTo(pt);
            started = true;
            p.setBrush(colour);
            p.drawEllipse(pt, 3.5, 3.5);
            p.setBrush(Qt::NoBrush);
        }
        p.drawPath(line);
        const double ly = top + 14 + 22.0 * static_cast<double>(c);
        p.drawLine(QPointF(left + pw + 12, ly), QPointF(left + pw + 36, ly));
        p.setPen(Qt::black);
        p.drawText(QRectF(left + pw + 42, ly - 9, right - 46, 18), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::fromStdString(curves[c].label));
    }
    p.restore();
}

void writeCurvePlot(const std::string& path, const std::vector<DiceCurve>& curves, const DicePlotText& text) {
    QImage image(720, 480, QImage::Format_RGB32);
    QPainter p(&image);
    paintDiceCurves(p, image.size(), curves, text);
    p.end();
    if (!image.save(QString::fromStdString(path), "PNG"))
        throw std::runtime_error(path + ": cannot write the plot");
}

void writeDiceCurvePlot(const std::string& path, const std::vector<DiceCurve>& curves,
                        const std::string& title) {
    DicePlotText text;
    text.title = QString::fromStdString(title);
    writeCurvePlot(path, curves, text);
}

}  // namespace medsam::ui
