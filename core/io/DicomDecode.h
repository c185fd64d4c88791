#pragma once

#include <string>
#include <vector>

// Internal to core/io: decoding one DICOM file's pixels with DCMTK.
namespace medsam::core::detail {

// Registers DCMTK's JPEG, JPEG-LS and RLE decoders once per process (thread-safe).
void registerDicomCodecs();

struct DecodedFile {
    int columns = 0, rows = 0, frames = 0;
    // frames * rows * columns values, rescale slope/intercept applied, MONOCHROME1 inverted, colour ->
    // luminance.
    std::vector<float> voxels;
};

// Loads and decodes every frame. Throws ImageIoError naming the file: truncated file, no pixel data, pixel
// data shorter than Rows x Columns x Frames says, unsupported transfer syntax (JPEG 2000) or photometric
// interpretation.
DecodedFile decodeDicomFile(const std::string& path);

}  // namespace medsam::core::detail
