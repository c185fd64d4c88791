#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace medsam::core {

// A scalar image on a grid: voxels in x-fastest order (i, then j, then k), as ITK and NIfTI store them.
template <typename T>
class Image {
public:
    using Pixel = T;

    Image() = default;
    explicit Image(const ImageGeometry& geometry, T fill = T{})
        : geometry_(geometry), voxels_(geometry.voxelCount(), fill) {}
    Image(const ImageGeometry& geometry, std::vector<T> voxels)
        : geometry_(geometry), voxels_(std::move(voxels)) {
        if (voxels_.size() != geometry_.voxelCount()) {
            throw std::invalid_argument("Image: " + std::to_string(voxels_.size()) +
                                        " voxels do not fill a " + geometry_.describe() + " grid");
        }
    }

    const ImageGeometry& geometry() const { return geometry_; }
    const Size3& size() const { return geometry_.size; }
    int width() const { return geometry_.size[0]; }
    int height() const { return geometry_.size[1]; }
    int depth() const { return geometry_.size[2]; }
    bool empty() const { return voxels_.empty(); }
    bool is2D() const { return geometry_.size[2] == 1; }

    T& at(int i, int j, int k = 0) { return voxels_[geometry_.linearIndex(i, j, k)]; }
    const T& at(int i, int j, int k = 0) const { return voxels_[geometry_.linearIndex(i, j, k)]; }
    T* data() { return voxels_.data(); }
    const T* data() const { return voxels_.data(); }
    std::vector<T>& voxels() { return voxels_; }
    const std::vector<T>& voxels() const { return voxels_; }

private:
    ImageGeometry geometry_;
    std::vector<T> voxels_;
};

// Free-form facts about where an image came from (modality, series UID, description, file path...).
using ImageMetadata = std::map<std::string, std::string>;

// Intensities are stored as float: rescale slope/intercept is applied at load time and may be fractional
// (PET, some MR), every segmenter computes in floating point anyway, and one pixel type keeps one code path.
//
// Colour and 8-bit data (docs/io.md, "Colour and 8-bit images"): `image` always holds intensities (the
// luminance of a colour image), so every grey path is unchanged; a 2D colour PNG/JPEG also keeps its 8-bit
// RGB bytes in `rgb`, and `eightBit` says the intensities are 8-bit values (0..255), which models are shown
// as they are instead of through a percentile window.
struct Volume {
    Image<float> image;
    ImageMetadata metadata;
    std::vector<std::uint8_t> rgb{};  // 2D colour images: width * height * 3 bytes, row-major; else empty
    bool eightBit = false;
};

// How one 2D slice is to be shown to a model (the observation pictures, the SAM tool's input, exports).
struct SliceAppearance {
    std::vector<std::uint8_t> rgb;  // the slice's exact RGB bytes (width * height * 3) for colour; else empty
    bool eightBit = false;          // 8-bit data: identity window (0..255 as they are), no percentiles
    bool colour() const { return !rgb.empty(); }
};

// Binary masks (0/1) for one target, e.g. an agent's current mask on a slice.
using Mask = Image<std::uint8_t>;

}  // namespace medsam::core
