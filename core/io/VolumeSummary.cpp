#include "core/io/VolumeSummary.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace medsam::core {

IntensityRange intensityRange(const Image<float>& image) {
    if (image.empty()) return {};
    const auto [lo, hi] = std::minmax_element(image.voxels().begin(), image.voxels().end());
    return {*lo, *hi};
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
