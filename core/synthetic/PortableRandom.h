#pragma once

#include <cmath>
#include <cstdint>
#include <random>

// Random draws that are the same with every standard library: only std::mt19937's raw 32-bit output (fully
// specified by the C++ standard) and IEEE arithmetic. std::uniform_*_distribution and
// std::normal_distribution are implementation-defined (libstdc++ and libc++ give different numbers for the
// same seed), so phantoms and the simulated annotator built on them would change, and thresholds tuned on
// them would fail elsewhere.
namespace medsam::core {

// Two seeds mixed into one (splitmix64's finaliser over a hash-combine): episodes, rollouts and trajectories
// get independent, replayable streams from (base seed, index).
inline std::uint64_t mixSeeds64(std::uint64_t a, std::uint64_t b) {
    std::uint64_t x = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL + (a << 6) + (a >> 2));
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ULL;
    return x ^ (x >> 29);
}

// Uniform in [0, 1] and in (0, 1).
inline double unitClosed(std::mt19937& rng) {
    return static_cast<double>(rng()) / 4294967295.0;
}
inline double unitOpen(std::mt19937& rng) {
    return (static_cast<double>(rng()) + 1.0) / 4294967297.0;
}

// Standard normal draws by Box-Muller pairs from raw draws.
class GaussianSource {
public:
    explicit GaussianSource(std::mt19937& rng) : rng_(rng) {}
    double next() {
        if (haveSpare_) {
            haveSpare_ = false;
            return spare_;
        }
        constexpr double kTwoPi = 6.28318530717958647692;
        const double r = std::sqrt(-2.0 * std::log(unitOpen(rng_)));
        const double t = kTwoPi * unitClosed(rng_);
        spare_ = r * std::sin(t);
        haveSpare_ = true;
        return r * std::cos(t);
    }

private:
    std::mt19937& rng_;
    double spare_ = 0.0;
    bool haveSpare_ = false;
};

}  // namespace medsam::core
