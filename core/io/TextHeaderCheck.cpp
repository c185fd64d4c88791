#include "core/io/TextHeaderCheck.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "core/io/FileChecks.h"
#include "core/io/ImageIoError.h"

namespace fs = std::filesystem;

namespace medsam::core::detail {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::size_t elementBytes(const std::string& type) {
    static const std::map<std::string, std::size_t> kSizes = {
        {"MET_CHAR", 1},  {"MET_UCHAR", 1},  {"MET_SHORT", 2},     {"MET_USHORT", 2},
        {"MET_INT", 4},   {"MET_UINT", 4},   {"MET_LONG", 4},      {"MET_ULONG", 4},
        {"MET_FLOAT", 4}, {"MET_DOUBLE", 8}, {"MET_LONG_LONG", 8}, {"MET_ULONG_LONG", 8}};
    const auto it = kSizes.find(type);
    return it == kSizes.end() ? 0 : it->second;
}

// Inflated size of a zlib/gzip stream starting at `offset`, or -1 when the stream is corrupt or cut short.
long long inflatedSize(const std::string& path, std::uint64_t offset, std::uint64_t stopAfter) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) return -1;  // zlib or gzip header
    std::vector<unsigned char> input(1 << 16), output(1 << 16);
    long long total = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (z.avail_in == 0) {
            in.read(reinterpret_cast<char*>(input.data()), std::streamsize(input.size()));
            z.avail_in = static_cast<uInt>(in.gcount());
            z.next_in = input.data();
            if (z.avail_in == 0) break;  // the file ends inside the stream
        }
        z.next_out = output.data();
        z.avail_out = static_cast<uInt>(output.size());
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        total += static_cast<long long>(output.size() - z.avail_out);
        if (std::uint64_t(total) > stopAfter) break;
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? total : -1;
}

}  // namespace

void checkMetaImage(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImageIoError(path, "cannot open file");
    std::map<std::string, std::string> fields;
    std::string line;
    std::uint64_t headerEnd = 0;
    bool haveDataFile = false;
    while (std::getline(in, line)) {
        headerEnd += line.size() + 1;
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = trim(line.substr(0, eq));
        fields[key] = trim(line.substr(eq + 1));
        if (key == "ElementDataFile") {
            haveDataFile = true;
            break;  // the header ends here; LOCAL data follows
        }
        if (headerEnd > (1 << 20)) break;
    }
    if (!haveDataFile) throw ImageIoError(path, "MetaImage header has no ElementDataFile line");
    const std::string dataName = fields["ElementDataFile"];
    std::string dataPath = path;
    std::uint64_t offset = headerEnd;
    if (dataName != "LOCAL") {
        // LIST and printf-style patterns name several files: ITK checks those.
        if (lower(dataName).rfind("list", 0) == 0 || dataName.find('%') != std::string::npos) return;
        dataPath = (fs::path(path).parent_path() / dataName).string();
        requireRegularFile(dataPath, "ElementDataFile of " + path);
        offset = 0;
    }
    std::uint64_t voxels = 1;
    std::istringstream dims(fields["DimSize"]);
    int axes = 0;
    for (long long d; dims >> d; ++axes) {
        if (d < 1) throw ImageIoError(path, "MetaImage DimSize holds " + std::to_string(d));
        voxels *= std::uint64_t(d);
        if (voxels > (std::uint64_t(1) << 48)) throw ImageIoError(path, "MetaImage DimSize is too large");
    }
    const std::size_t bytes = elementBytes(fields["ElementType"]);
    if (axes == 0 || bytes == 0) return;  // ITK reports what it cannot read
    std::uint64_t channels = 1;
    if (!fields["ElementNumberOfChannels"].empty())
        channels = std::max(1LL, std::atoll(fields["ElementNumberOfChannels"].c_str()));
    const std::uint64_t need = voxels * bytes * channels;
    const std::string compressed = lower(fields["CompressedData"]);
    if (compressed == "true") {
        const long long got = inflatedSize(dataPath, offset, need);
        if (got != static_cast<long long>(need)) {
            throw ImageIoError(dataPath,
                               got < 0 ? "compressed voxel data is corrupt or cut short (CompressedData = "
                                         "True)"
                                       : "compressed voxel data inflates to " + std::to_string(got) +
                                             " bytes, the header needs " + std::to_string(need));
        }
        return;
    }
    std::error_code ec;
    const std::uint64_t size = fs::file_size(dataPath, ec);
    const std::uint64_t have = ec || size < offset ? 0 : size - offset;
    if (have < need) {
        throw ImageIoError(dataPath, "holds " + std::to_string(have) + " bytes of voxel data, the header " +
                                         path + " needs " + std::to_string(need) +
                                         " (missing data, truncated file, or compressed data marked "
                                         "CompressedData = False)");
    }
}

void checkNrrdDataFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImageIoError(path, "cannot open file");
    std::string line;
    for (int n = 0; n < 4096 && std::getline(in, line); ++n) {
        line = trim(line);
        if (line.empty()) break;  // the blank line ends a NRRD header
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = lower(trim(line.substr(0, colon)));
        if (key != "data file" && key != "datafile") continue;
        std::string value = trim(line.substr(colon + 1));
        if (value.rfind('=', 0) == 0) value = trim(value.substr(1));  // "data file:= x" is not a field
        if (lower(value).rfind("list", 0) == 0 || value.find('%') != std::string::npos) return;
        const fs::path data(value);
        requireRegularFile(
            data.is_absolute() ? data.string() : (fs::path(path).parent_path() / data).string(),
            "data file of " + path);
        return;
    }
}

}  // namespace medsam::core::detail
