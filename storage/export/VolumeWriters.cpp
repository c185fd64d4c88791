#include "storage/export/VolumeWriters.h"

#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include "storage/db/Records.h"

namespace medsam::storage {

namespace {

std::vector<std::uint8_t> gzip(const void* data, std::size_t size, const std::string& path) {
    z_stream z{};
    // windowBits 15 + 16: gzip wrapper; zlib writes mtime 0 and no name, so the output is deterministic.
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw StorageError(path + ": zlib init failed");
    }
    std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(size)) + 64);
    z.next_in = static_cast<Bytef*>(const_cast<void*>(data));
    z.avail_in = static_cast<uInt>(size);
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw StorageError(path + ": gzip failed");
    return out;
}

void writeFile(const std::string& path, const std::vector<std::uint8_t>& a,
               const std::vector<std::uint8_t>& b = {}) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(a.data()), static_cast<std::streamsize>(a.size()));
    f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    if (!f) throw StorageError("cannot write " + path);
}

}  // namespace

void writeNrrdLabels(const std::string& path, const core::Image<std::uint16_t>& labels) {
    const auto& g = labels.geometry();
    char buf[1024];
    std::string header =
        "NRRD0004\n# written by medsam storage export\ntype: uint16\ndimension: 3\n"
        "space: left-posterior-superior\n";
    std::snprintf(buf, sizeof buf, "sizes: %d %d %d\n", g.size[0], g.size[1], g.size[2]);
    header += buf;
    header += "space directions:";
    for (int c = 0; c < 3; ++c) {
        std::snprintf(buf, sizeof buf, " (%.17g,%.17g,%.17g)", g.direction[c] * g.spacing[c],
                      g.direction[3 + c] * g.spacing[c], g.direction[6 + c] * g.spacing[c]);
        header += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "\nkinds: domain domain domain\nendian: little\nencoding: gzip\n"
                  "space origin: (%.17g,%.17g,%.17g)\n\n",
                  g.origin[0], g.origin[1], g.origin[2]);
    header += buf;
    writeFile(path, std::vector<std::uint8_t>(header.begin(), header.end()),
              gzip(labels.data(), labels.voxels().size() * 2, path));
}

}  // namespace medsam::storage
