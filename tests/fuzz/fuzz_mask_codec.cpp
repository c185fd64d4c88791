// libFuzzer harness: any bytes through the mask decoder (core/codec/MaskCodec.h), as a stored step's mask
// from a crafted project would arrive; every mask it accepts must encode and decode to itself.
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <vector>

#include "core/codec/MaskCodec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    try {
        const auto mask = medsam::core::decodeMask(bytes);
        if (medsam::core::decodeMask(medsam::core::encodeMask(mask)).voxels() != mask.voxels()) std::abort();
    } catch (const std::exception&) {
    }
    return 0;
}
