#pragma once

#include "agent/runner/Episode.h"

namespace medsam::test {

// The runner tests' (and bench/bench_runner's) episode: a flat 32x32 slice whose reference is the square
// [8, 23] x [8, 23].
inline agent::EpisodeRequest squareEpisode() {
    core::ImageGeometry g;
    g.size = {32, 32, 1};
    agent::EpisodeRequest r;
    r.task.target = "square";
    r.slice = core::Image<float>(g, 1.0f);
    core::Mask ref(g);
    for (int y = 8; y < 24; ++y)
        for (int x = 8; x < 24; ++x) ref.at(x, y) = 1;
    r.reference = ref;
    return r;
}

}  // namespace medsam::test
