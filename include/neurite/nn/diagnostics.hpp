// Looking inside a network: per-layer gradient norms after a backward pass,
// and per-layer activation statistics and histograms after a forward pass.
// These are the measurements behind vanishing and exploding gradients and
// behind the choice of weight initialization.
//
//   net.compute_gradients(x, y, Loss::mse);
//   for (const auto& g : gradient_norms(net))       // one entry per Dense layer
//       std::printf("%zu %s %g\n", g.layer, g.description.c_str(), g.weight_norm);
//
//   net.forward(x);
//   for (const auto& s : activation_stats(net))     // one entry per layer
//       std::printf("%zu mean %.3f std %.3f saturated %.0f%%\n", s.layer, s.mean, s.std, 100 * s.saturated);
//   std::vector<Histogram> h = activation_histograms(net, 0.0, 1.0, 30);
//
// Everything is computed in double precision, whatever the network's type.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "neurite/nn/activation.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

// ---- gradients -------------------------------------------------------------------------

struct LayerGradientNorm {
    std::size_t layer = 0;    // index of the layer in the network
    std::string description;  // layer(i).describe(), e.g. "dense(100, sigmoid)"
    double weight_norm = 0;   // ‖∂L/∂W‖₂, the Frobenius norm of the weight gradient
    double bias_norm = 0;     // ‖∂L/∂b‖₂
    double weight_rms = 0;    // weight_norm / √(number of weights): comparable across layer sizes
};

// The norms of each Dense layer's gradient, in layer order, read from
// net.grads() as the last compute_gradients() or backward() left them.
// Layers without parameters (activations, dropout) are skipped.
template <typename T>
std::vector<LayerGradientNorm> gradient_norms(const BasicSequential<T>& net);

// ---- activations -----------------------------------------------------------------------

// Count, mean, standard deviation (population), min and max of the finite
// values; `nonfinite` counts the NaN and ±inf ones, which are left out.
struct ValueStats {
    std::size_t count = 0;
    std::size_t nonfinite = 0;
    double mean = 0, std = 0, min = 0, max = 0;
};
template <typename T>
ValueStats value_stats(MatrixView<const T> values);

// The fraction of outputs y = f(z) of an element-wise activation where the
// local slope f'(z) is below `threshold` times the activation's largest
// slope (0.25 for sigmoid, 1 for tanh, relu, leaky_relu, elu, identity) —
// the units through which almost no gradient flows back. With the default
// 0.05 that is y < 0.0127 or y > 0.9873 for sigmoid, |y| > 0.9747 for tanh,
// and y = 0 (a unit that is off) for relu. Identity never saturates; the
// step functions' slope is zero everywhere, so all of it counts. Softmax is
// not element-wise: an Error.
template <typename T>
double saturated_fraction(Activation a, double alpha, MatrixView<const T> y, double threshold = 0.05);

struct LayerActivationStats {
    std::size_t layer = 0;
    std::string description;
    Activation activation = Activation::identity;  // what produced the output (identity for dropout)
    ValueStats values;
    double saturated = 0;  // saturated_fraction() of the output; NaN for softmax
};

// Statistics of every layer's output from the last forward() call.
template <typename T>
std::vector<LayerActivationStats> activation_stats(const BasicSequential<T>& net, double threshold = 0.05);

// ---- histograms ------------------------------------------------------------------------

// `bins` equal-width bins over [lo, hi]; a value equal to hi goes into the
// last bin. Values outside the range are counted in below/above, NaN and
// ±inf in nonfinite, so total() is every value seen.
struct Histogram {
    double lo = 0, hi = 1;
    std::vector<std::size_t> counts;
    std::size_t below = 0, above = 0, nonfinite = 0;

    std::size_t in_range() const;
    std::size_t total() const { return in_range() + below + above + nonfinite; }
    double bin_width() const { return counts.empty() ? 0.0 : (hi - lo) / static_cast<double>(counts.size()); }
};

// Throws Error unless lo < hi (both finite) and bins ≥ 1.
template <typename T>
Histogram histogram(std::span<const T> values, double lo, double hi, std::size_t bins);
template <typename T>
Histogram histogram(MatrixView<const T> values, double lo, double hi, std::size_t bins);

// One histogram per layer output from the last forward() call, all over [lo, hi].
template <typename T>
std::vector<Histogram> activation_histograms(const BasicSequential<T>& net, double lo, double hi, std::size_t bins);

}  // namespace neurite
