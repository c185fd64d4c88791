#pragma once

#include <string>
#include <vector>

class DcmFileFormat;
class OFCondition;

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

// Why DCMTK could not read `path` (status from loadFile, `file` as far as it was read), in words that tell a
// file cut short ("truncated DICOM file: it ends inside element ...") from a length field larger than the
// whole file (a damaged file, a wrong transfer syntax, or no DICOM at all), naming the element either way.
std::string dicomReadProblem(const std::string& path, DcmFileFormat& file, const OFCondition& status);

// Loads and decodes every frame. Throws ImageIoError naming the file: truncated file, no pixel data, pixel
// data shorter than Rows x Columns x Frames says, unsupported transfer syntax (JPEG 2000) or photometric
// interpretation.
DecodedFile decodeDicomFile(const std::string& path);

}  // namespace medsam::core::detail
