#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/SliceRef.h"

namespace medsam::agent {

// One evaluation case: an image, its label map, which label values form the target, how the policy is told
// about it, and which slice to segment.
struct ManifestCase {
    int row = 0;        // 1-based data row in the manifest (for messages and case ids)
    std::string image;  // absolute or relative to the working directory
    std::string label;
    std::vector<std::uint16_t> labelValues;  // "5|6" -> {5, 6}
    std::string target;
    core::AnatomicalPlane plane = core::AnatomicalPlane::Axial;  // ignored for 2D images
    std::optional<int> slice;  // empty = "largest": the slice where the label's area is largest
};

// Reads a manifest: CSV with a header naming at least image,label,label_value,target,axis,slice (any order,
// extra columns ignored); paths are relative to the manifest's folder. Throws std::invalid_argument naming
// the file, the row and the problem (missing column, bad label value, unknown axis, negative slice...).
std::vector<ManifestCase> readManifest(const std::string& path);
std::vector<ManifestCase> parseManifest(const std::string& text, const std::string& baseDir,
                                        const std::string& sourceName = "manifest");

// Shard `index` of `count` (0-based): the cases whose position p satisfies p % count == index. Round-robin
// keeps shards balanced when a manifest is sorted by dataset. Throws std::invalid_argument for a bad shard.
std::vector<ManifestCase> shardCases(const std::vector<ManifestCase>& cases, int index, int count);
// "I/N" -> {I, N}; throws std::invalid_argument with the expected form.
std::pair<int, int> parseShard(const std::string& text);

}  // namespace medsam::agent
