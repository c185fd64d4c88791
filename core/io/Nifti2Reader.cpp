#include "core/io/Nifti2Reader.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/io/FileChecks.h"
#include "core/io/ImageIoError.h"

// ITK 5.2 (Debian) reads NIfTI-1 only; NIfTI-2 (64-bit dims, double geometry) is read here. Same conventions
// as ITK's NIfTI-1 reader: qform if qform_code > 0, else sform, else pixdim; RAS -> LPS; scl_slope applied.
namespace medsam::core::detail {
namespace {

constexpr std::size_t kHeaderSize = 540;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// gzread reads plain files too, so one path handles .nii and .nii.gz.
std::vector<unsigned char> readAll(const std::string& path, std::size_t limit) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) throw ImageIoError(path, "cannot open file");
    std::vector<unsigned char> out;
    unsigned char buffer[1 << 16];
    for (;;) {
        const std::size_t want = std::min<std::size_t>(sizeof buffer, limit - out.size());
        if (want == 0) break;
        const int got = gzread(file, buffer, unsigned(want));
        if (got < 0) {
            int code = 0;
            const std::string why = gzerror(file, &code);
            gzclose(file);
            throw ImageIoError(path, "corrupt compressed data (" + why + ")");
        }
        if (got == 0) break;
        out.insert(out.end(), buffer, buffer + got);
    }
    gzclose(file);
    return out;
}

class HeaderView {
public:
    HeaderView(const std::vector<unsigned char>& bytes, bool swap) : bytes_(bytes), swap_(swap) {}
    template <typename T>
    T get(std::size_t offset) const {
        T value;
        unsigned char raw[sizeof(T)];
        std::memcpy(raw, bytes_.data() + offset, sizeof(T));
        if (swap_) std::reverse(raw, raw + sizeof(T));
        std::memcpy(&value, raw, sizeof(T));
        return value;
    }

private:
    const std::vector<unsigned char>& bytes_;
    bool swap_;
};

template <typename T>
void convert(const unsigned char* data, std::size_t count, bool swap, double slope, double inter,
             float* out) {
    for (std::size_t i = 0; i < count; ++i) {
        unsigned char raw[sizeof(T)];
        std::memcpy(raw, data + i * sizeof(T), sizeof(T));
        if (swap) std::reverse(raw, raw + sizeof(T));
        T value;
        std::memcpy(&value, raw, sizeof(T));
        out[i] = float(double(value) * slope + inter);
    }
}

}  // namespace

void checkGzipIntegrity(const std::string& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) throw ImageIoError(path, "cannot open file");
    gzbuffer(file, 1 << 17);
    std::vector<unsigned char> buffer(1 << 17);
    std::size_t total = 0;
    for (;;) {
        const int got = gzread(file, buffer.data(), unsigned(buffer.size()));
        if (got < 0) {
            int code = 0;
            const std::string why = gzerror(file, &code);
            gzclose(file);
            throw ImageIoError(path,
                               "corrupt gzip data after " + std::to_string(total) + " bytes (" + why + ")");
        }
        if (got == 0) break;
        total += std::size_t(got);
    }
    // gzread returns 0 at a clean end and also when the stream stops early; gzclose reports the latter.
    const int closed = gzclose(file);
    if (closed != Z_OK) {
        throw ImageIoError(path, closed == Z_BUF_ERROR
                                     ? "truncated gzip data (file ends inside the stream)"
                                     : "corrupt gzip data (code " + std::to_string(closed) + ")");
    }
}

namespace {
long long uncompressedSize(const std::string& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) return -1;
    std::vector<unsigned char> buffer(1 << 17);
    long long total = 0;
    for (int got; (got = gzread(file, buffer.data(), unsigned(buffer.size()))) > 0;) total += got;
    gzclose(file);
    return total;
}
}  // namespace

namespace {
// Bytes per voxel of a NIfTI datatype code; 0 for codes this check leaves to ITK (binary, unknown).
std::size_t datatypeBytes(std::int16_t datatype) {
    switch (datatype) {
        case 2:
        case 256:
            return 1;  // uint8, int8
        case 4:
        case 512:
            return 2;  // int16, uint16
        case 8:
        case 16:
        case 768:
        case 2304:
            return 4;  // int32, float32, uint32, RGBA32
        case 32:
        case 64:
        case 1024:
        case 1280:
            return 8;  // complex64, float64, int64, uint64
        case 128:
            return 3;  // RGB24
        case 1536:
        case 1792:
            return 16;  // float128, complex128
        case 2048:
            return 32;  // complex256
        default:
            return 0;
    }
}

std::string partner(const std::string& path, const char* from, const char* to) {
    return path.substr(0, path.size() - std::strlen(from)) + to;
}

std::string number(double v) {
    char text[40];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}
}  // namespace

void checkNifti1(const std::string& path) {
    // The header: the file itself, or the .hdr partner of an .img.
    std::string headerPath = path, dataPath;
    for (const auto& [img, hdr] : {std::pair{".img.gz", ".hdr.gz"}, std::pair{".img", ".hdr"}}) {
        if (endsWith(path, img)) {
            headerPath = partner(path, img, hdr);
            dataPath = path;
            break;
        }
    }
    for (const auto& [hdr, img] : {std::pair{".hdr.gz", ".img.gz"}, std::pair{".hdr", ".img"}}) {
        if (endsWith(path, hdr)) dataPath = partner(path, hdr, img);
    }
    if (headerPath != path) requireRegularFile(headerPath, "header of " + path);
    const std::vector<unsigned char> header = readAll(headerPath, 348);
    if (header.size() < 348) return;  // not NIfTI-1: ITK says what it is
    std::int32_t size = 0;
    std::memcpy(&size, header.data(), 4);
    // NIfTI's magic as nifti1_io recognises it (its NIFTI_VERSION): "n+N" (one file) or "niN" (.hdr/.img)
    // with N in 1..9 and a terminating zero. It reads "n+2" at byte 344 as NIfTI too, so it is checked as
    // NIfTI here.
    const char* magic = reinterpret_cast<const char*>(header.data() + 344);
    const bool hasMagic = magic[0] == 'n' && (magic[1] == '+' || magic[1] == 'i') && magic[2] >= '1' &&
                          magic[2] <= '9' && magic[3] == '\0';
    const bool single = hasMagic && magic[1] == '+';
    if (size != 348 && size != 0x5C010000) {
        // NIfTI-2 (540) went to readNifti2 before. A file without NIfTI's magic is left to ITK, which says it
        // is not an image; one with the magic but another header size, nifti1_io read anyway (byte order
        // guessed from dim[0]) and ITK aborted on the nonsense geometry it made (found by the fuzz pass in
        // CI).
        if (!hasMagic) return;
        throw ImageIoError(headerPath, "not a NIfTI-1 header: sizeof_hdr is " + std::to_string(size) +
                                           " (NIfTI-1 and Analyze headers have 348, NIfTI-2 540)");
    }
    const HeaderView h(header, size != 348);
    if (!single && dataPath.empty()) return;  // a lone Analyze-style header without an .img name: ITK decides

    const std::int16_t rank = h.get<std::int16_t>(40);
    if (rank < 1 || rank > 7) {
        throw ImageIoError(headerPath,
                           "NIfTI header has invalid dim[0] " + std::to_string(rank) + " (must be 1..7)");
    }
    std::uint64_t count = 1;
    for (int i = 1; i <= rank; ++i) {
        const std::int16_t d = h.get<std::int16_t>(40 + 2 * std::size_t(i));
        if (d < 1) {
            throw ImageIoError(headerPath, "NIfTI header has dim[" + std::to_string(i) +
                                               "] = " + std::to_string(d) + " (must be >= 1)");
        }
        count *= std::uint64_t(d);  // <= 32767^7 < 2^105: checked below before it can wrap
        if (count > (std::uint64_t(1) << 48)) {
            throw ImageIoError(headerPath, "NIfTI header dimensions multiply to more than 2^48 voxels");
        }
    }
    // Geometry ITK would turn into a direction matrix: non-finite values make ITK abort (vnl), so refuse them
    // here with the field's name.
    static const char* const kPixdim[] = {"qfac", "pixdim[1]", "pixdim[2]", "pixdim[3]"};
    for (int i = 1; i <= std::min<int>(rank, 3); ++i) {
        const float v = h.get<float>(76 + 4 * std::size_t(i));
        if (!std::isfinite(v)) {
            throw ImageIoError(headerPath, std::string("invalid geometry: NIfTI ") + kPixdim[i] +
                                               " (voxel size) is " + number(v));
        }
    }
    if (h.get<std::int16_t>(252) > 0) {
        static const char* const kQ[] = {"quatern_b", "quatern_c", "quatern_d",
                                         "qoffset_x", "qoffset_y", "qoffset_z"};
        for (std::size_t i = 0; i < 6; ++i) {
            const float v = h.get<float>(256 + 4 * i);
            if (!std::isfinite(v)) {
                throw ImageIoError(
                    headerPath, std::string("invalid geometry: NIfTI qform ") + kQ[i] + " is " + number(v));
            }
        }
    }
    if (h.get<std::int16_t>(254) > 0) {
        double m[12];
        for (std::size_t i = 0; i < 12; ++i) {
            m[i] = h.get<float>(280 + 4 * i);
            if (!std::isfinite(m[i])) {
                throw ImageIoError(headerPath, "invalid geometry: NIfTI sform srow_" +
                                                   std::string(1, "xyz"[i / 4]) + "[" +
                                                   std::to_string(i % 4) + "] is " + number(m[i]));
            }
        }
        const double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) +
                           m[2] * (m[4] * m[9] - m[5] * m[8]);
        if (!(std::abs(det) > 1e-12)) {
            throw ImageIoError(headerPath, "invalid geometry: NIfTI sform matrix is singular (determinant " +
                                               number(det) + ")");
        }
    }

    // The byte count, always: from the header's own datatype (not ITK's pixel type, which becomes float when
    // scl_slope/scl_inter ask for scaling and would double the bytes needed of an int16 file).
    const std::size_t bytes = datatypeBytes(h.get<std::int16_t>(70));
    if (bytes == 0) return;
    const std::uint64_t need = count * bytes;
    if (single) {
        const float voxOffset = h.get<float>(108);
        if (!std::isfinite(voxOffset) || voxOffset < 348.0f) {
            throw ImageIoError(headerPath, "NIfTI header has invalid vox_offset " + number(voxOffset) +
                                               " (a single .nii file's voxels start at byte 348 or later)");
        }
        const long long total = uncompressedSize(path);
        // Compared in double: a vox_offset far beyond any file (1e27 in a fuzzed header) must be an error,
        // not a float-to-integer conversion out of range (undefined behaviour).
        if (static_cast<double>(voxOffset) + static_cast<double>(need) > static_cast<double>(total)) {
            throw ImageIoError(path, "header dimensions need " + std::to_string(need) +
                                         " bytes of voxel data from byte " + number(voxOffset) +
                                         " but the file holds " + std::to_string(total) +
                                         " bytes in all (truncated file or wrong header)");
        }
        return;
    }
    requireRegularFile(dataPath, "voxel data of " + headerPath);
    const long long have = uncompressedSize(dataPath);
    if (static_cast<double>(have) < static_cast<double>(need)) {
        throw ImageIoError(dataPath, "header " + headerPath + " needs " + std::to_string(need) +
                                         " bytes of voxel data but the file holds " + std::to_string(have) +
                                         " (truncated file or wrong header)");
    }
}

bool isNifti2(const std::string& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) return false;
    unsigned char head[12] = {};
    const int got = gzread(file, head, sizeof head);
    gzclose(file);
    if (got != int(sizeof head)) return false;
    std::int32_t size = 0;
    std::memcpy(&size, head, 4);
    const bool sizeOk = size == 540 || size == 0x1C020000;  // 540 in either byte order
    return sizeOk && head[4] == 'n' && (head[5] == '+' || head[5] == 'i') && head[6] == '2' && head[7] == 0;
}

Volume readNifti2(const std::string& path, const LoadOptions& options) {
    const std::vector<unsigned char> header = readAll(path, kHeaderSize);
    if (header.size() < kHeaderSize) throw ImageIoError(path, "truncated NIfTI-2 header");
    std::int32_t size = 0;
    std::memcpy(&size, header.data(), 4);
    const bool swap = size != 540;
    const HeaderView h(header, swap);
    const bool pair = header[5] == 'i';  // "ni2": header in .hdr, voxels in .img

    std::int64_t dim[8];
    for (int i = 0; i < 8; ++i) dim[i] = h.get<std::int64_t>(16 + 8 * std::size_t(i));
    if (dim[0] < 1 || dim[0] > 7)
        throw ImageIoError(path, "NIfTI-2 header has invalid dim[0] " + std::to_string(dim[0]));
    for (int i = 1; i <= dim[0]; ++i) {
        if (dim[i] < 1) throw ImageIoError(path, "NIfTI-2 header has dim[" + std::to_string(i) + "] < 1");
    }
    for (int i = 4; i <= dim[0]; ++i) {
        if (dim[i] > 1) {
            throw ImageIoError(path, std::to_string(dim[0]) +
                                         "D image is not supported: only 2D and 3D images "
                                         "can be segmented; extract one volume first");
        }
    }
    // 64-bit dims: each axis must fit the int of ImageGeometry (2^32+16 used to become 16) and their product
    // must not wrap.
    ImageGeometry g;
    std::uint64_t product = 1;
    for (int a = 0; a < 3; ++a) {
        const std::int64_t d = a < dim[0] ? dim[a + 1] : 1;
        if (d > std::numeric_limits<int>::max()) {
            throw ImageIoError(path, "NIfTI-2 header has dim[" + std::to_string(a + 1) +
                                         "] = " + std::to_string(d) +
                                         " (more voxels per axis than this program supports, 2^31-1)");
        }
        g.size[std::size_t(a)] = int(d);
        product *= std::uint64_t(d);
        if (product > (std::uint64_t(1) << 48)) {
            throw ImageIoError(path, "NIfTI-2 header dimensions multiply to more than 2^48 voxels");
        }
    }

    const std::int16_t datatype = h.get<std::int16_t>(12);
    double pixdim[8];
    for (int i = 0; i < 8; ++i) pixdim[i] = h.get<double>(104 + 8 * std::size_t(i));
    const std::int64_t voxOffset = h.get<std::int64_t>(168);
    double slope = h.get<double>(176);
    double inter = h.get<double>(184);
    if (slope == 0.0 || !std::isfinite(slope)) {
        slope = 1.0;
        inter = 0.0;
    }
    const std::int32_t qformCode = h.get<std::int32_t>(344);
    const std::int32_t sformCode = h.get<std::int32_t>(348);

    // RAS direction/origin first, converted to LPS at the end.
    double ras[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double origin[3] = {0, 0, 0};
    for (int a = 0; a < 3; ++a) g.spacing[std::size_t(a)] = pixdim[a + 1] > 0 ? pixdim[a + 1] : 1.0;
    if (qformCode > 0) {
        const double b = h.get<double>(352), c = h.get<double>(360), d = h.get<double>(368);
        double a = 1.0 - (b * b + c * c + d * d);
        a = a < 1e-7 ? 0.0 : std::sqrt(a);
        const double qfac = pixdim[0] < 0 ? -1.0 : 1.0;
        const double r[9] = {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d),           2 * (b * d + a * c),
            2 * (b * c + a * d),           a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c),           2 * (c * d + a * b),           a * a + d * d - c * c - b * b};
        std::copy(r, r + 9, ras);
        for (int row = 0; row < 3; ++row) ras[row * 3 + 2] *= qfac;
        for (int i = 0; i < 3; ++i) origin[i] = h.get<double>(376 + 8 * std::size_t(i));
    } else if (sformCode > 0) {
        for (int row = 0; row < 3; ++row) {
            for (int col = 0; col < 4; ++col) {
                const double v = h.get<double>(400 + 32 * std::size_t(row) + 8 * std::size_t(col));
                if (col == 3) {
                    origin[row] = v;
                } else {
                    ras[row * 3 + col] = v;
                }
            }
        }
        for (int col = 0; col < 3; ++col) {
            const double n =
                std::sqrt(ras[col] * ras[col] + ras[3 + col] * ras[3 + col] + ras[6 + col] * ras[6 + col]);
            if (n <= 0) throw ImageIoError(path, "NIfTI-2 sform has a zero column");
            g.spacing[std::size_t(col)] = n;
            for (int row = 0; row < 3; ++row) ras[row * 3 + col] /= n;
        }
    }
    for (int row = 0; row < 3; ++row) {
        const double sign = row < 2 ? -1.0 : 1.0;  // RAS -> LPS flips x and y
        g.origin[std::size_t(row)] = sign * origin[row];
        for (int col = 0; col < 3; ++col) g.direction[std::size_t(row * 3 + col)] = sign * ras[row * 3 + col];
    }

    std::size_t bytesPerVoxel = 0;
    switch (datatype) {
        case 2:
        case 256:
            bytesPerVoxel = 1;
            break;
        case 4:
        case 512:
            bytesPerVoxel = 2;
            break;
        case 8:
        case 16:
        case 768:
            bytesPerVoxel = 4;
            break;
        case 64:
        case 1024:
        case 1280:
            bytesPerVoxel = 8;
            break;
        default:
            throw ImageIoError(path, "unsupported NIfTI-2 datatype " + std::to_string(datatype));
    }
    const std::size_t count = g.voxelCount();
    const std::size_t need = count * bytesPerVoxel;
    std::string dataPath = path;
    std::size_t offset = std::size_t(std::max<std::int64_t>(voxOffset, 0));
    if (pair) {
        offset = 0;
        for (const char* ext : {".hdr.gz", ".hdr"}) {
            if (endsWith(path, ext)) {
                dataPath = path.substr(0, path.size() - std::strlen(ext)) +
                           (std::strlen(ext) == 7 ? ".img.gz" : ".img");
            }
        }
    }
    if (pair) requireRegularFile(dataPath, "voxel data of " + path);
    requireValidGeometry(path, g);
    requireWithinMemoryLimit(path, product, options, "the image");
    const std::vector<unsigned char> bytes = readAll(dataPath, offset + need);
    if (bytes.size() < offset + need) {
        throw ImageIoError(dataPath, "header says " + std::to_string(g.size[0]) + "x" +
                                         std::to_string(g.size[1]) + "x" + std::to_string(g.size[2]) +
                                         " voxels (" + std::to_string(need) +
                                         " bytes) but the file holds only " +
                                         std::to_string(bytes.size() > offset ? bytes.size() - offset : 0));
    }
    std::vector<float> voxels(count);
    const unsigned char* data = bytes.data() + offset;
    switch (datatype) {
        case 2:
            convert<std::uint8_t>(data, count, swap, slope, inter, voxels.data());
            break;
        case 256:
            convert<std::int8_t>(data, count, swap, slope, inter, voxels.data());
            break;
        case 4:
            convert<std::int16_t>(data, count, swap, slope, inter, voxels.data());
            break;
        case 512:
            convert<std::uint16_t>(data, count, swap, slope, inter, voxels.data());
            break;
        case 8:
            convert<std::int32_t>(data, count, swap, slope, inter, voxels.data());
            break;
        case 768:
            convert<std::uint32_t>(data, count, swap, slope, inter, voxels.data());
            break;
        case 16:
            convert<float>(data, count, swap, slope, inter, voxels.data());
            break;
        case 64:
            convert<double>(data, count, swap, slope, inter, voxels.data());
            break;
        case 1024:
            convert<std::int64_t>(data, count, swap, slope, inter, voxels.data());
            break;
        default:
            convert<std::uint64_t>(data, count, swap, slope, inter, voxels.data());
            break;
    }
    Volume volume;
    volume.image = Image<float>(g, std::move(voxels));
    volume.metadata["format"] = "NIfTI-2";
    volume.metadata["source"] = path;
    volume.metadata["orientation"] = g.orientationCode();
    return volume;
}

}  // namespace medsam::core::detail
