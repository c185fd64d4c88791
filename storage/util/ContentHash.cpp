#include "storage/util/ContentHash.h"

#include <cstring>

#include "storage/util/Sha256.h"

namespace medsam::storage {

std::string contentHash(const core::Image<float>& image) {
    Sha256 sha;
    sha.update(std::string("medsam-voxels-v1"));
    for (int d = 0; d < 3; ++d) {
        const std::uint32_t n = static_cast<std::uint32_t>(image.size()[d]);
        const std::uint8_t le[4] = {std::uint8_t(n), std::uint8_t(n >> 8), std::uint8_t(n >> 16),
                                    std::uint8_t(n >> 24)};
        sha.update(le, 4);
    }
    // Little-endian float32 on every host we build for (x86-64, aarch64); hash in chunks to stay cache-warm.
    static_assert(sizeof(float) == 4, "float32 expected");
    sha.update(image.data(), image.voxels().size() * sizeof(float));
    return sha.hexFinish();
}

}  // namespace medsam::storage
