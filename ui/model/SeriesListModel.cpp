#include "ui/model/SeriesListModel.h"

#include <stdexcept>

#include "core/render/SliceRenderer.h"
#include "core/render/WindowLevel.h"

namespace medsam::ui {

void SeriesListModel::setScan(core::DicomScan scan, std::vector<QImage> thumbnails) {
    beginResetModel();
    scan_ = std::move(scan);
    thumbnails_ = std::move(thumbnails);
    thumbnails_.resize(scan_.series.size());
    endResetModel();
}

const core::DicomSeriesInfo& SeriesListModel::series(int row) const {
    if (row < 0 || row >= rowCount()) throw std::out_of_range("no series at row " + std::to_string(row));
    return scan_.series[static_cast<std::size_t>(row)];
}

int SeriesListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(scan_.series.size());
}

int SeriesListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SeriesListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& s = scan_.series[static_cast<std::size_t>(index.row())];
    if (role == Qt::DecorationRole && index.column() == Thumbnail) {
        const QImage& t = thumbnails_[static_cast<std::size_t>(index.row())];
        return t.isNull() ? QVariant() : QVariant(t);
    }
    if (role == Qt::ToolTipRole && index.column() == Thumbnail)
        return QString::fromStdString(s.seriesInstanceUid);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    const auto& g = s.geometry;
    switch (index.column()) {
        case Modality:
            return QString::fromStdString(s.modality);
        case Description:
            return QString::fromStdString(s.seriesDescription);
        case Size:
            return QStringLiteral("%1 x %2 x %3").arg(g.size[0]).arg(g.size[1]).arg(g.size[2]);
        case Spacing:
            return QStringLiteral("%1 x %2 x %3 mm")
                .arg(g.spacing[0], 0, 'f', 2)
                .arg(g.spacing[1], 0, 'f', 2)
                .arg(g.spacing[2], 0, 'f', 2);
        case Slices:
            return static_cast<qulonglong>(s.sliceCount());
        case Warnings: {
            QStringList w;
            for (const auto& text : s.warnings) w << QString::fromStdString(text);
            return w.join(QStringLiteral("; "));
        }
        default:
            return {};
    }
}

QVariant SeriesListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Thumbnail:
            return tr("Preview");
        case Modality:
            return tr("Modality");
        case Description:
            return tr("Description");
        case Size:
            return tr("Size");
        case Spacing:
            return tr("Spacing");
        case Slices:
            return tr("Slices");
        case Warnings:
            return tr("Warnings");
        default:
            return {};
    }
}

QImage SeriesListModel::makeThumbnail(const core::DicomSeriesInfo& series) {
    if (series.slices.empty()) return {};
    const core::Image<float> slice = core::loadDicomSlice(series, series.slices.size() / 2);
    const core::RgbImage grey = core::renderSlice(slice, core::autoWindow(slice));
    const QImage full(grey.rgb.data(), grey.width, grey.height, grey.width * 3, QImage::Format_RGB888);
    // Physical aspect: scale by the pixel spacing before fitting the square.
    const double w = grey.width * series.geometry.spacing[0], h = grey.height * series.geometry.spacing[1];
    const double s = kThumbnailSize / std::max(w, h);
    return full.scaled(std::max(1, int(w * s + 0.5)), std::max(1, int(h * s + 0.5)), Qt::IgnoreAspectRatio,
                       Qt::SmoothTransformation);
}

}  // namespace medsam::ui
