// Weight initializers.
//
//   zeros · constant(value) · uniform(lo, hi) · normal(mean, std)
//   xavier_uniform / xavier_normal   (Glorot: var = 2 / (fan_in + fan_out))
//   he_uniform / he_normal           (Kaiming: var = 2 / fan_in)
//   lecun_uniform / lecun_normal     (var = 1 / fan_in)
// A uniform initializer with variance v draws from ±sqrt(3v).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "neurite/core/rng.hpp"

namespace neurite {

enum class InitKind {
    zeros,
    constant,
    uniform,
    normal,
    xavier_uniform,
    xavier_normal,
    he_uniform,
    he_normal,
    lecun_uniform,
    lecun_normal,
};

struct Initializer {
    InitKind kind = InitKind::zeros;
    // constant: a = value · uniform: [a, b) · normal: mean a, std b
    double a = 0.0;
    double b = 0.0;

    static Initializer zeros() { return {InitKind::zeros}; }
    static Initializer constant(double v) { return {InitKind::constant, v}; }
    static Initializer uniform(double lo, double hi) { return {InitKind::uniform, lo, hi}; }
    static Initializer normal(double mean, double std) { return {InitKind::normal, mean, std}; }
    static Initializer of(InitKind k) { return {k}; }
};

std::string_view to_string(InitKind k);
// Throws Error listing the valid names for an unknown one.
InitKind parse_init(std::string_view name);

// Fills `out` for a weight matrix with the given fan-in and fan-out.
template <typename T>
void initialize(const Initializer& init, std::span<T> out, std::size_t fan_in, std::size_t fan_out,
                Rng& rng);

}  // namespace neurite
