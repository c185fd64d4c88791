#include "core/io/VolumeSummary.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <sstream>

namespace medsam::core {

IntensityRange intensityRange(const Image<float>& image) {
    if (image.empty()) return {};
    // Eight independent running minima/maxima, branch-free, so that the loop has no dependency chain through
    // one register and compiles to packed minps/maxps: std::minmax_element took ~4 ms of `info --load`'s ~65
    // ms on a 256x256x20 series. NaN voxels are skipped (a comparison with NaN is false); an image of NaN
    // only gives NaN, as before.
    constexpr std::size_t kLanes = 8;
    constexpr float kInf = std::numeric_limits<float>::infinity();
    float lo[kLanes], hi[kLanes];
    std::fill(lo, lo + kLanes, kInf);
    std::fill(hi, hi + kLanes, -kInf);
    const float* v = image.voxels().data();
    const std::size_t n = image.voxels().size();
    std::size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (std::size_t k = 0; k < kLanes; ++k) {
            lo[k] = v[i + k] < lo[k] ? v[i + k] : lo[k];
            hi[k] = hi[k] < v[i + k] ? v[i + k] : hi[k];
        }
    }
    for (; i < n; ++i) {
        lo[0] = v[i] < lo[0] ? v[i] : lo[0];
        hi[0] = hi[0] < v[i] ? v[i] : hi[0];
    }
    const float min = *std::min_element(lo, lo + kLanes), max = *std::max_element(hi, hi + kLanes);
    if (min > max) return {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::quiet_NaN()};
    return {min, max};
}

std::map<std::uint16_t, std::size_t> labelVoxelCounts(const Image<std::uint16_t>& labels) {
    std::vector<std::size_t> histogram(65536, 0);
    for (std::uint16_t v : labels.voxels()) ++histogram[v];
    std::map<std::uint16_t, std::size_t> counts;
    for (std::size_t v = 0; v < histogram.size(); ++v) {
        if (histogram[v] != 0) counts[static_cast<std::uint16_t>(v)] = histogram[v];
    }
    return counts;
}

std::string describeVolume(const Volume& volume) {
    const ImageGeometry& g = volume.image.geometry();
    const auto meta = [&](const char* key) {
        const auto it = volume.metadata.find(key);
        return it == volume.metadata.end() ? std::string() : it->second;
    };
    std::ostringstream out;
    char line[256];
    out << "format       " << (meta("format").empty() ? "?" : meta("format")) << "  " << meta("source")
        << '\n';
    std::snprintf(line, sizeof line, "size         %d x %d x %d voxels\n", g.size[0], g.size[1], g.size[2]);
    out << line;
    std::snprintf(line, sizeof line, "spacing      %.6g x %.6g x %.6g mm\n", g.spacing[0], g.spacing[1],
                  g.spacing[2]);
    out << line;
    std::snprintf(line, sizeof line, "origin       (%.6g, %.6g, %.6g) mm (LPS)\n", g.origin[0], g.origin[1],
                  g.origin[2]);
    out << line;
    const auto& d = g.direction;
    std::snprintf(line, sizeof line,
                  "direction    [%.4f %.4f %.4f; %.4f %.4f %.4f; %.4f %.4f %.4f]  orientation %s\n", d[0],
                  d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], g.orientationCode().c_str());
    out << line;
    const IntensityRange range = intensityRange(volume.image);
    std::snprintf(line, sizeof line, "intensity    [%.6g, %.6g]\n", double(range.min), double(range.max));
    out << line;
    for (const char* key : {"modality", "seriesDescription", "seriesInstanceUid", "studyInstanceUid",
                            "transferSyntax", "componentType", "warnings"}) {
        const std::string value = meta(key);
        if (!value.empty()) {
            std::snprintf(line, sizeof line, "%-12s %s\n", key, value.c_str());
            out << line;
        }
    }
    return out.str();
}

}  // namespace medsam::core
