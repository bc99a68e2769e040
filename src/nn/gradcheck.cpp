#include "neurite/nn/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/dropout.hpp"

namespace neurite {

double relative_error(double analytic, double numeric, double floor) {
    const double denom = std::max({std::abs(analytic), std::abs(numeric), floor});
    return std::abs(analytic - numeric) / denom;
}

GradCheckResult check_gradient(const std::function<double()>& f, std::span<double> x,
                               std::span<const double> analytic, const GradCheckOptions& options) {
    if (analytic.size() != x.size())
        fail("gradient check: ", x.size(), " coordinates but ", analytic.size(), " analytic values");
    GradCheckResult result;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double saved = x[i];
        x[i] = saved + options.step;
        const double up = f();
        x[i] = saved - options.step;
        const double down = f();
        x[i] = saved;
        const double numeric = (up - down) / (2.0 * options.step);
        const double err = relative_error(analytic[i], numeric, options.floor);
        if (!(err <= result.max_error)) {  // also catches NaN
            result.max_error = std::isnan(err) ? INFINITY : err;
            result.worst_index = i;
            result.analytic_at_worst = analytic[i];
            result.numeric_at_worst = numeric;
        }
        ++result.checked;
    }
    return result;
}

LayerCheck check_layer(Layer<double>& layer, std::size_t input_size, std::size_t batch, Rng& rng, double lo,
                       double hi, const GradCheckOptions& options) {
    const std::size_t out_size = layer.output_size(input_size);
    const std::size_t count = layer.param_count(input_size);
    std::vector<double> params(count), grads(count);
    layer.bind(input_size, params, grads);
    layer.init(rng);

    MatrixD x(batch, input_size), y(batch, out_size), r(batch, out_size), dx(batch, input_size);
    for (auto& v : x.flat()) v = rng.uniform(lo, hi);
    for (auto& v : r.flat()) v = rng.uniform(-1.0, 1.0);

    // L = Σ r ⊙ layer(x), so dL/dy = r.
    const auto loss = [&] {
        layer.forward(x.view(), y.view(), Phase::train);
        double sum = 0.0;
        for (std::size_t i = 0; i < y.size(); ++i) sum += r.flat()[i] * y.flat()[i];
        return sum;
    };
    loss();
    layer.backward(x.view(), y.view(), r.view(), dx.view());
    const std::vector<double> dparams = grads;
    const std::vector<double> dinput(dx.flat().begin(), dx.flat().end());

    LayerCheck result;
    result.input = check_gradient(loss, x.flat(), dinput, options);
    if (count > 0) result.params = check_gradient(loss, params, dparams, options);
    return result;
}

GradCheckResult check_loss(Loss loss, MatrixView<const double> pred, MatrixView<const double> target,
                           const GradCheckOptions& options) {
    MatrixD p(pred), grad(pred.rows(), pred.cols());
    loss_gradient<double>(loss, p.view(), target, grad.view());
    const std::vector<double> analytic(grad.flat().begin(), grad.flat().end());
    return check_gradient([&] { return loss_value<double>(loss, p.view(), target); }, p.flat(), analytic,
                          options);
}

GradCheckResult check_network(SequentialD& net, MatrixView<const double> x, MatrixView<const double> target,
                              Loss loss, const GradCheckOptions& options) {
    net.compute_gradients(x, target, loss);
    const std::vector<double> analytic(net.grads().begin(), net.grads().end());
    return check_gradient([&] { return net.compute_gradients(x, target, loss); }, net.params(), analytic,
                          options);
}

}  // namespace neurite

namespace neurite {
namespace {

constexpr Activation kDifferentiable[] = {Activation::identity, Activation::sigmoid, Activation::tanh,
                                          Activation::relu,     Activation::leaky_relu, Activation::elu};

void fill(MatrixD& m, Rng& rng, double lo, double hi) {
    for (auto& v : m.flat()) v = rng.uniform(lo, hi);
}

void one_hot(MatrixD& m, Rng& rng) {
    m.fill(0.0);
    for (std::size_t r = 0; r < m.rows(); ++r) m(r, rng.below(m.cols())) = 1.0;
}

// Data a loss is defined on: predictions and targets in the loss's domain.
void loss_data(Loss loss, MatrixD& pred, MatrixD& target, Rng& rng) {
    switch (loss) {
        case Loss::mse:
        case Loss::mae:
            fill(pred, rng, -2, 2);
            fill(target, rng, -2, 2);
            break;
        case Loss::mape:
            fill(pred, rng, -2, 2);
            for (auto& v : target.flat()) v = rng.uniform(0.5, 2.0) * (rng.uniform() < 0.5 ? -1 : 1);
            break;
        case Loss::msle:
            fill(pred, rng, 0, 3);
            fill(target, rng, 0, 3);
            break;
        case Loss::binary_cross_entropy:
            fill(pred, rng, 0.05, 0.95);
            fill(target, rng, 0, 1);
            break;
        case Loss::binary_cross_entropy_logits:
            fill(pred, rng, -3, 3);
            fill(target, rng, 0, 1);
            break;
        case Loss::categorical_cross_entropy:
            fill(pred, rng, 0.05, 1.0);
            one_hot(target, rng);
            break;
        case Loss::softmax_cross_entropy:
            fill(pred, rng, -3, 3);
            one_hot(target, rng);
            break;
    }
}

// The whole networks checked: in-hidden-units, an output layer and a loss.
struct NetCase {
    const char* name;
    Activation hidden;
    Activation output;  // identity, softmax or sigmoid
    Loss loss;
};
constexpr NetCase kNetCases[] = {
    {"tanh, mse", Activation::tanh, Activation::identity, Loss::mse},
    {"relu, softmax + cross-entropy", Activation::relu, Activation::softmax, Loss::categorical_cross_entropy},
    {"elu, sigmoid + binary cross-entropy", Activation::elu, Activation::sigmoid, Loss::binary_cross_entropy},
};

template <typename T>
void add_layers(BasicSequential<T>& net, const NetCase& c, std::size_t hidden, std::size_t units) {
    net.dense(hidden, c.hidden).dense(units);
    if (c.output != Activation::identity) net.activation(c.output);
    net.build();
}

// A built, initialized network of a case and a batch for it.
template <typename T>
struct NetData {
    BasicSequential<T> net;
    MatrixD x, target;
    NetData(const NetCase& c, std::size_t in, std::size_t hidden, std::size_t units, std::size_t batch, Rng& rng)
        : net(in), x(batch, in), target(batch, units) {
        add_layers(net, c, hidden, units);
        net.init(rng);
        fill(x, rng, -2, 2);
        if (c.output == Activation::softmax) {
            one_hot(target, rng);
        } else {
            fill(target, rng, 0, 1);
        }
    }
};

Matrix to_float(const MatrixD& m) {
    Matrix out(m.rows(), m.cols());
    std::transform(m.flat().begin(), m.flat().end(), out.flat().begin(), [](double v) { return static_cast<float>(v); });
    return out;
}

void add_layer_rows(std::vector<GradCheckRow>& rows, const std::string& name, const LayerCheck& c) {
    rows.push_back({name + "  d/dx", c.input.checked, c.input.max_error});
    if (c.params.checked > 0) rows.push_back({name + "  d/dθ", c.params.checked, c.params.max_error});
}

}  // namespace

std::vector<GradCheckRow> check_all(std::uint64_t seed, const GradCheckOptions& options) {
    Rng rng(seed);
    std::vector<GradCheckRow> rows;
    constexpr std::size_t in = 5, units = 4, batch = 3;

    for (Activation a : kDifferentiable) {
        Dense<double> dense(units, a);
        add_layer_rows(rows, dense.describe(), check_layer(dense, in, batch, rng, -2, 2, options));
    }
    for (Activation a : kDifferentiable) {
        ActivationLayer<double> layer(a);
        add_layer_rows(rows, layer.describe(), check_layer(layer, in, batch, rng, -2, 2, options));
    }
    {
        ActivationLayer<double> softmax(Activation::softmax);
        add_layer_rows(rows, "softmax", check_layer(softmax, in, batch, rng, -3, 3, options));
        ActivationLayer<double> log_softmax(Activation::log_softmax);
        add_layer_rows(rows, "log_softmax", check_layer(log_softmax, in, batch, rng, -3, 3, options));
        Dropout<double> dropout(0.3, seed);
        dropout.hold_mask(true);
        add_layer_rows(rows, dropout.describe(), check_layer(dropout, in, batch, rng, -2, 2, options));
    }
    for (Loss loss : {Loss::mse, Loss::mae, Loss::mape, Loss::msle, Loss::binary_cross_entropy,
                      Loss::binary_cross_entropy_logits, Loss::categorical_cross_entropy,
                      Loss::softmax_cross_entropy}) {
        MatrixD pred(batch, units), target(batch, units);
        loss_data(loss, pred, target, rng);
        const auto r = check_loss(loss, pred.view(), target.view(), options);
        rows.push_back({"loss " + std::string(to_string(loss)), r.checked, r.max_error});
    }
    // Whole networks, including the fused output + loss paths.
    for (const NetCase& c : kNetCases) {
        NetData<double> d(c, in, 6, units, batch, rng);
        const auto r = check_network(d.net, d.x.view(), d.target.view(), c.loss, options);
        rows.push_back({cat("network ", in, "-6-", units, " ", c.name), r.checked, r.max_error});
    }
    return rows;
}

std::vector<GradCheckRow> check_networks_bf16(std::uint64_t seed) {
    if (!bf16_unsupported_reason().empty() || backend() != Backend::onednn) return {};
    Rng rng(seed);
    std::vector<GradCheckRow> rows;
    constexpr std::size_t in = 24, hidden = 20, units = 5, batch = 16;
    const Precision before = precision();
    for (const NetCase& c : kNetCases) {
        NetData<double> d(c, in, hidden, units, batch, rng);
        // The same network and data in float.
        Sequential net32(in);
        add_layers(net32, c, hidden, units);
        if (net32.params().size() != d.net.params().size()) fail("bf16 gradient check: the float network differs");
        std::transform(d.net.params().begin(), d.net.params().end(), net32.params().begin(),
                       [](double v) { return static_cast<float>(v); });
        const Matrix x = to_float(d.x), target = to_float(d.target);
        set_precision(Precision::bf16);
        net32.compute_gradients(x.view(), target.view(), c.loss);
        set_precision(before);
        const std::vector<double> analytic(net32.grads().begin(), net32.grads().end());
        // The numeric gradient in double, and its scale.
        std::vector<double> numeric(analytic.size());
        const std::span<double> params = d.net.params();
        const double h = 1e-5;
        for (std::size_t i = 0; i < params.size(); ++i) {
            const double keep = params[i];
            params[i] = keep + h;
            const double up = d.net.compute_gradients(d.x.view(), d.target.view(), c.loss);
            params[i] = keep - h;
            const double down = d.net.compute_gradients(d.x.view(), d.target.view(), c.loss);
            params[i] = keep;
            numeric[i] = (up - down) / (2 * h);
        }
        double mean_square = 0.0;
        for (const double n : numeric) mean_square += n * n;
        const double scale = std::sqrt(mean_square / static_cast<double>(numeric.size()));
        double worst = 0.0;
        for (std::size_t i = 0; i < numeric.size(); ++i)
            worst = std::max(worst, relative_error(analytic[i], numeric[i], scale));
        rows.push_back({cat("network ", in, "-", hidden, "-", units, " ", c.name, ", bf16"), numeric.size(), worst});
    }
    return rows;
}

}  // namespace neurite
