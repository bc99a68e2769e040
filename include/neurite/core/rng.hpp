// neurite::Rng — an explicit, seeded random number generator.
//
// xoshiro256** seeded through splitmix64, with our own uniform and normal
// transforms, so a seed gives the same numbers with every compiler and
// standard library (native builds and the WebAssembly build alike). There is
// no global generator anywhere in neurite: whatever needs randomness takes
// an Rng&.
#pragma once

#include <array>
#include <cstdint>

namespace neurite {

// A well-mixed 64-bit hash of x (splitmix64's step and output function), for
// deriving independent seeds from numbers such as (seed, layer) or
// (seed, epoch, image).
std::uint64_t mix64(std::uint64_t x);

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0x6e6575726974ULL);

    std::uint64_t next_u64();
    // Uniform in [0, 1), 53 bits of precision.
    double uniform();
    // Uniform in [lo, hi).
    double uniform(double lo, double hi);
    // Normal with the given mean and standard deviation (Box–Muller).
    double normal(double mean = 0.0, double stddev = 1.0);
    // Uniform integer in [0, n); n must be > 0.
    std::uint64_t below(std::uint64_t n);
    // A generator for an independent stream, derived from this one.
    Rng split();

    // The whole state, for checkpoints.
    struct State {
        std::array<std::uint64_t, 4> s;
        double spare;
        bool has_spare;
    };
    State state() const;
    void set_state(const State& st);

private:
    std::array<std::uint64_t, 4> s_{};
    double spare_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace neurite
