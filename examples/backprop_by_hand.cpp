// Back-propagation through the textbook's 2-3-3-2 sigmoid network, built from
// a JSON spec with its weights: forward values, the MSE loss, the gradients
// (checked against central differences) and one gradient-descent step.
//
//   build/examples/backprop_by_hand
#include <cstdio>

#include <neurite/neurite.hpp>

using namespace neurite;

int main() try {
    // One row of incoming weights per unit, as the textbook writes W, W', W''.
    // (Its third hidden unit is printed with the second's weights, a typo; these give its 0.48.)
    SequentialD net = build_network<double>(parse_model_spec(R"({"input": 2, "layers": [
      {"type": "dense", "units": 3, "activation": "sigmoid", "bias": 0,
       "weights": [[-0.43, -0.37], [0.04, 0.40], [0.10, -0.20]]},
      {"type": "dense", "units": 3, "activation": "sigmoid", "bias": 0,
       "weights": [[-0.51, -0.35, 0.26], [-0.34, -0.44, 0.28], [0.55, -0.31, 0.06]]},
      {"type": "dense", "units": 2, "activation": "sigmoid", "bias": 0,
       "weights": [[0.36, -0.30, 0.24], [0.27, 0.35, -0.31]]}]})"));
    const MatrixD x(1, 2, {0.2, 0.5}), t(1, 2, {0.3, 0.8});

    net.forward(x.view());
    for (std::size_t l = 0; l < net.size(); ++l) {
        std::printf("layer %zu:", l + 1);
        for (std::size_t u = 0; u < net.layer_output_size(l); ++u) std::printf(" %.4f", net.activations(l)(0, u));
        std::printf("\n");  // 0.4327 0.5518 0.4800 | 0.4283 0.4365 0.5239 | 0.5372 0.5265
    }
    const double loss = net.compute_gradients(x.view(), t.view(), Loss::mse);
    std::printf("MSE loss %.5f\n", loss);  // 0.06553

    for (std::size_t l = 0; l < net.size(); ++l) {
        auto& dense = dynamic_cast<Dense<double>&>(net.layer(l));
        const auto gw = dense.weight_grads();  // stored input-major: gw(i, u) = dL/dw[u][i]
        std::printf("layer %zu dL/dW:", l + 1);
        for (std::size_t u = 0; u < gw.cols(); ++u)
            for (std::size_t i = 0; i < gw.rows(); ++i) std::printf(" %.6f", gw(i, u));
        std::printf("\n");
    }
    const GradCheckResult check = check_network(net, x.view(), t.view(), Loss::mse);
    std::printf("gradient check: worst relative error %.1e over %zu parameters\n", check.max_error, check.checked);

    net.compute_gradients(x.view(), t.view(), Loss::mse);
    const auto p = net.params();
    const auto g = net.grads();
    for (std::size_t k = 0; k < p.size(); ++k) p[k] -= 0.5 * g[k];  // one step, learning rate 0.5
    const double after = loss_value<double>(Loss::mse, net.forward(x.view()), t.view());
    std::printf("after one step: loss %.5f\n", after);
    return check.max_error < 1e-6 && after < loss ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
