// Per-layer gradient norms, activation statistics and histograms (see
// diagnostics.hpp). Sums run in double so that float networks with large or
// tiny values are measured without overflow or loss of the small ones.
#include "neurite/nn/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "neurite/core/error.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dense.hpp"

namespace neurite {
namespace {

// ‖v‖₂ without overflow for values up to the largest float squared: scaled
// by the largest magnitude first (the LAPACK nrm2 idea, in two passes).
template <typename T>
double norm2(std::span<const T> v) {
    double scale = 0;
    for (T x : v) scale = std::max(scale, std::abs(static_cast<double>(x)));
    if (scale == 0 || !std::isfinite(scale)) return scale;
    double sum = 0;
    for (T x : v) {
        const double r = static_cast<double>(x) / scale;
        sum += r * r;
    }
    return scale * std::sqrt(sum);
}

// The largest slope f'(z) of an element-wise activation.
double max_slope(Activation a, double alpha) {
    switch (a) {
        case Activation::sigmoid: return 0.25;
        case Activation::step:
        case Activation::step_strict: return 0.0;
        case Activation::leaky_relu: return std::max(1.0, alpha);
        case Activation::elu: return std::max(1.0, alpha);
        default: return 1.0;
    }
}

template <typename T>
Activation activation_of(const Layer<T>& layer, double& alpha) {
    alpha = 0;
    if (const auto* d = dynamic_cast<const Dense<T>*>(&layer)) {
        alpha = d->options().alpha < 0 ? default_alpha(d->activation()) : d->options().alpha;
        return d->activation();
    }
    if (const auto* a = dynamic_cast<const ActivationLayer<T>*>(&layer)) {
        alpha = a->alpha();
        return a->activation();
    }
    return Activation::identity;  // dropout passes values through (scaled)
}

}  // namespace

template <typename T>
std::vector<LayerGradientNorm> gradient_norms(const BasicSequential<T>& net) {
    if (!net.built()) fail("gradient_norms: the network needs build() first");
    std::vector<LayerGradientNorm> out;
    const std::span<const T> grads = net.grads();
    for (std::size_t i = 0; i < net.size(); ++i) {
        const auto* dense = dynamic_cast<const Dense<T>*>(&net.layer(i));
        if (!dense) continue;
        // Dense stores its weights (input × units) first, then the bias.
        const std::size_t weights = dense->input_size() * dense->units();
        const std::span<const T> g = grads.subspan(net.param_offset(i), weights + dense->units());
        LayerGradientNorm n;
        n.layer = i;
        n.description = dense->describe();
        n.weight_norm = norm2(g.first(weights));
        n.bias_norm = norm2(g.subspan(weights));
        n.weight_rms = weights ? n.weight_norm / std::sqrt(static_cast<double>(weights)) : 0.0;
        out.push_back(std::move(n));
    }
    return out;
}

template <typename T>
ValueStats value_stats(MatrixView<const T> values) {
    ValueStats s;
    double sum = 0;
    s.min = std::numeric_limits<double>::infinity();
    s.max = -std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < values.rows(); ++r)
        for (T v : values.row(r)) {
            const double x = static_cast<double>(v);
            if (!std::isfinite(x)) {
                ++s.nonfinite;
                continue;
            }
            ++s.count;
            sum += x;
            s.min = std::min(s.min, x);
            s.max = std::max(s.max, x);
        }
    if (s.count == 0) {
        s.min = s.max = 0;
        return s;
    }
    s.mean = sum / static_cast<double>(s.count);
    double sq = 0;  // second pass: no cancellation when the mean is large
    for (std::size_t r = 0; r < values.rows(); ++r)
        for (T v : values.row(r)) {
            const double x = static_cast<double>(v);
            if (std::isfinite(x)) sq += (x - s.mean) * (x - s.mean);
        }
    s.std = std::sqrt(sq / static_cast<double>(s.count));
    return s;
}

template <typename T>
double saturated_fraction(Activation a, double alpha, MatrixView<const T> y, double threshold) {
    if (!is_elementwise(a)) fail("saturated_fraction: ", to_string(a), " is not an element-wise activation");
    if (alpha < 0) alpha = default_alpha(a);
    if (y.empty()) return 0.0;
    const double limit = threshold * max_slope(a, alpha);
    std::vector<T> ones(y.cols(), T(1)), slope(y.cols());
    std::size_t saturated = 0;
    for (std::size_t r = 0; r < y.rows(); ++r) {
        // f'(z) from y, with the library's own derivative: dx = 1 · f'(z).
        activation_backward<T>(a, static_cast<T>(alpha), y.row(r), ones, slope);
        for (T s : slope)
            if (!(std::abs(static_cast<double>(s)) >= limit) || limit == 0) ++saturated;
    }
    return static_cast<double>(saturated) / static_cast<double>(y.size());
}

template <typename T>
std::vector<LayerActivationStats> activation_stats(const BasicSequential<T>& net, double threshold) {
    if (!net.built()) fail("activation_stats: the network needs build() first");
    std::vector<LayerActivationStats> out;
    for (std::size_t i = 0; i < net.size(); ++i) {
        const MatrixView<const T> y = net.activations(i);
        if (y.empty()) fail("activation_stats: layer ", i, " has no output yet (call forward() first)");
        LayerActivationStats s;
        s.layer = i;
        s.description = net.layer(i).describe();
        double alpha = 0;
        s.activation = activation_of(net.layer(i), alpha);
        s.values = value_stats(y);
        s.saturated = is_elementwise(s.activation) ? saturated_fraction(s.activation, alpha, y, threshold)
                                                   : std::numeric_limits<double>::quiet_NaN();
        out.push_back(std::move(s));
    }
    return out;
}

std::size_t Histogram::in_range() const {
    std::size_t n = 0;
    for (std::size_t c : counts) n += c;
    return n;
}

template <typename T>
Histogram histogram(std::span<const T> values, double lo, double hi, std::size_t bins) {
    if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
        fail("histogram: the range must be finite with lo < hi, got [", lo, ", ", hi, "]");
    if (bins == 0) fail("histogram: needs at least one bin");
    Histogram h;
    h.lo = lo;
    h.hi = hi;
    h.counts.assign(bins, 0);
    const double scale = static_cast<double>(bins) / (hi - lo);
    for (T v : values) {
        const double x = static_cast<double>(v);
        if (!std::isfinite(x)) {
            ++h.nonfinite;
        } else if (x < lo) {
            ++h.below;
        } else if (x > hi) {
            ++h.above;
        } else {
            const auto b = static_cast<std::size_t>((x - lo) * scale);
            ++h.counts[std::min(b, bins - 1)];
        }
    }
    return h;
}

template <typename T>
Histogram histogram(MatrixView<const T> values, double lo, double hi, std::size_t bins) {
    Histogram h = histogram(std::span<const T>(), lo, hi, bins);
    for (std::size_t r = 0; r < values.rows(); ++r) {
        const Histogram part = histogram(std::span<const T>(values.row(r)), lo, hi, bins);
        for (std::size_t b = 0; b < bins; ++b) h.counts[b] += part.counts[b];
        h.below += part.below;
        h.above += part.above;
        h.nonfinite += part.nonfinite;
    }
    return h;
}

template <typename T>
std::vector<Histogram> activation_histograms(const BasicSequential<T>& net, double lo, double hi, std::size_t bins) {
    if (!net.built()) fail("activation_histograms: the network needs build() first");
    std::vector<Histogram> out;
    for (std::size_t i = 0; i < net.size(); ++i) out.push_back(histogram(net.activations(i), lo, hi, bins));
    return out;
}

#define NEURITE_DIAGNOSTICS(T)                                                                               \
    template std::vector<LayerGradientNorm> gradient_norms<T>(const BasicSequential<T>&);                    \
    template ValueStats value_stats<T>(MatrixView<const T>);                                                 \
    template double saturated_fraction<T>(Activation, double, MatrixView<const T>, double);                  \
    template std::vector<LayerActivationStats> activation_stats<T>(const BasicSequential<T>&, double);       \
    template Histogram histogram<T>(std::span<const T>, double, double, std::size_t);                        \
    template Histogram histogram<T>(MatrixView<const T>, double, double, std::size_t);                       \
    template std::vector<Histogram> activation_histograms<T>(const BasicSequential<T>&, double, double,      \
                                                             std::size_t);
NEURITE_DIAGNOSTICS(float)
NEURITE_DIAGNOSTICS(double)
#undef NEURITE_DIAGNOSTICS

}  // namespace neurite
