#include "core/metrics/Percentile.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace medsam::core {

namespace {

template <typename T>
std::optional<std::vector<double>> linearPercentiles(const std::vector<T>& values,
                                                     const std::vector<double>& ps) {
    for (const double p : ps) {
        if (!(p >= 0.0 && p <= 100.0))
            throw std::invalid_argument("percentile " + std::to_string(p) + " is outside [0, 100]");
    }
    std::vector<T> v;
    v.reserve(values.size());
    for (const T x : values)
        if (std::isfinite(x)) v.push_back(x);
    if (v.empty()) return std::nullopt;
    std::vector<double> out;
    out.reserve(ps.size());
    for (const double p : ps) {
        const double h = static_cast<double>(v.size() - 1) * p / 100.0;
        const auto lo = static_cast<std::size_t>(std::floor(h));
        // nth_element puts the lo-th smallest at lo and only larger-or-equal values after it, so the next
        // order statistic is the minimum of the tail.
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
        const double a = static_cast<double>(v[lo]);
        const double frac = h - static_cast<double>(lo);
        if (frac == 0.0 || lo + 1 >= v.size()) {
            out.push_back(a);
            continue;
        }
        const double b =
            static_cast<double>(*std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end()));
        out.push_back(a + frac * (b - a));
    }
    return out;
}

}  // namespace

std::optional<std::vector<double>> percentiles(const std::vector<float>& values,
                                               const std::vector<double>& ps) {
    return linearPercentiles(values, ps);
}
std::optional<std::vector<double>> percentiles(const std::vector<double>& values,
                                               const std::vector<double>& ps) {
    return linearPercentiles(values, ps);
}
std::optional<double> percentile(const std::vector<float>& values, double p) {
    const auto r = linearPercentiles(values, {p});
    return r ? std::optional<double>(r->front()) : std::nullopt;
}
std::optional<double> percentile(const std::vector<double>& values, double p) {
    const auto r = linearPercentiles(values, {p});
    return r ? std::optional<double>(r->front()) : std::nullopt;
}

}  // namespace medsam::core
