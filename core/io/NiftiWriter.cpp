#include "core/io/NiftiWriter.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/io/FileChecks.h"
#include "core/io/ImageIoError.h"

namespace medsam::core {

namespace {

constexpr std::size_t kHeaderBytes = 348;
constexpr std::size_t kVoxOffset = 352;  // header + 4 bytes of "no extension"
constexpr int kMaxDim = 32767;           // dim[] is int16 in NIfTI-1
constexpr std::int16_t kXformScanner = 1;

// Little-endian by construction: the bytes are put one by one, so a big-endian host writes the same file.
class Bytes {
public:
    explicit Bytes(std::size_t size) : b_(size, 0) {}
    void u8(std::size_t at, std::uint8_t v) { b_[at] = v; }
    void i16(std::size_t at, std::int16_t v) { put(at, static_cast<std::uint16_t>(v), 2); }
    void i32(std::size_t at, std::int32_t v) { put(at, static_cast<std::uint32_t>(v), 4); }
    void f32(std::size_t at, double v) {
        const float f = static_cast<float>(v);
        std::uint32_t bits = 0;
        std::memcpy(&bits, &f, 4);
        put(at, bits, 4);
    }
    void text(std::size_t at, const char* s, std::size_t n) { std::memcpy(b_.data() + at, s, n); }
    std::vector<std::uint8_t>& bytes() { return b_; }

private:
    void put(std::size_t at, std::uint64_t v, int n) {
        for (int k = 0; k < n; ++k)
            b_[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v >> (8 * k));
    }
    std::vector<std::uint8_t> b_;
};

struct Quatern {
    double b = 0, c = 0, d = 0, qfac = 1;
};

// nifti1_io's nifti_mat44_to_quatern for a matrix with orthonormal columns `r` (row-major, RAS).
Quatern quaternOf(std::array<double, 9> r) {
    Quatern q;
    const double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) +
                       r[2] * (r[3] * r[7] - r[4] * r[6]);
    if (det < 0) {  // left-handed grid: NIfTI stores it as qfac = -1 and a proper rotation
        q.qfac = -1;
        r[2] = -r[2];
        r[5] = -r[5];
        r[8] = -r[8];
    }
    double a = r[0] + r[4] + r[8] + 1.0;
    double b = 0, c = 0, d = 0;
    if (a > 0.5) {
        a = 0.5 * std::sqrt(a);
        b = 0.25 * (r[7] - r[5]) / a;
        c = 0.25 * (r[2] - r[6]) / a;
        d = 0.25 * (r[3] - r[1]) / a;
    } else {
        const double xd = 1.0 + r[0] - (r[4] + r[8]);
        const double yd = 1.0 + r[4] - (r[0] + r[8]);
        const double zd = 1.0 + r[8] - (r[0] + r[4]);
        if (xd > 1.0) {
            b = 0.5 * std::sqrt(xd);
            c = 0.25 * (r[1] + r[3]) / b;
            d = 0.25 * (r[2] + r[6]) / b;
            a = 0.25 * (r[7] - r[5]) / b;
        } else if (yd > 1.0) {
            c = 0.5 * std::sqrt(yd);
            b = 0.25 * (r[1] + r[3]) / c;
            d = 0.25 * (r[5] + r[7]) / c;
            a = 0.25 * (r[2] - r[6]) / c;
        } else {
            d = 0.5 * std::sqrt(zd);
            b = 0.25 * (r[2] + r[6]) / d;
            c = 0.25 * (r[5] + r[7]) / d;
            a = 0.25 * (r[3] - r[1]) / d;
        }
        if (a < 0.0) {
            b = -b;
            c = -c;
            d = -d;
        }
    }
    q.b = b;
    q.c = c;
    q.d = d;
    return q;
}

bool orthonormal(const Mat3& m) {
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            const double dot = m[i] * m[j] + m[3 + i] * m[3 + j] + m[6 + i] * m[6 + j];
            if (std::abs(dot - (i == j ? 1.0 : 0.0)) > 1e-4) return false;
        }
    }
    return true;
}

std::vector<std::uint8_t> header(const std::string& path, const ImageGeometry& g, std::int16_t datatype,
                                 std::int16_t bitpix) {
    for (int a = 0; a < 3; ++a) {
        if (g.size[a] < 1 || g.size[a] > kMaxDim) {
            throw ImageIoError(path, "NIfTI-1 stores 1.." + std::to_string(kMaxDim) +
                                         " voxels per axis but axis " + std::to_string(a) + " has " +
                                         std::to_string(g.size[a]) + "; write .nrrd or .mha instead");
        }
    }
    Bytes h(kVoxOffset);
    h.i32(0, static_cast<std::int32_t>(kHeaderBytes));
    h.u8(38, 'r');  // "regular", as nifti1_io writes it
    const std::int16_t dims[8] = {3,
                                  static_cast<std::int16_t>(g.size[0]),
                                  static_cast<std::int16_t>(g.size[1]),
                                  static_cast<std::int16_t>(g.size[2]),
                                  1,
                                  1,
                                  1,
                                  1};
    for (int i = 0; i < 8; ++i) h.i16(40 + 2 * static_cast<std::size_t>(i), dims[i]);
    h.i16(70, datatype);
    h.i16(72, bitpix);

    // LPS (ours) -> RAS (NIfTI's world) flips the first two world axes.
    std::array<double, 9> ras{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) ras[3 * r + c] = (r < 2 ? -1.0 : 1.0) * g.direction[3 * r + c];
    const Vec3 originRas{-g.origin[0], -g.origin[1], g.origin[2]};

    const bool qformPossible = orthonormal(g.direction);
    const Quatern q = qformPossible ? quaternOf(ras) : Quatern{};
    const double pixdim[8] = {q.qfac, g.spacing[0], g.spacing[1], g.spacing[2], 1, 1, 1, 1};
    for (int i = 0; i < 8; ++i) h.f32(76 + 4 * static_cast<std::size_t>(i), pixdim[i]);
    h.f32(108, static_cast<double>(kVoxOffset));
    h.f32(112, 1.0);  // scl_slope: voxels are stored as they are
    h.u8(123, 10);    // xyzt_units: mm and s
    const char descrip[] = "MedSAM Agent Studio";
    h.text(148, descrip, sizeof descrip - 1);
    h.i16(252, qformPossible ? kXformScanner : 0);
    h.i16(254, kXformScanner);
    h.f32(256, q.b);
    h.f32(260, q.c);
    h.f32(264, q.d);
    for (int r = 0; r < 3; ++r) h.f32(268 + 4 * static_cast<std::size_t>(r), originRas[r]);
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c)
            h.f32(280 + 16 * static_cast<std::size_t>(r) + 4 * c, ras[3 * r + c] * g.spacing[c]);
        h.f32(280 + 16 * static_cast<std::size_t>(r) + 12, originRas[r]);
    }
    h.text(344, "n+1\0", 4);
    return std::move(h.bytes());
}

template <typename T>
void appendLittleEndian(std::vector<std::uint8_t>& out, const std::vector<T>& voxels) {
    out.reserve(out.size() + voxels.size() * sizeof(T));
    for (const T v : voxels) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof(T));  // the value's bits, then put low byte first
        for (std::size_t k = 0; k < sizeof(T); ++k) out.push_back(static_cast<std::uint8_t>(bits >> (8 * k)));
    }
}

std::vector<std::uint8_t> gzip(const std::vector<std::uint8_t>& data, const std::string& path) {
    z_stream z{};
    // windowBits 15 + 16: gzip wrapper; without deflateSetHeader zlib writes mtime 0 and no name.
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw ImageIoError(path, "zlib cannot start compressing");
    // zlib counts in 32-bit unsigned: feed and drain in chunks so volumes over 4 GiB are not cut short.
    constexpr std::size_t kChunk = std::size_t{1} << 30;
    std::vector<std::uint8_t> out;
    std::vector<std::uint8_t> buffer(std::size_t{1} << 20);
    std::size_t fed = 0;
    int rc = Z_OK;
    do {
        if (z.avail_in == 0 && fed < data.size()) {
            const std::size_t n = std::min(kChunk, data.size() - fed);
            z.next_in = const_cast<Bytef*>(data.data() + fed);
            z.avail_in = static_cast<uInt>(n);
            fed += n;
        }
        z.next_out = buffer.data();
        z.avail_out = static_cast<uInt>(buffer.size());
        rc = deflate(&z, fed == data.size() ? Z_FINISH : Z_NO_FLUSH);
        out.insert(out.end(), buffer.data(), buffer.data() + (buffer.size() - z.avail_out));
    } while (rc == Z_OK || rc == Z_BUF_ERROR);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw ImageIoError(path, "gzip compression failed");
    return out;
}

bool endsWith(const std::string& s, const std::string& tail) {
    if (s.size() < tail.size()) return false;
    for (std::size_t k = 0; k < tail.size(); ++k) {
        const char c = s[s.size() - tail.size() + k];
        if (static_cast<char>(std::tolower(static_cast<unsigned char>(c))) != tail[k]) return false;
    }
    return true;
}

template <typename T>
void write(const std::string& path, const Image<T>& image, std::int16_t datatype) {
    if (image.empty()) throw ImageIoError(path, "cannot write an empty image");
    detail::requireValidGeometry(path, image.geometry());
    const bool gz = endsWith(path, ".nii.gz");
    if (!gz && !endsWith(path, ".nii")) throw ImageIoError(path, "a NIfTI file name ends in .nii or .nii.gz");
    std::vector<std::uint8_t> file =
        header(path, image.geometry(), datatype, static_cast<std::int16_t>(8 * sizeof(T)));
    appendLittleEndian(file, image.voxels());
    if (gz) file = gzip(file, path);
    detail::requireWritableTarget(path);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
    out.close();
    if (!out) throw ImageIoError(path, "cannot write the file (disk full or no permission?)");
}

}  // namespace

void writeNifti(const std::string& path, const Image<float>& image) {
    write(path, image, 16);  // DT_FLOAT32
}
void writeNifti(const std::string& path, const Image<std::uint16_t>& labels) {
    write(path, labels, 512);  // DT_UINT16
}
void writeNifti(const std::string& path, const Image<std::uint8_t>& mask) {
    write(path, mask, 2);  // DT_UINT8
}

}  // namespace medsam::core
