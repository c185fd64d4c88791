#include "core/image/LabelDelta.h"

#include <algorithm>
#include <stdexcept>

namespace medsam::core {

LabelDelta LabelDelta::between(const Image<std::uint16_t>& before, const Image<std::uint16_t>& after) {
    if (before.size() != after.size())
        throw std::invalid_argument("LabelDelta: maps of different sizes (" + before.geometry().describe() +
                                    " vs " + after.geometry().describe() + ")");
    LabelDelta d;
    d.size_ = before.size();
    const Size3& s = d.size_;
    // Bounding box of the changed voxels, one pass.
    std::array<int, 3> lo{s[0], s[1], s[2]}, hi{-1, -1, -1};
    const std::uint16_t* b = before.data();
    const std::uint16_t* a = after.data();
    std::size_t n = 0;
    bool any = false;
    for (int k = 0; k < s[2]; ++k)
        for (int j = 0; j < s[1]; ++j)
            for (int i = 0; i < s[0]; ++i, ++n) {
                if (b[n] == a[n]) continue;
                lo = {std::min(lo[0], i), std::min(lo[1], j), std::min(lo[2], k)};
                hi = {std::max(hi[0], i), std::max(hi[1], j), std::max(hi[2], k)};
                any = true;
            }
    if (!any) return d;
    std::vector<std::uint16_t> boxBefore, boxAfter;
    for (int k = lo[2]; k <= hi[2]; ++k)
        for (int j = lo[1]; j <= hi[1]; ++j) {
            const std::size_t row = before.geometry().linearIndex(lo[0], j, k);
            boxBefore.insert(boxBefore.end(), b + row, b + row + (hi[0] - lo[0] + 1));
            boxAfter.insert(boxAfter.end(), a + row, a + row + (hi[0] - lo[0] + 1));
        }
    return fromBox(s, lo, hi, boxBefore, boxAfter);
}

LabelDelta LabelDelta::fromBox(const Size3& size, const std::array<int, 3>& min,
                               const std::array<int, 3>& max, const std::vector<std::uint16_t>& before,
                               const std::vector<std::uint16_t>& after) {
    std::size_t voxels = 1;
    for (int a = 0; a < 3; ++a) {
        if (min[a] < 0 || max[a] >= size[a] || min[a] > max[a])
            throw std::invalid_argument("LabelDelta: box axis " + std::to_string(a) + " [" +
                                        std::to_string(min[a]) + ", " + std::to_string(max[a]) +
                                        "] is not inside 0.." + std::to_string(size[a] - 1));
        voxels *= static_cast<std::size_t>(max[a] - min[a] + 1);
    }
    if (before.size() != voxels || after.size() != voxels)
        throw std::invalid_argument("LabelDelta: the box holds " + std::to_string(voxels) + " voxels, got " +
                                    std::to_string(before.size()) + " and " + std::to_string(after.size()));
    LabelDelta d;
    d.size_ = size;
    d.min_ = min;
    d.max_ = max;
    for (std::size_t n = 0; n < voxels; ++n) {
        d.changed_ += before[n] != after[n];
        if (!d.runs_.empty() && d.runs_.back().before == before[n] && d.runs_.back().after == after[n] &&
            d.runs_.back().length < UINT32_MAX)
            ++d.runs_.back().length;
        else
            d.runs_.push_back({1, before[n], after[n]});
    }
    if (d.changed_ == 0) return LabelDelta{};
    d.runs_.shrink_to_fit();
    return d;
}

LabelDelta LabelDelta::reversed() const {
    LabelDelta r = *this;
    for (Run& run : r.runs_) std::swap(run.before, run.after);
    return r;
}

void LabelDelta::apply(Image<std::uint16_t>& labels, bool forward) const {
    if (runs_.empty()) return;
    if (labels.size() != size_)
        throw std::invalid_argument("LabelDelta: recorded on another grid than " +
                                    labels.geometry().describe());
    auto run = runs_.begin();
    std::uint32_t left = run->length;
    std::uint16_t* out = labels.data();
    for (int k = min_[2]; k <= max_[2]; ++k)
        for (int j = min_[1]; j <= max_[1]; ++j) {
            std::size_t at = labels.geometry().linearIndex(min_[0], j, k);
            for (int i = min_[0]; i <= max_[0]; ++i, ++at) {
                if (left == 0) {
                    ++run;
                    left = run->length;
                }
                out[at] = forward ? run->after : run->before;
                --left;
            }
        }
}

}  // namespace medsam::core
