// Weight initializers (see init.hpp for the definitions).
//
// The scaled kinds choose a variance from the fans, then draw either
// N(0, v) or U(−√(3v), √(3v)) (both have variance v). Only Rng::uniform(lo, hi)
// and Rng::normal(mean, std) are used, one call per element in order, so a
// seed gives the same weights everywhere.
#include "neurite/nn/init.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/core/names.hpp"

namespace neurite {

namespace {

constexpr auto kInitNames = enum_names<InitKind>(
    "initializer", {"zeros", "constant", "uniform", "normal", "xavier_uniform", "xavier_normal", "he_uniform",
                    "he_normal", "lecun_uniform", "lecun_normal"});
static_assert(kInitNames.name(InitKind::lecun_normal) == "lecun_normal");

bool is_uniform_kind(InitKind k) {
    return k == InitKind::xavier_uniform || k == InitKind::he_uniform ||
           k == InitKind::lecun_uniform;
}

// The variance of a scaled initializer.
double scaled_variance(InitKind k, std::size_t fan_in, std::size_t fan_out) {
    const double in = static_cast<double>(fan_in);
    const double out = static_cast<double>(fan_out);
    switch (k) {
        case InitKind::xavier_uniform:
        case InitKind::xavier_normal:
            return 2.0 / (in + out);
        case InitKind::he_uniform:
        case InitKind::he_normal:
            return 2.0 / in;
        case InitKind::lecun_uniform:
        case InitKind::lecun_normal:
            return 1.0 / in;
        default:
            break;
    }
    fail("initializer ", to_string(k), ": not a scaled initializer");
}

}  // namespace

std::string_view to_string(InitKind k) { return kInitNames.name(k); }

InitKind parse_init(std::string_view name) { return kInitNames.parse(name); }

template <typename T>
void initialize(const Initializer& init, std::span<T> out, std::size_t fan_in, std::size_t fan_out,
                Rng& rng) {
    switch (init.kind) {
        case InitKind::zeros:
            std::fill(out.begin(), out.end(), T(0));
            return;
        case InitKind::constant:
            std::fill(out.begin(), out.end(), static_cast<T>(init.a));
            return;
        case InitKind::uniform:
            if (!(init.a < init.b) || !std::isfinite(init.a) || !std::isfinite(init.b)) {
                fail("initializer uniform: needs finite lo < hi, got [", init.a, ", ", init.b,
                     ")");
            }
            for (T& v : out) v = static_cast<T>(rng.uniform(init.a, init.b));
            return;
        case InitKind::normal:
            if (!(init.b >= 0.0) || !std::isfinite(init.a) || !std::isfinite(init.b)) {
                fail("initializer normal: needs a finite mean and std >= 0, got mean ", init.a,
                     ", std ", init.b);
            }
            for (T& v : out) v = static_cast<T>(rng.normal(init.a, init.b));
            return;
        case InitKind::xavier_uniform:
        case InitKind::xavier_normal:
        case InitKind::he_uniform:
        case InitKind::he_normal:
        case InitKind::lecun_uniform:
        case InitKind::lecun_normal:
            break;
        default:
            fail("initializer: unknown kind ", static_cast<int>(init.kind));
    }

    if (fan_in == 0 || fan_out == 0) {
        fail("initializer ", to_string(init.kind), ": fan_in and fan_out must be > 0, got fan_in ",
             fan_in, ", fan_out ", fan_out);
    }
    const double var = scaled_variance(init.kind, fan_in, fan_out);
    if (is_uniform_kind(init.kind)) {
        const double limit = std::sqrt(3.0 * var);
        for (T& v : out) v = static_cast<T>(rng.uniform(-limit, limit));
    } else {
        const double std_dev = std::sqrt(var);
        for (T& v : out) v = static_cast<T>(rng.normal(0.0, std_dev));
    }
}

template void initialize<float>(const Initializer&, std::span<float>, std::size_t, std::size_t,
                                Rng&);
template void initialize<double>(const Initializer&, std::span<double>, std::size_t, std::size_t,
                                 Rng&);

}  // namespace neurite
