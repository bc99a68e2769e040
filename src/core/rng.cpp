#include "neurite/core/rng.hpp"

#include <cmath>
#include <numbers>

#include "neurite/core/error.hpp"

namespace neurite {
std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

namespace {

// splitmix64: the next output of the sequence whose state is x.
std::uint64_t splitmix64(std::uint64_t& x) {
    const std::uint64_t z = mix64(x);
    x += 0x9e3779b97f4a7c15ULL;
    return z;
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
}

std::uint64_t Rng::next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double Rng::normal(double mean, double stddev) {
    if (has_spare_) {
        has_spare_ = false;
        return mean + stddev * spare_;
    }
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * std::numbers::pi * u2;
    spare_ = r * std::sin(theta);
    has_spare_ = true;
    return mean + stddev * r * std::cos(theta);
}

std::uint64_t Rng::below(std::uint64_t n) {
    if (n == 0) fail("Rng::below: n must be positive");
    // Rejection sampling keeps the result unbiased.
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x = next_u64();
    while (x >= limit) x = next_u64();
    return x % n;
}

Rng Rng::split() { return Rng(next_u64()); }

Rng::State Rng::state() const { return {s_, spare_, has_spare_}; }

void Rng::set_state(const State& st) {
    s_ = st.s;
    spare_ = st.spare;
    has_spare_ = st.has_spare;
}

}  // namespace neurite
