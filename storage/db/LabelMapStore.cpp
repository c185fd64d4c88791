#include "storage/db/LabelMapStore.h"

#include <map>

#include "core/codec/MaskCodec.h"
#include "storage/sqlite/Sqlite.h"

namespace medsam::storage {

namespace {

// The latest whole-volume final mask of (image, label), if any.
std::optional<FinalMaskRecord> latestVolumeMask(ProjectDb& db, Id imageId, Id labelId) {
    std::optional<FinalMaskRecord> latest;
    for (auto& record : db.finalMasks(imageId, labelId)) {
        if (!record.slice && (!latest || record.version > latest->version)) latest = std::move(record);
    }
    return latest;
}

}  // namespace

Id ensureLabelValue(ProjectDb& db, const core::LabelInfo& info) {
    for (const auto& record : db.labels()) {
        if (record.info.value == info.value) return record.id;
    }
    core::LabelInfo added = info;
    if (added.name.empty()) added.name = "Label " + std::to_string(info.value);
    return db.addLabel(added);
}

bool removeUnusedLabel(ProjectDb& db, std::uint16_t value) {
    if (db.readOnly())
        throw StorageError(db.path() + " is read-only: cannot remove label " + std::to_string(value));
    sql::Transaction tx(db.connection());
    auto find = db.connection().prepare("SELECT id, name FROM labels WHERE value = ?1");
    find.bind(1, static_cast<int>(value));
    if (!find.step()) return false;
    const Id id = find.int64(0);
    const std::string name = find.text(1);
    auto used = db.connection().prepare(
        "SELECT (SELECT count(*) FROM tasks WHERE label_id = ?1) + (SELECT count(*) FROM final_masks WHERE "
        "label_id = ?1)");
    used.bind(1, id);
    used.step();
    if (used.int64(0) > 0) return false;
    db.connection().prepare("DELETE FROM labels WHERE id = ?1").bind(1, id).run();
    db.audit("remove_label", name + " = " + std::to_string(value));
    tx.commit();
    return true;
}

SavedLabelMap saveLabelMap(ProjectDb& db, Id imageId, const core::LabelMap& labels) {
    const auto image = db.image(imageId);
    if (!image) throw StorageError(db.path() + " has no image " + std::to_string(imageId));
    const core::ImageGeometry& g = labels.labels.geometry();
    if (g.size != image->geometry.size)
        throw StorageError("the label map (" + g.describe() + ") is not on the grid of image " +
                           std::to_string(imageId) + " (" + image->geometry.describe() + ")");
    // Labels present now, and labels that had a stored mask (so that erasing a label is saved too).
    std::map<std::uint16_t, bool> values;
    for (std::uint16_t v : labels.labels.voxels()) {
        if (v != 0) values[v] = true;
    }
    for (const auto& record : db.labels()) {
        if (latestVolumeMask(db, imageId, record.id)) values.emplace(record.info.value, true);
    }
    SavedLabelMap saved;
    sql::Transaction tx(db.connection());
    for (const auto& [value, unused] : values) {
        core::LabelInfo info;
        if (const auto* known = labels.find(value)) info = *known;
        info.value = value;
        const Id labelId = ensureLabelValue(db, info);
        FinalMaskRecord record;
        record.imageId = imageId;
        record.labelId = labelId;
        record.mask = core::encodeMask(core::maskForValues(labels.labels, {value}));
        const auto previous = latestVolumeMask(db, imageId, labelId);
        if (previous && previous->mask == record.mask) continue;  // unchanged since the last save
        record.width = g.size[0];
        record.height = g.size[1];
        record.depth = g.size[2];
        db.addFinalMask(record);
        ++saved.labelsWritten;
        saved.bytes += record.mask.size();
    }
    db.audit("save_label_map", "image " + std::to_string(imageId) + ": " +
                                   std::to_string(saved.labelsWritten) + " label masks");
    tx.commit();
    return saved;
}

std::optional<core::LabelMap> loadLabelMap(ProjectDb& db, Id imageId, const core::ImageGeometry& grid) {
    core::LabelMap out;
    out.labels = core::Image<std::uint16_t>(grid, 0);
    bool any = false;
    for (const auto& record : db.labels()) {
        out.table.push_back(record.info);
        const auto mask = latestVolumeMask(db, imageId, record.id);
        if (!mask) continue;
        core::Mask decoded;
        try {
            decoded = core::decodeMask(mask->mask, grid);
        } catch (const std::exception& e) {
            throw StorageError(db.path() + ": stored mask of label '" + record.info.name + "' on image " +
                               std::to_string(imageId) + ": " + e.what());
        }
        auto& voxels = out.labels.voxels();
        for (std::size_t n = 0; n < voxels.size(); ++n) {
            if (decoded.voxels()[n]) voxels[n] = record.info.value;
        }
        any = true;
    }
    if (!any) return std::nullopt;
    return out;
}

}  // namespace medsam::storage
