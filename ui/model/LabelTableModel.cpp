#include "ui/model/LabelTableModel.h"

#include <QUndoStack>
#include <cmath>

#include "ui/commands/LabelEditCommand.h"

namespace medsam::ui {

LabelTableModel::LabelTableModel(ViewerModel* viewer, QUndoStack* undo, QObject* parent)
    : QAbstractTableModel(parent), viewer_(viewer), undo_(undo) {
    connect(viewer_, &ViewerModel::labelsChanged, this, &LabelTableModel::rebuild);
    connect(viewer_, &ViewerModel::overlayChanged, this, [this] {
        if (!values_.empty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
    rebuild();
}

void LabelTableModel::rebuild() {
    const auto values = viewer_->labelValues();
    if (values == values_ && !values_.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));  // counts, names
        return;
    }
    beginResetModel();
    values_ = values;
    endResetModel();
}

int LabelTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(values_.size());
}

int LabelTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

std::uint16_t LabelTableModel::valueAt(int row) const {
    return row >= 0 && row < rowCount() ? values_[static_cast<std::size_t>(row)] : 0;
}

int LabelTableModel::rowOf(std::uint16_t value) const {
    const auto it = std::find(values_.begin(), values_.end(), value);
    return it == values_.end() ? -1 : static_cast<int>(it - values_.begin());
}

core::LabelInfo LabelTableModel::info(std::uint16_t value) const {
    const auto labels = viewer_->labelMap();
    if (labels) {
        if (const auto* known = labels->find(value)) return *known;
    }
    core::LabelInfo info;
    info.value = value;
    info.name = viewer_->labelName(value).toStdString();
    info.color = defaultLabelColor(value);
    return info;
}

QVariant LabelTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const std::uint16_t value = valueAt(index.row());
    const core::LabelInfo label = info(value);
    if (role == ValueRole) return value;
    switch (index.column()) {
        case Value:
            return role == Qt::DisplayRole ? QVariant(value) : QVariant();
        case Color:
            if (role == Qt::DecorationRole || role == Qt::EditRole)
                return QColor(label.color[0], label.color[1], label.color[2]);
            return {};
        case Name:
            return role == Qt::DisplayRole || role == Qt::EditRole ? QString::fromStdString(label.name)
                                                                   : QVariant();
        case Visible:
            return role == Qt::CheckStateRole ? (viewer_->labelVisible(value) ? Qt::Checked : Qt::Unchecked)
                                              : QVariant();
        case Opacity:
            if (role == Qt::DisplayRole)
                return QStringLiteral("%1%").arg(std::lround(viewer_->labelOpacity(value) * 100));
            if (role == Qt::EditRole)
                return static_cast<int>(std::lround(viewer_->labelOpacity(value) * 100));
            return {};
        case Locked:
            return role == Qt::CheckStateRole ? (viewer_->labelLocked(value) ? Qt::Checked : Qt::Unchecked)
                                              : QVariant();
        case Voxels:
            return role == Qt::DisplayRole
                       ? QVariant(static_cast<qulonglong>(viewer_->labelVoxelCount(value)))
                       : QVariant();
        case Description:
            return role == Qt::DisplayRole || role == Qt::EditRole ? QString::fromStdString(label.description)
                                                                   : QVariant();
        default:
            return {};
    }
}

QVariant LabelTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Value:
            return tr("Value");
        case Color:
            return tr("Colour");
        case Name:
            return tr("Name");
        case Visible:
            return tr("Show");
        case Opacity:
            return tr("Opacity");
        case Locked:
            return tr("Lock");
        case Voxels:
            return tr("Voxels");
        case Description:
            return tr("Target text");
        default:
            return {};
    }
}

bool LabelTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.row() >= rowCount()) return false;
    const std::uint16_t label = valueAt(index.row());
    if (role == Qt::CheckStateRole && index.column() == Visible) {
        viewer_->setLabelVisible(label, value.toInt() == Qt::Checked);
        return true;
    }
    if (role == Qt::CheckStateRole && index.column() == Locked) {
        viewer_->setLabelLocked(label, value.toInt() == Qt::Checked);
        return true;
    }
    if (role != Qt::EditRole) return false;
    if (index.column() == Opacity) {
        bool ok = false;
        const double percent = value.toString().remove(QLatin1Char('%')).trimmed().toDouble(&ok);
        if (!ok || percent < 0 || percent > 100) return false;
        viewer_->setLabelOpacity(label, percent / 100.0);
        return true;
    }
    core::LabelInfo edited = info(label);
    switch (index.column()) {
        case Name: {
            const QString name = value.toString().trimmed();
            if (name.isEmpty()) return false;
            edited.name = name.toStdString();
            break;
        }
        case Color: {
            const QColor c = value.value<QColor>();
            if (!c.isValid()) return false;
            edited.color = {static_cast<std::uint8_t>(c.red()), static_cast<std::uint8_t>(c.green()),
                            static_cast<std::uint8_t>(c.blue())};
            break;
        }
        case Description:
            edited.description = value.toString().toStdString();
            break;
        default:
            return false;
    }
    viewer_->setLabelInfo(edited);
    Q_EMIT labelInfoChanged(edited);
    return true;
}

Qt::ItemFlags LabelTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Visible || index.column() == Locked) f |= Qt::ItemIsUserCheckable;
    if (index.column() == Name || index.column() == Color || index.column() == Description)
        f |= Qt::ItemIsEditable;
    return f;
}

std::uint16_t LabelTableModel::addLabel() {
    std::uint16_t next = 1;
    for (std::uint16_t v : values_) next = std::max<std::uint16_t>(next, static_cast<std::uint16_t>(v + 1));
    if (next == 0) return 0;  // 65535 used: no value left
    core::LabelInfo created = info(next);
    viewer_->setLabelInfo(created);
    Q_EMIT labelInfoChanged(created);
    return next;
}

bool LabelTableModel::removeLabel(std::uint16_t value) {
    if (value == 0 || viewer_->labelLocked(value)) return false;
    if (viewer_->labelVoxelCount(value) > 0) {
        const core::Image<std::uint16_t> before = viewer_->labelMap()->labels;
        auto& labels = viewer_->beginEdit();
        std::replace(labels.voxels().begin(), labels.voxels().end(), value, std::uint16_t{0});
        core::LabelDelta delta = core::LabelDelta::between(before, labels);
        viewer_->finishEdit(delta);
        undo_->push(new LabelEditCommand(viewer_, std::move(delta), tr("Delete label %1").arg(value)));
    }
    viewer_->removeLabelInfo(value);
    Q_EMIT labelRemoved(value);
    return true;
}

void LabelTableModel::importDescriptions(const std::vector<core::LabelDescription>& labels) {
    for (const auto& d : labels) {
        core::LabelInfo info = this->info(d.info.value);
        info.name = d.info.name;
        info.color = d.info.color;
        viewer_->setLabelInfo(info);
        viewer_->setLabelVisible(info.value, d.visible);
        Q_EMIT labelInfoChanged(info);
    }
}

std::vector<core::LabelDescription> LabelTableModel::descriptions() const {
    std::vector<core::LabelDescription> out;
    for (std::uint16_t value : values_) {
        core::LabelDescription d;
        d.info = info(value);
        d.visible = viewer_->labelVisible(value);
        out.push_back(d);
    }
    return out;
}

}  // namespace medsam::ui
