#include "agent/training/TrainingCases.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "agent/eval/Manifest.h"

namespace medsam::agent {

std::vector<TrainingCase> casesFromManifest(const std::string& manifestPath) {
    std::vector<TrainingCase> out;
    for (const ManifestCase& row : readManifest(manifestPath)) {
        LoadedCase loaded = loadCase(row);
        if (loaded.emptyReference || !loaded.request.reference) continue;
        TrainingCase c;
        c.name = loaded.request.task.imagePath + "#" + std::to_string(loaded.slice.index);
        c.group = row.image;
        c.slice = std::move(loaded.request.slice);
        c.reference = std::move(*loaded.request.reference);
        c.target = loaded.request.task.target;
        out.push_back(std::move(c));
    }
    return out;
}

void splitByGroup(const std::vector<TrainingCase>& cases, double fraction, unsigned seed,
                  std::vector<TrainingCase>& kept, std::vector<TrainingCase>& held) {
    kept.clear();
    held.clear();
    // FNV-1a of the group name mixed with the seed: stable across runs and platforms.
    const auto score = [seed](const std::string& group) {
        std::uint64_t h = 1469598103934665603ull ^ seed;
        for (const unsigned char ch : group) h = (h ^ ch) * 1099511628211ull;
        return h;
    };
    std::map<std::string, std::uint64_t> groups;
    for (const TrainingCase& c : cases) groups.emplace(c.group, score(c.group));
    std::vector<std::pair<std::uint64_t, std::string>> order;
    order.reserve(groups.size());
    for (const auto& [g, s] : groups) order.emplace_back(s, g);
    std::sort(order.begin(), order.end());
    auto heldCount = static_cast<std::size_t>(std::lround(fraction * static_cast<double>(order.size())));
    if (heldCount >= order.size()) heldCount = order.empty() ? 0 : order.size() - 1;
    std::map<std::string, bool> isHeld;
    for (std::size_t i = 0; i < order.size(); ++i) isHeld[order[i].second] = i < heldCount;
    for (const TrainingCase& c : cases) (isHeld[c.group] ? held : kept).push_back(c);
}

}  // namespace medsam::agent
