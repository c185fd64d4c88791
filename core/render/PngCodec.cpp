#include "core/render/PngCodec.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace medsam::core {
namespace {

void putU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 24));
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

void chunk(std::vector<std::uint8_t>& out, const char type[4], const std::vector<std::uint8_t>& data) {
    putU32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    const uLong crc = crc32(0L, out.data() + start, static_cast<uInt>(out.size() - start));
    putU32(out, static_cast<std::uint32_t>(crc));
}

std::vector<std::uint8_t> encode(int width, int height, int channels, const std::uint8_t* pixels) {
    if (width <= 0 || height <= 0 || pixels == nullptr) throw PngError("PNG: empty image");
    const std::size_t rowBytes = static_cast<std::size_t>(width) * channels;
    // Filter type 1 (Sub) on every row: medical pictures are smooth, and Sub halves the size versus None.
    std::vector<std::uint8_t> raw((rowBytes + 1) * height);
    for (int y = 0; y < height; ++y) {
        std::uint8_t* dst = raw.data() + y * (rowBytes + 1);
        const std::uint8_t* src = pixels + y * rowBytes;
        dst[0] = 1;
        for (std::size_t n = 0; n < rowBytes; ++n) {
            const std::uint8_t left = n >= static_cast<std::size_t>(channels) ? src[n - channels] : 0;
            dst[n + 1] = static_cast<std::uint8_t>(src[n] - left);
        }
    }
    uLongf packedSize = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> packed(packedSize);
    if (compress2(packed.data(), &packedSize, raw.data(), static_cast<uLong>(raw.size()), 6) != Z_OK) {
        throw PngError("PNG: zlib compression failed");
    }
    packed.resize(packedSize);

    std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<std::uint8_t> header;
    putU32(header, static_cast<std::uint32_t>(width));
    putU32(header, static_cast<std::uint32_t>(height));
    header.push_back(8);                      // bit depth
    header.push_back(channels == 3 ? 2 : 0);  // colour type: truecolour or greyscale
    header.push_back(0);                      // deflate
    header.push_back(0);                      // adaptive filtering
    header.push_back(0);                      // no interlace
    chunk(out, "IHDR", header);
    chunk(out, "IDAT", packed);
    chunk(out, "IEND", {});
    return out;
}

}  // namespace

std::vector<std::uint8_t> encodePng(const RgbImage& picture) {
    return encode(picture.width, picture.height, 3, picture.rgb.data());
}

std::vector<std::uint8_t> encodePngGray(int width, int height, const std::uint8_t* pixels) {
    return encode(width, height, 1, pixels);
}

void writeFile(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!file) throw PngError("cannot open " + path + " for writing: " + std::strerror(errno));
    if (std::fwrite(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
        throw PngError("cannot write " + path + ": " + std::strerror(errno));
    }
    if (std::fflush(file.get()) != 0) throw PngError("cannot write " + path + ": " + std::strerror(errno));
}

void writePng(const std::string& path, const RgbImage& picture) {
    writeFile(path, encodePng(picture));
}

}  // namespace medsam::core
