#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace medsam::core {

// The one percentile of the project (metrics, window/level, tool and policy normalisation), with numpy's
// default convention so a Python trainer and this code agree on every value: numpy.percentile(a, p) with
// method="linear", i.e. for the n finite values sorted ascending, h = (n - 1) * p / 100 and
// result = v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]).
// Non-finite values (NaN, +-inf) are ignored, as numpy.nanpercentile ignores NaN. p must be in [0, 100]
// (std::invalid_argument otherwise). Returns std::nullopt when no value is finite. O(n) per percentile.
std::optional<double> percentile(const std::vector<float>& values, double p);
std::optional<double> percentile(const std::vector<double>& values, double p);

// Several percentiles of the same values with one copy of them; same convention, same order as `ps`.
std::optional<std::vector<double>> percentiles(const std::vector<float>& values,
                                               const std::vector<double>& ps);
std::optional<std::vector<double>> percentiles(const std::vector<double>& values,
                                               const std::vector<double>& ps);

}  // namespace medsam::core
