#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace medsam::storage {

// Reads back the PNGs the exporters write with core/render's encoder (8-bit gray/RGB, non-interlaced), to
// validate an export without Qt. Returns row-major pixels, `channels` (1 or 3) bytes each.
std::vector<std::uint8_t> readPng(const std::string& path, int& width, int& height, int& channels);

}  // namespace medsam::storage
