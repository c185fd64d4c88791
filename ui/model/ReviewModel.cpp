#include "ui/model/ReviewModel.h"

#include "core/codec/MaskCodec.h"
#include "storage/db/Correction.h"
#include "storage/db/ProjectDb.h"
#include "ui/model/SliceEdit.h"
#include "ui/model/StudioModel.h"

namespace medsam::ui {

ReviewModel::ReviewModel(StudioModel* studio, QObject* parent) : QObject(parent), studio_(studio) {
    connect(studio_, &StudioModel::projectChanged, this, [this] {
        cancelCorrection();
        selected_.reset();
        replay_.clear();
        browser_.setProject(studio_->project());
        Q_EMIT selectionChanged();
    });
    connect(&browser_, &SessionBrowserModel::errorOccurred, this, &ReviewModel::errorOccurred);
    if (studio_->hasProject()) browser_.setProject(studio_->project());
}

QString ReviewModel::reviewer() const {
    return QString::fromStdString(studio_->userName());
}

std::optional<int> ReviewModel::selectedRow() const {
    if (!selected_) return std::nullopt;
    for (int row = 0; row < browser_.rowCount(); ++row) {
        if (browser_.rowAt(row)->id == *selected_) return row;
    }
    return std::nullopt;
}

void ReviewModel::selectRow(int row) {
    while (row >= browser_.rowCount() && browser_.canFetchMore({})) browser_.fetchMore({});
    if (const storage::SessionRow* r = browser_.rowAt(row)) selectSession(r->id);
}

void ReviewModel::selectSession(storage::Id sessionId) {
    auto db = studio_->project();
    if (!db) return;
    if (correcting_ && *correcting_ != sessionId) cancelCorrection();
    try {
        replay_.load(*db, sessionId);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    selected_ = sessionId;
    Q_EMIT selectionChanged();
    const storage::Id imageId = replay_.task().imageId;
    if (studio_->currentImageId() != imageId) {
        studio_->openProjectImage(imageId);
        studio_->whenIdle([this, sessionId] {
            if (selected_ == sessionId) showOnSlice();
        });
    } else {
        showOnSlice();
    }
}

// Moves the views to the session's slice; a mask that does not fit the image's slice is an error, not a
// picture drawn on the wrong pixels.
void ReviewModel::showOnSlice() {
    ViewerModel* viewer = studio_->viewer();
    const auto slice = replay_.slice();
    if (!slice || !viewer->hasImage()) return;
    const auto size = viewer->geometry().size;
    if (slice->axis < 0 || slice->axis > 2 || slice->index < 0 || slice->index >= size[slice->axis]) return;
    auto cursor = viewer->cursor();
    cursor[slice->axis] = slice->index;
    viewer->setCursor(cursor);
    if (const core::Mask* m = replay_.mask()) {
        const auto [u, v] = core::inPlaneAxes(slice->axis);
        if (m->width() != size[u] || m->height() != size[v]) {
            Q_EMIT errorOccurred(tr("Session %1's masks are %2x%3 but slice %4 of the image is %5x%6")
                                     .arg(*selected_)
                                     .arg(m->width())
                                     .arg(m->height())
                                     .arg(QString::fromStdString(slice->toString()))
                                     .arg(size[u])
                                     .arg(size[v]));
        }
    }
}

void ReviewModel::review(storage::ReviewStatus status, const QString& comment, bool advance) {
    auto db = studio_->project();
    if (!db || !selected_) return;
    const storage::Id id = *selected_;
    const std::optional<int> rowBefore = selectedRow();
    try {
        db->addReview(id, status, reviewer().toStdString(), comment.toStdString());
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    browser_.refresh();
    Q_EMIT reviewed(id, status);
    if (!advance) return;
    // With a status filter the reviewed session may leave the list: the next one then sits at its old row.
    const std::optional<int> rowNow = browser_.rowOfSession(id);
    const int next = rowNow ? *rowNow + 1 : rowBefore.value_or(0);
    if (next < browser_.totalCount()) selectRow(next);
}

void ReviewModel::approve(const QString& comment) {
    review(storage::ReviewStatus::Approved, comment, true);
}

void ReviewModel::reject(const QString& comment) {
    review(storage::ReviewStatus::Rejected, comment, true);
}

void ReviewModel::requestCorrection(const QString& comment) {
    review(storage::ReviewStatus::Flagged, comment, false);
    beginCorrection();
}

void ReviewModel::nextSession() {
    const auto row = selectedRow();
    selectRow(row ? *row + 1 : 0);
}

void ReviewModel::previousSession() {
    const auto row = selectedRow();
    if (row && *row > 0) selectRow(*row - 1);
}

std::uint16_t ReviewModel::labelValueOfTask() {
    auto db = studio_->project();
    const auto label = db->label(replay_.task().labelId);
    if (!label) throw storage::StorageError("the session's label is missing from the project");
    ViewerModel* viewer = studio_->viewer();
    const auto labels = viewer->labelMap();
    if (!labels || !labels->find(label->info.value)) viewer->setLabelInfo(label->info);
    return label->info.value;
}

void ReviewModel::beginCorrection() {
    auto db = studio_->project();
    if (!db || !selected_) return;
    const auto slice = replay_.slice();
    ViewerModel* viewer = studio_->viewer();
    if (!slice || !viewer->hasImage() || studio_->currentImageId() != replay_.task().imageId) {
        Q_EMIT errorOccurred(
            tr("Session %1 cannot be corrected here: it is not a slice session of the open image")
                .arg(*selected_));
        return;
    }
    try {
        const auto encoded = storage::sessionFinalMask(*db, *selected_);
        if (!encoded) throw storage::StorageError("session " + std::to_string(*selected_) + " has no mask");
        const core::Mask mask = core::decodeMask(*encoded);
        const std::uint16_t value = labelValueOfTask();
        if (mask.width() != viewer->geometry().size[core::inPlaneAxes(slice->axis).first] ||
            mask.height() != viewer->geometry().size[core::inPlaneAxes(slice->axis).second]) {
            throw storage::StorageError("session " + std::to_string(*selected_) +
                                        "'s mask does not fit the slice of the open image");
        }
        commitSliceEdit(
            *viewer, *studio_->undoStack(), *slice,
            [&](std::uint16_t voxel, int x, int y) -> std::uint16_t {
                if (mask.at(x, y)) return value;
                return voxel == value ? 0 : voxel;
            },
            tr("Load session %1 for correction").arg(*selected_));
        studio_->brush()->setActiveLabel(value);
        studio_->brush()->setTool(PaintbrushModel::Tool::Brush);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    correcting_ = selected_;
    Q_EMIT correctionStarted(*correcting_);
    Q_EMIT correctingChanged(true);
}

void ReviewModel::saveCorrection(const QString& comment) {
    auto db = studio_->project();
    ViewerModel* viewer = studio_->viewer();
    if (!db || !correcting_ || !viewer->labelMap()) return;
    const storage::Id original = *correcting_;
    try {
        const std::uint16_t value = labelValueOfTask();
        const auto labels = core::extractSlice(viewer->labelMap()->labels, *replay_.slice());
        core::Mask mask(labels.geometry());
        for (std::size_t n = 0; n < labels.voxels().size(); ++n)
            mask.voxels()[n] = labels.voxels()[n] == value;
        const storage::Correction c =
            storage::recordCorrection(*db, original, mask, reviewer().toStdString(), comment.toStdString());
        correcting_.reset();
        browser_.refresh();
        Q_EMIT correctingChanged(false);
        Q_EMIT correctionSaved(original, c.sessionId,
                               tr("Session %1 corrected in session %2: %3 pixels added, %4 removed")
                                   .arg(original)
                                   .arg(c.sessionId)
                                   .arg(c.added)
                                   .arg(c.removed));
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
    }
}

void ReviewModel::cancelCorrection() {
    if (!correcting_) return;
    correcting_.reset();
    Q_EMIT correctingChanged(false);
}

}  // namespace medsam::ui
