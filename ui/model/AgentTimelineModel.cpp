#include "ui/model/AgentTimelineModel.h"

#include <QColor>

#include "core/codec/MaskCodec.h"

namespace medsam::ui {

void AgentTimelineModel::clear() {
    beginResetModel();
    steps_.clear();
    thumbnails_.clear();
    endResetModel();
}

void AgentTimelineModel::append(const core::Step& step) {
    beginInsertRows({}, rowCount(), rowCount());
    steps_.push_back(step);
    QImage thumbnail;
    if (!step.mask.empty() && step.error.empty()) {
        const core::Mask mask = core::decodeMask(step.mask);
        QImage full(mask.width(), mask.height(), QImage::Format_Grayscale8);
        for (int y = 0; y < mask.height(); ++y) {
            uchar* row = full.scanLine(y);
            for (int x = 0; x < mask.width(); ++x) row[x] = mask.at(x, y) ? 255 : 40;
        }
        thumbnail = full.scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio, Qt::FastTransformation);
    }
    thumbnails_.push_back(thumbnail);
    endInsertRows();
}

int AgentTimelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(steps_.size());
}

int AgentTimelineModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AgentTimelineModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const core::Step& s = steps_[static_cast<std::size_t>(index.row())];
    if (role == Qt::ForegroundRole && !s.error.empty()) return QColor(200, 30, 30);
    if (role == Qt::DecorationRole && index.column() == Thumbnail) {
        const QImage& t = thumbnails_[static_cast<std::size_t>(index.row())];
        return t.isNull() ? QVariant() : QVariant(t);
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    auto metric = [](const std::optional<double>& v) { return v ? QString::number(*v, 'f', 3) : QString(); };
    switch (index.column()) {
        case Index:
            return index.row() + 1;
        case Thumbnail:
            return {};
        case Actor:
            switch (s.actor) {
                case core::Actor::Agent:
                    return tr("agent");
                case core::Actor::Person:
                    return tr("person");
                case core::Actor::Expert:
                    return tr("expert");
            }
            return QString::fromStdString(core::toString(s.actor));
        case Action:
            return QString::fromStdString(core::describe(s.action));
        case Dice:
            return metric(s.dice);
        case Iou:
            return metric(s.iou);
        case Latency:
            return QStringLiteral("%1 ms").arg(s.latencyMs, 0, 'f', 0);
        case Text:
            return QString::fromStdString(s.error.empty() ? s.rawText : s.error);
        default:
            return {};
    }
}

QVariant AgentTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const names[ColumnCount] = {
        QT_TR_NOOP("#"),    QT_TR_NOOP("Mask"), QT_TR_NOOP("Actor"),   QT_TR_NOOP("Action"),
        QT_TR_NOOP("Dice"), QT_TR_NOOP("IoU"),  QT_TR_NOOP("Latency"), QT_TR_NOOP("Reply / error")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace medsam::ui
