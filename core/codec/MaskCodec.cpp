#include "core/codec/MaskCodec.h"

#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>
#include <string>

namespace medsam::core {
namespace {

// MSK2 (written): magic, pixel type, one zstd frame, CRC-32 of everything before it (little-endian). A CRC-32
// detects every error burst up to 32 bits, so any corrupted byte is an error, never a different mask.
// MSK1 (read only, written before the checksum existed): magic, pixel type, one zstd frame; it is accepted
// only when the frame spans the payload exactly, so an MSK2 blob whose magic was corrupted into MSK1 is
// refused.
constexpr std::uint8_t kMagic[4] = {'M', 'S', 'K', '2'};
constexpr std::uint8_t kLegacyMagic[4] = {'M', 'S', 'K', '1'};
constexpr std::size_t kHeader = sizeof kMagic + 1;
constexpr std::size_t kChecksumBytes = 4;
constexpr std::uint8_t kTypeU8 = 1;
constexpr std::uint8_t kTypeU16 = 2;
constexpr int kZstdLevel = 3;  // level 3 is ~10x faster than 19 and within a few % of its size on masks

void putVarint(std::vector<std::uint8_t>& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(value));
}

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= size_) throw MaskCodecError("mask data ends inside a number");
            const std::uint8_t byte = data_[pos_++];
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return value;
        }
        throw MaskCodecError("mask data holds a number longer than 64 bits");
    }
    bool done() const { return pos_ == size_; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

std::uint32_t checksum(const std::uint8_t* data, std::size_t size) {
    return static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), data, static_cast<uInt>(size)));
}

// The zstd frame of a blob after its checksum (MSK2) or its single-frame shape (MSK1) was verified.
struct Payload {
    const std::uint8_t* data;
    std::size_t size;
};

Payload verifiedPayload(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < kHeader) throw MaskCodecError("not an encoded mask (too short)");
    if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0) {
        if (bytes.size() < kHeader + kChecksumBytes) throw MaskCodecError("encoded mask is truncated");
        const std::size_t body = bytes.size() - kChecksumBytes;
        std::uint32_t stored = 0;
        for (int b = 0; b < 4; ++b) stored |= static_cast<std::uint32_t>(bytes[body + b]) << (8 * b);
        if (checksum(bytes.data(), body) != stored) {
            throw MaskCodecError("encoded mask is corrupt (checksum mismatch)");
        }
        return {bytes.data() + kHeader, body - kHeader};
    }
    if (std::memcmp(bytes.data(), kLegacyMagic, sizeof kLegacyMagic) == 0) {
        const std::size_t frame =
            ZSTD_findFrameCompressedSize(bytes.data() + kHeader, bytes.size() - kHeader);
        if (ZSTD_isError(frame) || frame != bytes.size() - kHeader) {
            throw MaskCodecError("encoded mask (MSK1) is corrupt: its data is not exactly one zstd frame");
        }
        return {bytes.data() + kHeader, bytes.size() - kHeader};
    }
    throw MaskCodecError("not an encoded mask (bad magic)");
}

template <typename T>
std::vector<std::uint8_t> encode(const Image<T>& image, std::uint8_t type) {
    std::vector<std::uint8_t> runs;
    const auto& v = image.voxels();
    putVarint(runs, static_cast<std::uint64_t>(image.width()));
    putVarint(runs, static_cast<std::uint64_t>(image.height()));
    putVarint(runs, static_cast<std::uint64_t>(image.depth()));
    std::size_t n = 0;
    while (n < v.size()) {
        std::size_t end = n + 1;
        while (end < v.size() && v[end] == v[n]) ++end;
        putVarint(runs, v[n]);
        putVarint(runs, end - n);
        n = end;
    }
    std::vector<std::uint8_t> out(kHeader + ZSTD_compressBound(runs.size()) + kChecksumBytes);
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    out[sizeof kMagic] = type;
    const std::size_t written =
        ZSTD_compress(out.data() + kHeader, out.size() - kHeader, runs.data(), runs.size(), kZstdLevel);
    if (ZSTD_isError(written)) throw MaskCodecError(std::string("zstd: ") + ZSTD_getErrorName(written));
    out.resize(kHeader + written);
    const std::uint32_t crc = checksum(out.data(), out.size());
    for (int b = 0; b < 4; ++b) out.push_back(static_cast<std::uint8_t>(crc >> (8 * b)));
    return out;
}

// Streaming decompression: a corrupt frame header cannot make us allocate what it claims up front.
std::vector<std::uint8_t> decompress(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t kMaxRunBytes = std::size_t{1} << 31;
    std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    if (!context) throw MaskCodecError("zstd: out of memory");
    std::vector<std::uint8_t> out;
    std::vector<std::uint8_t> chunk(ZSTD_DStreamOutSize());
    ZSTD_inBuffer in{data, size, 0};
    std::size_t remaining = 1;
    while (in.pos < in.size || remaining != 0) {
        ZSTD_outBuffer buffer{chunk.data(), chunk.size(), 0};
        remaining = ZSTD_decompressStream(context.get(), &buffer, &in);
        if (ZSTD_isError(remaining))
            throw MaskCodecError(std::string("encoded mask is corrupt (zstd: ") +
                                 ZSTD_getErrorName(remaining) + ")");
        out.insert(out.end(), chunk.data(), chunk.data() + buffer.pos);
        if (out.size() > kMaxRunBytes) throw MaskCodecError("encoded mask is corrupt (expands beyond 2 GiB)");
        if (buffer.pos == 0 && in.pos == in.size && remaining != 0) {
            throw MaskCodecError("encoded mask is truncated");
        }
    }
    return out;
}

template <typename T>
Image<T> decode(const std::vector<std::uint8_t>& bytes, std::uint8_t type, const ImageGeometry* expected) {
    const Payload payload = verifiedPayload(bytes);
    if (bytes[sizeof kMagic] != type) {
        throw MaskCodecError("encoded mask has pixel type " + std::to_string(bytes[sizeof kMagic]) +
                             ", expected " + std::to_string(type));
    }
    const std::vector<std::uint8_t> runs = decompress(payload.data, payload.size);
    Reader reader(runs.data(), runs.size());
    ImageGeometry geometry;
    for (int a = 0; a < 3; ++a) {
        const std::uint64_t extent = reader.varint();
        if (extent == 0 || extent > (1u << 20)) throw MaskCodecError("encoded mask has an invalid size");
        geometry.size[a] = static_cast<int>(extent);
    }
    if (expected != nullptr) {
        if (expected->size != geometry.size) {
            throw MaskCodecError("encoded mask is " + geometry.describe() + " but the image is " +
                                 expected->describe());
        }
        geometry = *expected;
    }
    const std::size_t total = geometry.voxelCount();
    std::vector<T> voxels;
    voxels.reserve(total);
    while (!reader.done()) {
        const std::uint64_t value = reader.varint();
        const std::uint64_t length = reader.varint();
        if (value > static_cast<std::uint64_t>(static_cast<T>(~T{0}))) {
            throw MaskCodecError("encoded mask holds a value out of range");
        }
        if (length == 0 || length > total - voxels.size())
            throw MaskCodecError("encoded mask runs overflow the grid");
        voxels.insert(voxels.end(), static_cast<std::size_t>(length), static_cast<T>(value));
    }
    if (voxels.size() != total) throw MaskCodecError("encoded mask runs do not fill the grid");
    return Image<T>(geometry, std::move(voxels));
}

}  // namespace

std::vector<std::uint8_t> encodeMask(const Image<std::uint8_t>& mask) {
    return encode(mask, kTypeU8);
}
std::vector<std::uint8_t> encodeLabels(const Image<std::uint16_t>& labels) {
    return encode(labels, kTypeU16);
}
Image<std::uint8_t> decodeMask(const std::vector<std::uint8_t>& bytes) {
    return decode<std::uint8_t>(bytes, kTypeU8, nullptr);
}
Image<std::uint16_t> decodeLabels(const std::vector<std::uint8_t>& bytes) {
    return decode<std::uint16_t>(bytes, kTypeU16, nullptr);
}
Image<std::uint8_t> decodeMask(const std::vector<std::uint8_t>& bytes, const ImageGeometry& geometry) {
    return decode<std::uint8_t>(bytes, kTypeU8, &geometry);
}
Image<std::uint16_t> decodeLabels(const std::vector<std::uint8_t>& bytes, const ImageGeometry& geometry) {
    return decode<std::uint16_t>(bytes, kTypeU16, &geometry);
}

}  // namespace medsam::core
