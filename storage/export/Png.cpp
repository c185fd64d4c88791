#include "storage/export/Png.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "storage/db/Records.h"

namespace medsam::storage {

namespace {
std::uint32_t get32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
}  // namespace

std::vector<std::uint8_t> readPng(const std::string& path, int& width, int& height, int& channels) {
    std::ifstream file(path, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
    if (bytes.size() < 8 + 25 || std::memcmp(bytes.data(), kSignature, 8) != 0) {
        throw StorageError(path + " is not a PNG file");
    }
    std::vector<std::uint8_t> idat;
    std::size_t p = 8;
    int colorType = -1;
    while (p + 12 <= bytes.size()) {
        const std::uint32_t len = get32(&bytes[p]);
        if (p + 12 + len > bytes.size()) throw StorageError(path + ": truncated PNG chunk");
        const std::string type(reinterpret_cast<const char*>(&bytes[p + 4]), 4);
        const std::uint8_t* data = &bytes[p + 8];
        if (crc32(crc32(0L, Z_NULL, 0), &bytes[p + 4], len + 4) != get32(data + len)) {
            throw StorageError(path + ": PNG chunk " + type + " has a bad CRC");
        }
        if (type == "IHDR") {
            width = static_cast<int>(get32(data));
            height = static_cast<int>(get32(data + 4));
            if (data[8] != 8 || data[12] != 0)
                throw StorageError(path + ": only 8-bit non-interlaced PNG is read");
            colorType = data[9];
        } else if (type == "IDAT") {
            idat.insert(idat.end(), data, data + len);
        }
        p += 12 + len;
    }
    if (colorType != 0 && colorType != 2) throw StorageError(path + ": only gray or RGB PNG is read");
    channels = colorType == 2 ? 3 : 1;
    const std::size_t stride = static_cast<std::size_t>(width) * channels;
    std::vector<std::uint8_t> raw((stride + 1) * height);
    uLongf rawSize = static_cast<uLongf>(raw.size());
    if (uncompress(raw.data(), &rawSize, idat.data(), static_cast<uLong>(idat.size())) != Z_OK ||
        rawSize != raw.size()) {
        throw StorageError(path + ": PNG image data does not decompress to its size");
    }
    std::vector<std::uint8_t> pixels(stride * height);
    for (int y = 0; y < height; ++y) {
        std::uint8_t* row = &raw[y * (stride + 1)];
        std::uint8_t* out = &pixels[y * stride];
        const std::uint8_t* prev = y > 0 ? &pixels[(y - 1) * stride] : nullptr;
        for (std::size_t x = 0; x < stride; ++x) {
            const int a = x >= static_cast<std::size_t>(channels) ? out[x - channels] : 0;
            const int b = prev ? prev[x] : 0;
            const int c = (prev && x >= static_cast<std::size_t>(channels)) ? prev[x - channels] : 0;
            int v = row[1 + x];
            switch (row[0]) {
                case 0:
                    break;
                case 1:
                    v += a;
                    break;
                case 2:
                    v += b;
                    break;
                case 3:
                    v += (a + b) / 2;
                    break;
                case 4: {
                    const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
                    v += (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
                    break;
                }
                default:
                    throw StorageError(path + ": bad PNG filter type");
            }
            out[x] = static_cast<std::uint8_t>(v);
        }
    }
    return pixels;
}

}  // namespace medsam::storage
