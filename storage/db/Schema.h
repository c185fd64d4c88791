#pragma once

#include <cstdint>

#include "storage/sqlite/Sqlite.h"

namespace medsam::storage {

// 'MSAG': written to PRAGMA application_id so a foreign SQLite file is recognised and left untouched.
constexpr std::int32_t kApplicationId = 0x4D534147;
// PRAGMA user_version of the newest schema this build writes; older files are upgraded on open.
int currentSchemaVersion();

// Applies migrations (fromVersion, toVersion] in one transaction each and sets user_version after each.
// Tests use toVersion = 1 to make a database "as the first release wrote it".
void applyMigrations(sql::Connection& connection, int fromVersion, int toVersion);

}  // namespace medsam::storage
