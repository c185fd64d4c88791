#include "agent/eval/Manifest.h"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "agent/eval/Csv.h"

namespace medsam::agent {

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool parseInt(const std::string& s, long& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtol(s.c_str(), &end, 10);
    return end && *end == '\0' && errno != ERANGE;
}

}  // namespace

std::vector<ManifestCase> parseManifest(const std::string& text, const std::string& baseDir,
                                        const std::string& sourceName) {
    const auto rows = parseCsv(text, sourceName);
    if (rows.empty())
        throw std::invalid_argument(sourceName + ": the manifest is empty (expected a header row)");
    std::map<std::string, std::size_t> column;
    for (std::size_t c = 0; c < rows[0].size(); ++c) column[lower(trim(rows[0][c]))] = c;
    for (const char* required : {"image", "label", "label_value", "target", "axis", "slice"}) {
        if (!column.count(required)) {
            throw std::invalid_argument(sourceName + ": the header has no '" + required +
                                        "' column (expected image,label,label_value,target,axis,slice)");
        }
    }
    const std::filesystem::path base(baseDir);
    auto resolve = [&](const std::string& p) {
        const std::filesystem::path path(p);
        return (path.is_absolute() ? path : base / path).lexically_normal().string();
    };
    std::vector<ManifestCase> cases;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const std::string where = sourceName + " row " + std::to_string(r) + ": ";
        auto get = [&](const char* name) {
            const std::size_t c = column.at(name);
            if (c >= row.size()) throw std::invalid_argument(where + "has no '" + name + "' field");
            return trim(row[c]);
        };
        ManifestCase mc;
        mc.row = static_cast<int>(r);
        if (get("image").empty() || get("label").empty()) {
            throw std::invalid_argument(where + "image and label paths must not be empty");
        }
        mc.image = resolve(get("image"));
        mc.label = resolve(get("label"));
        std::stringstream values(get("label_value"));
        std::string v;
        while (std::getline(values, v, '|')) {
            long n = 0;
            if (!parseInt(trim(v), n) || n < 1 || n > 65535) {
                throw std::invalid_argument(where + "label_value '" + get("label_value") +
                                            "' must be integers 1..65535 joined by '|'");
            }
            mc.labelValues.push_back(static_cast<std::uint16_t>(n));
        }
        if (mc.labelValues.empty()) throw std::invalid_argument(where + "label_value is empty");
        mc.target = get("target");
        if (mc.target.empty()) throw std::invalid_argument(where + "target (the description) is empty");
        const std::string axis = get("axis");
        if (!axis.empty()) {
            const auto plane = core::parseAnatomicalPlane(lower(axis));
            if (!plane) {
                throw std::invalid_argument(where + "axis '" + axis + "' is not axial, coronal or sagittal");
            }
            mc.plane = *plane;
        }
        const std::string slice = lower(get("slice"));
        if (!slice.empty() && slice != "largest") {
            long n = 0;
            if (!parseInt(slice, n) || n < 0) {
                throw std::invalid_argument(where + "slice '" + slice +
                                            "' must be an index >= 0 or 'largest'");
            }
            mc.slice = static_cast<int>(n);
        }
        cases.push_back(std::move(mc));
    }
    return cases;
}

std::vector<ManifestCase> readManifest(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument(path + ": cannot open the manifest");
    std::stringstream text;
    text << in.rdbuf();
    const auto dir = std::filesystem::absolute(std::filesystem::path(path)).parent_path().string();
    return parseManifest(text.str(), dir, path);
}

std::vector<ManifestCase> shardCases(const std::vector<ManifestCase>& cases, int index, int count) {
    if (count < 1 || index < 0 || index >= count) {
        throw std::invalid_argument("shard " + std::to_string(index) + "/" + std::to_string(count) +
                                    ": expected 0 <= I < N");
    }
    std::vector<ManifestCase> out;
    for (std::size_t p = 0; p < cases.size(); ++p) {
        if (static_cast<int>(p % static_cast<std::size_t>(count)) == index) out.push_back(cases[p]);
    }
    return out;
}

std::pair<int, int> parseShard(const std::string& text) {
    const auto slash = text.find('/');
    long i = 0, n = 0;
    if (slash == std::string::npos || !parseInt(text.substr(0, slash), i) ||
        !parseInt(text.substr(slash + 1), n) || n < 1 || i < 0 || i >= n) {
        throw std::invalid_argument("--shard '" + text + "': expected I/N with 0 <= I < N, e.g. 0/4");
    }
    if (n > 1000000) {  // 4294967296 used to be read as 0 after a cast to int
        throw std::invalid_argument("--shard '" + text + "': N is larger than 1000000");
    }
    return {static_cast<int>(i), static_cast<int>(n)};
}

}  // namespace medsam::agent
