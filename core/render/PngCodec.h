#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/render/RgbImage.h"

namespace medsam::core {

class PngError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Minimal PNG writer on zlib (8-bit RGB or greyscale, no interlace), so core can write the images that
// trajectories and exports need without Qt. Deterministic: same pixels, same bytes.
std::vector<std::uint8_t> encodePng(const RgbImage& picture);
std::vector<std::uint8_t> encodePngGray(int width, int height, const std::uint8_t* pixels);

// Throws PngError naming the path when the file cannot be written.
void writePng(const std::string& path, const RgbImage& picture);
void writeFile(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace medsam::core
