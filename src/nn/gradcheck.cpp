#include "neurite/nn/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "neurite/core/error.hpp"
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
    struct NetCase {
        const char* name;
        Activation hidden;
        Activation output;  // identity, softmax or sigmoid
        Loss loss;
    };
    const NetCase cases[] = {
        {"network 5-6-4 tanh, mse", Activation::tanh, Activation::identity, Loss::mse},
        {"network 5-6-4 relu, softmax + cross-entropy", Activation::relu, Activation::softmax,
         Loss::categorical_cross_entropy},
        {"network 5-6-4 elu, sigmoid + binary cross-entropy", Activation::elu, Activation::sigmoid,
         Loss::binary_cross_entropy},
    };
    for (const auto& c : cases) {
        SequentialD net(in);
        net.dense(6, c.hidden).dense(units);
        if (c.output != Activation::identity) net.activation(c.output);
        net.build();
        net.init(rng);
        MatrixD x(batch, in), target(batch, units);
        fill(x, rng, -2, 2);
        if (c.output == Activation::softmax) {
            one_hot(target, rng);
        } else {
            fill(target, rng, 0, 1);
        }
        const auto r = check_network(net, x.view(), target.view(), c.loss, options);
        rows.push_back({c.name, r.checked, r.max_error});
    }
    return rows;
}

}  // namespace neurite
