#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/image/Image.h"

namespace medsam::core {

// Compact, exact storage of masks and label maps: run-length encoding of the voxel values (x fastest),
// LEB128 varints, then zstd, then a CRC-32 of the whole blob: a corrupted byte is always an error, never a
// different mask (blobs written before the checksum, magic MSK1, still decode). A 512x512 agent mask is
// typically a few hundred bytes.
// Only the grid size is stored: geometry belongs to the image the mask is drawn on.
class MaskCodecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::vector<std::uint8_t> encodeMask(const Image<std::uint8_t>& mask);
std::vector<std::uint8_t> encodeLabels(const Image<std::uint16_t>& labels);

// Decoded images get a default geometry of the stored size (spacing 1, identity); callers that know the
// image's geometry pass it and the decoder checks that the sizes agree.
Image<std::uint8_t> decodeMask(const std::vector<std::uint8_t>& bytes);
Image<std::uint16_t> decodeLabels(const std::vector<std::uint8_t>& bytes);
Image<std::uint8_t> decodeMask(const std::vector<std::uint8_t>& bytes, const ImageGeometry& geometry);
Image<std::uint16_t> decodeLabels(const std::vector<std::uint8_t>& bytes, const ImageGeometry& geometry);

}  // namespace medsam::core
