#include "neurite/nn/activation.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "neurite/core/error.hpp"
#include "neurite/core/names.hpp"

namespace neurite {
namespace {

// Names and menu labels, in enum order.
constexpr auto kNames = enum_names<Activation>(
    "activation",
    {"identity", "step", "step_strict", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax", "log_softmax"});
static_assert(kNames.name(Activation::log_softmax) == "log_softmax");
constexpr std::string_view kLabels[] = {"Linear", "Step", "Strict step", "Sigmoid", "Tanh",
                                        "ReLU", "Leaky ReLU", "ELU", "Softmax", "Log-softmax"};
static_assert(std::size(kLabels) == kNames.entries.size());

template <typename T>
T sigmoid(T x) {
    // Written so that exp never overflows.
    if (x >= 0) return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
}

template <typename T>
void check_sizes(const char* what, std::size_t a, std::size_t b) {
    if (a != b) fail(what, ": sizes differ (", a, " vs ", b, ")");
}

}  // namespace

std::string_view to_string(Activation a) { return kNames.name(a); }

Activation parse_activation(std::string_view name) { return kNames.parse(name); }

std::span<const NameEntry<Activation>> activation_names() { return kNames.table(); }

std::string_view activation_label(Activation a) {
    const auto i = static_cast<std::size_t>(a);
    return i < std::size(kLabels) ? kLabels[i] : "?";
}

double default_alpha(Activation a) {
    switch (a) {
        case Activation::leaky_relu: return 0.01;
        case Activation::elu: return 1.0;
        default: return 0.0;
    }
}

bool takes_alpha(Activation a) { return a == Activation::leaky_relu || a == Activation::elu; }

bool is_elementwise(Activation a) { return a != Activation::softmax && a != Activation::log_softmax; }

namespace {

// Each element-wise activation as its function f(x, α) next to its
// derivative df(y, dy, α), which gives dx from the output y = f(x).
struct IdentityOp {
    template <typename T> static T f(T x, T) { return x; }
    template <typename T> static T df(T, T dy, T) { return dy; }
};
struct StepOp {
    template <typename T> static T f(T x, T) { return x >= T(0) ? T(1) : T(0); }
    template <typename T> static T df(T, T, T) { return T(0); }
};
struct StepStrictOp {
    template <typename T> static T f(T x, T) { return x > T(0) ? T(1) : T(0); }
    template <typename T> static T df(T, T, T) { return T(0); }
};
struct SigmoidOp {
    template <typename T> static T f(T x, T) { return sigmoid(x); }
    template <typename T> static T df(T y, T dy, T) { return dy * y * (T(1) - y); }
};
struct TanhOp {
    template <typename T> static T f(T x, T) { return std::tanh(x); }
    template <typename T> static T df(T y, T dy, T) { return dy * (T(1) - y * y); }
};
struct ReluOp {
    template <typename T> static T f(T x, T) { return std::max(x, T(0)); }
    template <typename T> static T df(T y, T dy, T) { return y > T(0) ? dy : T(0); }
};
struct LeakyReluOp {
    template <typename T> static T f(T x, T alpha) { return x > T(0) ? x : alpha * x; }
    template <typename T> static T df(T y, T dy, T alpha) { return y > T(0) ? dy : alpha * dy; }
};
struct EluOp {
    template <typename T> static T f(T x, T alpha) { return x > T(0) ? x : alpha * std::expm1(x); }
    template <typename T> static T df(T y, T dy, T alpha) { return y > T(0) ? dy : dy * (y + alpha); }
};

// Calls fn with the op of element-wise activation `a`; softmax and
// log_softmax are an Error with `softmax_message`.
template <typename Fn>
void with_op(Activation a, const char* softmax_message, Fn&& fn) {
    switch (a) {
        case Activation::identity: return fn(IdentityOp{});
        case Activation::step: return fn(StepOp{});
        case Activation::step_strict: return fn(StepStrictOp{});
        case Activation::sigmoid: return fn(SigmoidOp{});
        case Activation::tanh: return fn(TanhOp{});
        case Activation::relu: return fn(ReluOp{});
        case Activation::leaky_relu: return fn(LeakyReluOp{});
        case Activation::elu: return fn(EluOp{});
        case Activation::softmax:
        case Activation::log_softmax: fail(softmax_message);
    }
}

}  // namespace

template <typename T>
void activate(Activation a, T alpha, std::span<const T> x, std::span<T> y) {
    check_sizes<T>("activate", x.size(), y.size());
    const std::size_t n = x.size();
    const T* xs = x.data();
    T* ys = y.data();
    with_op(a, "softmax and log_softmax are not element-wise; use softmax_rows or log_softmax_rows", [&](auto op) {
        for (std::size_t i = 0; i < n; ++i) ys[i] = op.f(xs[i], alpha);
    });
}

template <typename T>
void activation_backward(Activation a, T alpha, std::span<const T> y, std::span<const T> dy,
                         std::span<T> dx) {
    check_sizes<T>("activation_backward", y.size(), dy.size());
    check_sizes<T>("activation_backward", y.size(), dx.size());
    const std::size_t n = y.size();
    const T* ys = y.data();
    const T* dys = dy.data();
    T* dxs = dx.data();
    with_op(a, "softmax and log_softmax are not element-wise; use softmax_backward or log_softmax_backward", [&](auto op) {
        for (std::size_t i = 0; i < n; ++i) dxs[i] = op.df(ys[i], dys[i], alpha);
    });
}

namespace {

// Row-wise softmax; `stable` subtracts each row's maximum before exp (so
// exp never overflows) and scales by 1/sum, the naive form divides by sum.
template <bool stable, typename T>
void softmax_rows_as(MatrixView<const T> x, MatrixView<T> y) {
    if (x.rows() != y.rows() || x.cols() != y.cols()) fail("softmax: input and output shapes differ");
    for (std::size_t r = 0; r < x.rows(); ++r) {
        const auto in = x.row(r);
        const auto out = y.row(r);
        const T shift = stable && !in.empty() ? *std::max_element(in.begin(), in.end()) : T(0);
        T sum = 0;
        for (std::size_t j = 0; j < in.size(); ++j) {
            out[j] = std::exp(stable ? in[j] - shift : in[j]);
            sum += out[j];
        }
        if constexpr (stable) {
            const T inv = T(1) / sum;
            for (auto& v : out) v *= inv;
        } else {
            for (auto& v : out) v /= sum;
        }
    }
}

}  // namespace

template <typename T>
void softmax_rows(MatrixView<const T> x, MatrixView<T> y) {
    softmax_rows_as<true>(x, y);
}

template <typename T>
void softmax_rows_naive(MatrixView<const T> x, MatrixView<T> y) {
    softmax_rows_as<false>(x, y);
}

template <typename T>
void softmax_backward(MatrixView<const T> y, MatrixView<const T> dy, MatrixView<T> dx) {
    if (y.rows() != dy.rows() || y.cols() != dy.cols() || y.rows() != dx.rows() || y.cols() != dx.cols())
        fail("softmax_backward: shapes differ");
    for (std::size_t r = 0; r < y.rows(); ++r) {
        const auto yr = y.row(r);
        const auto dyr = dy.row(r);
        const auto dxr = dx.row(r);
        T dot = 0;
        for (std::size_t j = 0; j < yr.size(); ++j) dot += dyr[j] * yr[j];
        for (std::size_t j = 0; j < yr.size(); ++j) dxr[j] = yr[j] * (dyr[j] - dot);
    }
}

template <typename T>
void log_softmax_rows(MatrixView<const T> x, MatrixView<T> y) {
    if (x.rows() != y.rows() || x.cols() != y.cols()) fail("log_softmax: input and output shapes differ");
    for (std::size_t r = 0; r < x.rows(); ++r) {
        const auto in = x.row(r);
        const auto out = y.row(r);
        if (in.empty()) continue;
        // y_j = x_j − m − log Σ exp(x_k − m), m the row's maximum.
        const T m = *std::max_element(in.begin(), in.end());
        T sum = 0;
        for (const T v : in) sum += std::exp(v - m);
        const T shift = m + std::log(sum);
        for (std::size_t j = 0; j < in.size(); ++j) out[j] = in[j] - shift;
    }
}

template <typename T>
void log_softmax_backward(MatrixView<const T> y, MatrixView<const T> dy, MatrixView<T> dx) {
    if (y.rows() != dy.rows() || y.cols() != dy.cols() || y.rows() != dx.rows() || y.cols() != dx.cols())
        fail("log_softmax_backward: shapes differ");
    for (std::size_t r = 0; r < y.rows(); ++r) {
        const auto yr = y.row(r);
        const auto dyr = dy.row(r);
        const auto dxr = dx.row(r);
        T sum = 0;
        for (const T v : dyr) sum += v;
        for (std::size_t j = 0; j < yr.size(); ++j) dxr[j] = dyr[j] - std::exp(yr[j]) * sum;
    }
}

#define NEURITE_INSTANTIATE(T)                                                                     \
    template void activate<T>(Activation, T, std::span<const T>, std::span<T>);                    \
    template void activation_backward<T>(Activation, T, std::span<const T>, std::span<const T>,    \
                                         std::span<T>);                                            \
    template void softmax_rows<T>(MatrixView<const T>, MatrixView<T>);                             \
    template void softmax_rows_naive<T>(MatrixView<const T>, MatrixView<T>);                       \
    template void softmax_backward<T>(MatrixView<const T>, MatrixView<const T>, MatrixView<T>);     \
    template void log_softmax_rows<T>(MatrixView<const T>, MatrixView<T>);                         \
    template void log_softmax_backward<T>(MatrixView<const T>, MatrixView<const T>, MatrixView<T>);
NEURITE_INSTANTIATE(float)
NEURITE_INSTANTIATE(double)
#undef NEURITE_INSTANTIATE

}  // namespace neurite
