#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace medsam::storage {

// FIPS 180-4 SHA-256, incremental. Used for image content hashes (merge matches images by them) and for
// the export manifest's checksums; no crypto library is linked for this one function.
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    std::array<std::uint8_t, 32> finish();
    std::string hexFinish();  // lower-case hex

private:
    void block(const std::uint8_t* p);
    std::array<std::uint32_t, 8> h_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t used_ = 0;
    std::uint64_t total_ = 0;
};

std::string sha256Hex(const void* data, std::size_t size);
// Throws std::runtime_error naming the file when it cannot be read.
std::string sha256File(const std::string& path);

}  // namespace medsam::storage
