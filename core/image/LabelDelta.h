#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/image/Image.h"

namespace medsam::core {

// The difference between two states of a label map, as undo keeps it (ITK-SNAP's run-length deltas, never a
// copy of the whole map): the bounding box of the changed voxels and, inside it in x-fastest order, runs of
// equal (before, after) pairs. Unchanged voxels inside the box are runs with before == after. Applying it
// backwards restores the earlier map bit for bit.
class LabelDelta {
public:
    LabelDelta() = default;

    // Compares two maps on the same grid (std::invalid_argument otherwise). Empty when they are equal.
    static LabelDelta between(const Image<std::uint16_t>& before, const Image<std::uint16_t>& after);
    // From the contents of one box (inclusive corners) of a map of `size`, before and after an edit, each in
    // x-fastest order: what a brush stroke knows without copying the whole map.
    static LabelDelta fromBox(const Size3& size, const std::array<int, 3>& min, const std::array<int, 3>& max,
                              const std::vector<std::uint16_t>& before,
                              const std::vector<std::uint16_t>& after);

    bool empty() const { return runs_.empty(); }
    std::size_t changedVoxels() const { return changed_; }
    std::array<int, 3> boxMin() const { return min_; }
    std::array<int, 3> boxMax() const { return max_; }  // inclusive
    std::size_t memoryBytes() const { return sizeof(*this) + runs_.capacity() * sizeof(Run); }

    // The same change in the other direction (after -> before).
    LabelDelta reversed() const;
    // Calls fn(before, after, voxels) for each run that changes values (for label voxel counts).
    template <typename Fn>
    void forEachChange(Fn&& fn) const {
        for (const Run& r : runs_)
            if (r.before != r.after) fn(r.before, r.after, static_cast<std::size_t>(r.length));
    }

    // Writes the `after` (redo) or `before` (undo) values into `labels`, which must be on the delta's grid.
    void redo(Image<std::uint16_t>& labels) const { apply(labels, true); }
    void undo(Image<std::uint16_t>& labels) const { apply(labels, false); }

private:
    struct Run {
        std::uint32_t length;
        std::uint16_t before, after;
    };
    void apply(Image<std::uint16_t>& labels, bool forward) const;

    Size3 size_{0, 0, 0};
    std::array<int, 3> min_{0, 0, 0}, max_{-1, -1, -1};
    std::vector<Run> runs_;
    std::size_t changed_ = 0;
};

}  // namespace medsam::core
