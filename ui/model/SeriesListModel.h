#pragma once

#include <QAbstractTableModel>
#include <QImage>
#include <vector>

#include "core/io/DicomSeries.h"

namespace medsam::ui {

// The series picker's table (ITK-SNAP's DICOM listing): one row per series found in a folder, with a
// thumbnail of its middle slice, modality, description, size, spacing, slice count and the loader's warnings.
class SeriesListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Thumbnail, Modality, Description, Size, Spacing, Slices, Warnings, ColumnCount };

    explicit SeriesListModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

    // `thumbnails[i]` belongs to scan.series[i] (a null image when the slice could not be decoded).
    void setScan(core::DicomScan scan, std::vector<QImage> thumbnails);
    const core::DicomScan& scan() const { return scan_; }
    const core::DicomSeriesInfo& series(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static constexpr int kThumbnailSize = 96;
    // The middle slice, auto-windowed, scaled to fit kThumbnailSize (decodes one file: call it on a worker).
    static QImage makeThumbnail(const core::DicomSeriesInfo& series);

private:
    core::DicomScan scan_;
    std::vector<QImage> thumbnails_;
};

}  // namespace medsam::ui
