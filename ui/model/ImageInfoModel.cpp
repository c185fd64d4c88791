#include "ui/model/ImageInfoModel.h"

namespace medsam::ui {

namespace {
QString meta(const core::Volume& v, const char* key) {
    const auto it = v.metadata.find(key);
    return it == v.metadata.end() ? QString() : QString::fromStdString(it->second);
}
QString vec(const core::Vec3& v, int decimals) {
    return QStringLiteral("%1, %2, %3")
        .arg(v[0], 0, 'f', decimals)
        .arg(v[1], 0, 'f', decimals)
        .arg(v[2], 0, 'f', decimals);
}
}  // namespace

ImageInfoModel::ImageInfoModel(ViewerModel* viewer, QObject* parent)
    : QAbstractTableModel(parent), viewer_(viewer) {
    connect(viewer_, &ViewerModel::imageChanged, this, &ImageInfoModel::rebuild);
    rebuild();
}

void ImageInfoModel::rebuild() {
    beginResetModel();
    rows_.clear();
    if (viewer_->hasImage()) {
        const core::Volume& v = viewer_->volume();
        const core::ImageGeometry& g = v.image.geometry();
        auto add = [this](const QString& fact, const QString& value) {
            if (!value.isEmpty()) rows_.emplace_back(fact, value);
        };
        add(tr("File"), viewer_->image().path);
        add(tr("Format"), meta(v, "format"));
        add(tr("Size"), QStringLiteral("%1 x %2 x %3").arg(g.size[0]).arg(g.size[1]).arg(g.size[2]));
        add(tr("Spacing (mm)"), vec(g.spacing, 4));
        add(tr("Origin (LPS mm)"), vec(g.origin, 2));
        add(tr("Orientation"), QString::fromStdString(g.orientationCode()));
        const auto& d = g.direction;
        add(tr("Direction"),
            QStringLiteral("[%1] [%2] [%3]")
                .arg(vec({d[0], d[3], d[6]}, 3), vec({d[1], d[4], d[7]}, 3), vec({d[2], d[5], d[8]}, 3)));
        add(tr("Modality"), meta(v, "modality"));
        add(tr("Series description"), meta(v, "seriesDescription"));
        add(tr("Series UID"), meta(v, "seriesInstanceUid"));
        add(tr("Transfer syntax"), meta(v, "transferSyntax"));
        add(tr("Pixel type (file)"), meta(v, "componentType"));
        const auto& h = viewer_->image().histogram;
        add(tr("Intensity range"), QStringLiteral("%1 .. %2").arg(h.min, 0, 'g', 6).arg(h.max, 0, 'g', 6));
        add(tr("Warnings"), meta(v, "warnings"));
    }
    endResetModel();
}

int ImageInfoModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ImageInfoModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 2;
}

QVariant ImageInfoModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& row = rows_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return index.column() == 0 ? row.first : row.second;
    return {};
}

QVariant ImageInfoModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == 0 ? tr("Property") : tr("Value");
}

QString ImageInfoModel::value(const QString& fact) const {
    for (const auto& row : rows_) {
        if (row.first == fact) return row.second;
    }
    return {};
}

QStringList ImageInfoModel::warnings() const {
    const QString w = value(tr("Warnings"));
    return w.isEmpty() ? QStringList() : w.split(QStringLiteral("; "));
}

}  // namespace medsam::ui
