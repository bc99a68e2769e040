#include "neurite/nn/activation.hpp"

#include <algorithm>
#include <cmath>

#include "neurite/core/error.hpp"
#include "neurite/core/names.hpp"

namespace neurite {
namespace {

constexpr NameEntry<Activation> kNames[] = {
    {Activation::identity, "identity"},
    {Activation::step, "step"},
    {Activation::sigmoid, "sigmoid"},
    {Activation::tanh, "tanh"},
    {Activation::relu, "relu"},
    {Activation::leaky_relu, "leaky_relu"},
    {Activation::elu, "elu"},
    {Activation::softmax, "softmax"},
};

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

std::string_view to_string(Activation a) { return name_of<Activation>(kNames, a); }

Activation parse_activation(std::string_view name) { return value_named<Activation>(kNames, name, "activation"); }

double default_alpha(Activation a) {
    switch (a) {
        case Activation::leaky_relu: return 0.01;
        case Activation::elu: return 1.0;
        default: return 0.0;
    }
}

bool takes_alpha(Activation a) { return a == Activation::leaky_relu || a == Activation::elu; }

bool is_elementwise(Activation a) { return a != Activation::softmax; }

template <typename T>
void activate(Activation a, T alpha, std::span<const T> x, std::span<T> y) {
    check_sizes<T>("activate", x.size(), y.size());
    const std::size_t n = x.size();
    const T* xs = x.data();
    T* ys = y.data();
    switch (a) {
        case Activation::identity:
            if (xs != ys) std::copy(xs, xs + n, ys);
            break;
        case Activation::step:
            for (std::size_t i = 0; i < n; ++i) ys[i] = xs[i] >= T(0) ? T(1) : T(0);
            break;
        case Activation::sigmoid:
            for (std::size_t i = 0; i < n; ++i) ys[i] = sigmoid(xs[i]);
            break;
        case Activation::tanh:
            for (std::size_t i = 0; i < n; ++i) ys[i] = std::tanh(xs[i]);
            break;
        case Activation::relu:
            for (std::size_t i = 0; i < n; ++i) ys[i] = std::max(xs[i], T(0));
            break;
        case Activation::leaky_relu:
            for (std::size_t i = 0; i < n; ++i) ys[i] = xs[i] > T(0) ? xs[i] : alpha * xs[i];
            break;
        case Activation::elu:
            for (std::size_t i = 0; i < n; ++i) ys[i] = xs[i] > T(0) ? xs[i] : alpha * std::expm1(xs[i]);
            break;
        case Activation::softmax:
            fail("softmax is not element-wise; use softmax_rows");
    }
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
    switch (a) {
        case Activation::identity:
            if (dys != dxs) std::copy(dys, dys + n, dxs);
            break;
        case Activation::step:
            std::fill(dxs, dxs + n, T(0));
            break;
        case Activation::sigmoid:
            for (std::size_t i = 0; i < n; ++i) dxs[i] = dys[i] * ys[i] * (T(1) - ys[i]);
            break;
        case Activation::tanh:
            for (std::size_t i = 0; i < n; ++i) dxs[i] = dys[i] * (T(1) - ys[i] * ys[i]);
            break;
        case Activation::relu:
            for (std::size_t i = 0; i < n; ++i) dxs[i] = ys[i] > T(0) ? dys[i] : T(0);
            break;
        case Activation::leaky_relu:
            for (std::size_t i = 0; i < n; ++i) dxs[i] = ys[i] > T(0) ? dys[i] : alpha * dys[i];
            break;
        case Activation::elu:
            for (std::size_t i = 0; i < n; ++i) dxs[i] = ys[i] > T(0) ? dys[i] : dys[i] * (ys[i] + alpha);
            break;
        case Activation::softmax:
            fail("softmax is not element-wise; use softmax_backward");
    }
}

template <typename T>
void softmax_rows(MatrixView<const T> x, MatrixView<T> y) {
    if (x.rows() != y.rows() || x.cols() != y.cols()) fail("softmax: input and output shapes differ");
    for (std::size_t r = 0; r < x.rows(); ++r) {
        const auto in = x.row(r);
        const auto out = y.row(r);
        const T mx = in.empty() ? T(0) : *std::max_element(in.begin(), in.end());
        T sum = 0;
        for (std::size_t j = 0; j < in.size(); ++j) {
            out[j] = std::exp(in[j] - mx);
            sum += out[j];
        }
        const T inv = T(1) / sum;
        for (auto& v : out) v *= inv;
    }
}

template <typename T>
void softmax_rows_naive(MatrixView<const T> x, MatrixView<T> y) {
    if (x.rows() != y.rows() || x.cols() != y.cols()) fail("softmax: input and output shapes differ");
    for (std::size_t r = 0; r < x.rows(); ++r) {
        const auto in = x.row(r);
        const auto out = y.row(r);
        T sum = 0;
        for (std::size_t j = 0; j < in.size(); ++j) {
            out[j] = std::exp(in[j]);
            sum += out[j];
        }
        for (auto& v : out) v /= sum;
    }
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

#define NEURITE_INSTANTIATE(T)                                                                     \
    template void activate<T>(Activation, T, std::span<const T>, std::span<T>);                    \
    template void activation_backward<T>(Activation, T, std::span<const T>, std::span<const T>,    \
                                         std::span<T>);                                            \
    template void softmax_rows<T>(MatrixView<const T>, MatrixView<T>);                             \
    template void softmax_rows_naive<T>(MatrixView<const T>, MatrixView<T>);                       \
    template void softmax_backward<T>(MatrixView<const T>, MatrixView<const T>, MatrixView<T>);
NEURITE_INSTANTIATE(float)
NEURITE_INSTANTIATE(double)
#undef NEURITE_INSTANTIATE

}  // namespace neurite
