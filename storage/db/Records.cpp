#include "storage/db/Records.h"

#include <chrono>

namespace medsam::storage {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {
constexpr std::pair<ReviewStatus, const char*> kStatusNames[] = {
    {ReviewStatus::NotStarted, "not_started"}, {ReviewStatus::InProgress, "in_progress"},
    {ReviewStatus::Completed, "completed"},    {ReviewStatus::Flagged, "flagged"},
    {ReviewStatus::Approved, "approved"},      {ReviewStatus::Rejected, "rejected"}};
}

std::string toString(ReviewStatus status) {
    for (const auto& [s, name] : kStatusNames) {
        if (s == status) return name;
    }
    return "not_started";
}

std::optional<ReviewStatus> parseReviewStatus(const std::string& text) {
    for (const auto& [s, name] : kStatusNames) {
        if (text == name) return s;
    }
    return std::nullopt;
}

}  // namespace medsam::storage
