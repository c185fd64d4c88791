#pragma once

#include <optional>
#include <string>

#include "storage/db/ProjectDb.h"

// Per-image viewer settings kept in the project (e.g. "window" = "40 400"), so an image reopens as it was
// left. Keys and values are free text owned by the caller; one committed transaction per write.
namespace medsam::storage {

// Throws StorageError when the image does not exist or the project is read-only.
void setImageSetting(ProjectDb& db, Id imageId, const std::string& key, const std::string& value);
std::optional<std::string> imageSetting(ProjectDb& db, Id imageId, const std::string& key);

}  // namespace medsam::storage
