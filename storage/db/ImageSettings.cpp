#include "storage/db/ImageSettings.h"

#include "storage/sqlite/Sqlite.h"

namespace medsam::storage {

void setImageSetting(ProjectDb& db, Id imageId, const std::string& key, const std::string& value) {
    if (db.readOnly()) throw StorageError(db.path() + " is read-only: cannot save the image's " + key);
    if (!db.image(imageId))
        throw StorageError(db.path() + " has no image " + std::to_string(imageId) + " to save " + key +
                           " for");
    db.connection()
        .prepare(
            "INSERT INTO image_settings(image_id, key, value) VALUES (?1, ?2, ?3) "
            "ON CONFLICT(image_id, key) DO UPDATE SET value = excluded.value")
        .bind(1, imageId)
        .bind(2, key)
        .bind(3, value)
        .run();
}

std::optional<std::string> imageSetting(ProjectDb& db, Id imageId, const std::string& key) {
    auto q = db.connection().prepare("SELECT value FROM image_settings WHERE image_id = ?1 AND key = ?2");
    q.bind(1, imageId).bind(2, key);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

}  // namespace medsam::storage
