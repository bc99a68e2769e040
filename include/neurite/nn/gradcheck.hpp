// Numerical gradient checking, in double precision.
//
// The analytic gradient of a scalar function is compared with central
// differences, (f(x+h) − f(x−h)) / 2h, coordinate by coordinate. The error
// of one coordinate is
//     |a − n| / max(|a|, |n|, floor)
// where `floor` (1e-3 by default) keeps coordinates whose true gradient is
// zero or tiny from dividing by almost nothing: below it the error is the
// absolute difference scaled by 1/floor. With h = 1e-5 in double precision a
// correct gradient's error is around 1e-9; a wrong one's is far above 1e-6.
// The worst error over all coordinates is reported.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>
#include <cstdint>

#include "neurite/core/rng.hpp"
#include "neurite/nn/layer.hpp"
#include "neurite/nn/loss.hpp"
#include "neurite/nn/sequential.hpp"

namespace neurite {

struct GradCheckOptions {
    double step = 1e-5;   // h
    double floor = 1e-3;  // smallest denominator of the relative error
};

struct GradCheckResult {
    double max_error = 0.0;         // worst relative error
    std::size_t worst_index = 0;    // coordinate where it occurred
    double analytic_at_worst = 0.0;
    double numeric_at_worst = 0.0;
    std::size_t checked = 0;        // coordinates compared
};

// Relative error of one coordinate, as defined above.
double relative_error(double analytic, double numeric, double floor = 1e-6);

// Checks the gradient of f with respect to x (f reads x; x is perturbed in
// place and restored). `analytic` holds df/dx at the unperturbed x.
GradCheckResult check_gradient(const std::function<double()>& f, std::span<double> x,
                               std::span<const double> analytic,
                               const GradCheckOptions& options = {});

// Checks one layer: L = Σ r ⊙ layer(x) for a random r, against dL/dx and
// dL/dparams. The layer must be unbound; it is bound here to buffers of its
// own and initialized from rng. Inputs are drawn from [lo, hi).
struct LayerCheck {
    GradCheckResult input;   // dL/dx
    GradCheckResult params;  // dL/dθ (checked == 0 for parameter-free layers)
};
LayerCheck check_layer(Layer<double>& layer, std::size_t input_size, std::size_t batch, Rng& rng,
                       double lo = -2.0, double hi = 2.0, const GradCheckOptions& options = {});

// Checks a loss's gradient with respect to its predictions on given data.
GradCheckResult check_loss(Loss loss, MatrixView<const double> pred, MatrixView<const double> target,
                           const GradCheckOptions& options = {});

// Checks a whole network's parameter gradients (compute_gradients) on a batch.
GradCheckResult check_network(SequentialD& net, MatrixView<const double> x,
                              MatrixView<const double> target, Loss loss,
                              const GradCheckOptions& options = {});

// One line of the full self-check: a component and its worst error.
struct GradCheckRow {
    std::string component;    // e.g. "dense(4, tanh)  d/dθ" or "loss mse"
    std::size_t checked = 0;  // coordinates compared
    double max_error = 0.0;
};

// Checks every layer kind (dense with each differentiable activation, each
// activation layer, dropout with a held mask), every loss, and small whole
// networks (including the fused softmax/sigmoid + cross-entropy paths), on
// random data drawn from Rng(seed). The step activations (step and
// step_strict) are not included: their derivative is zero almost everywhere.
std::vector<GradCheckRow> check_all(std::uint64_t seed = 1, const GradCheckOptions& options = {});

// The whole networks of check_all (wider, and a batch of 16, which takes the
// matrix-product path), trained in float with bf16 products (Precision::bf16,
// kernels/backend.hpp): their analytic float gradient against central
// differences of the same network in double. bf16 keeps 8 significant bits,
// so each rounded operand is off by up to 2^-9 of itself and each product by
// up to about 2^-8; a gradient is such products summed, passed back through
// a second layer's products, so its error is a few times 2^-8 of the sizes
// of the terms it sums, not of the sum. The error of a coordinate is
// therefore measured against the gradient's scale: |a − n| / max(|a|, |n|,
// s) with s = the root mean square of the numeric gradient, and
// kBf16GradTolerance = 2^-4 allows 16 steps of 2^-8 (a wrong gradient, off by
// a sign or a factor, is off by its own size: error ~1). Empty when bf16
// cannot run here (bf16_unsupported_reason()). Leaves the precision as it was.
inline constexpr double kBf16GradTolerance = 0x1p-4;
std::vector<GradCheckRow> check_networks_bf16(std::uint64_t seed = 1);

}  // namespace neurite
