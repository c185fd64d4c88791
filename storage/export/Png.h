#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace medsam::storage {

// Minimal deterministic PNG writer (8-bit gray or RGB, zlib level 6, no timestamps) for the exporters.
// core/render's writer replaces it when that lands on main; the bytes are plain PNG either way.
// `pixels` is row-major, `channels` (1 or 3) bytes per pixel. Throws StorageError naming the file.
void writePng(const std::string& path, int width, int height, int channels,
              const std::vector<std::uint8_t>& pixels);

// Reads back what writePng wrote (8-bit gray/RGB, non-interlaced) for tests and validation.
std::vector<std::uint8_t> readPng(const std::string& path, int& width, int& height, int& channels);

}  // namespace medsam::storage
